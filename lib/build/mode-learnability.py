"""Can a key-invariant harmony network tell major from minor where CNN4 cannot?
(notebooks/real-music-trials.md, "Can CNN4 hear mode at all?")

Reads the dB CQT of each excerpt of a minor/major corpus (`fse features --kind cqt --db --input MANIFEST --output DIR`,
84 bins from C1, 12 per octave), cuts 2-s segments (126 frames) as the paper does, folds each segment into a
12-bin chroma (power summed over octaves, then dB), and trains a small network that is the same in every key: circular
convolutions over the twelve pitch classes, a maximum over the twelve rotations, a linear layer. Both modes of a
composition are held out together (two folds by composition), as in the CNN4 run it is compared with.

    python3 lib/build/mode-learnability.py MANIFEST.csv FEATURES_DIR

SEGMENT_FRAMES (default 126, 2 s) sets the length heard at once; 750 hears a 12-s excerpt whole.

Needs Debian's python3-torch and python3-numpy; the project itself never runs it.
"""
import csv
import os
import sys

import numpy as np
import torch

SEGMENT_FRAMES = int(os.environ.get("SEGMENT_FRAMES", "126"))


def chroma_segments(path):
    db = np.load(path)  # (84, frames)
    power = 10.0 ** (db / 10.0)
    folded = power.reshape(7, 12, -1).sum(axis=0)  # (12, frames)
    out = []
    for s in range(folded.shape[1] // SEGMENT_FRAMES):
        seg = folded[:, s * SEGMENT_FRAMES:(s + 1) * SEGMENT_FRAMES].mean(axis=1)
        seg_db = 10.0 * np.log10(seg + 1e-10)
        out.append(seg_db - seg_db.max())
    return out


class RotationInvariant(torch.nn.Module):
    def __init__(self, filters=16):
        super().__init__()
        self.conv = torch.nn.Conv1d(1, filters, kernel_size=12, padding=0)
        self.out = torch.nn.Linear(filters, 2)

    def forward(self, x):  # (batch, 12)
        circular = torch.cat([x, x[:, :11]], dim=1).unsqueeze(1)  # (batch, 1, 23)
        h = torch.relu(self.conv(circular))  # (batch, filters, 12): one value per rotation
        return self.out(h.max(dim=2).values)


def main(manifest, features):
    rows = list(csv.DictReader(open(manifest)))
    data = []
    for r in rows:
        label = 1 if r["emotion"] == "happiness" else 0
        group = r["soundtrack"] or r["excerptId"]
        for seg in chroma_segments(os.path.join(features, r["excerptId"] + ".npy")):
            data.append((seg, label, group))
    groups = sorted({g for _, _, g in data})
    rng = np.random.default_rng(0)
    order = rng.permutation(len(groups))
    fold_of = {groups[i]: k % 2 for k, i in enumerate(order)}
    accuracies = []
    for fold in range(2):
        train = [(x, y) for x, y, g in data if fold_of[g] != fold]
        test = [(x, y) for x, y, g in data if fold_of[g] == fold]
        xt = torch.tensor(np.array([x for x, _ in train]), dtype=torch.float32) / 20.0
        yt = torch.tensor([y for _, y in train])
        xs = torch.tensor(np.array([x for x, _ in test]), dtype=torch.float32) / 20.0
        ys = torch.tensor([y for _, y in test])
        torch.manual_seed(fold)
        model = RotationInvariant()
        optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
        for _ in range(300):
            optimiser.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(xt), yt)
            loss.backward()
            optimiser.step()
        with torch.no_grad():
            train_acc = (model(xt).argmax(1) == yt).float().mean().item()
            acc = (model(xs).argmax(1) == ys).float().mean().item()
        accuracies.append(acc)
        print(f"fold {fold}: {len(train)} training segments (accuracy {train_acc:.3f}), {len(test)} held out: accuracy {acc:.3f}")
    print(f"held out by composition: {np.mean(accuracies):.3f} +- {np.std(accuracies, ddof=1):.3f} over 2 folds (chance 0.5)")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
