#!/usr/bin/env python3
"""The librosa loop beside lib/build/bench-features.sh (issue #23): the same N two-second 16-kHz float32 WAVs, each
loaded, transformed and saved as .npy one after the other, as a Python user would, timed from the first load to the
last save; prints clips/s in the same JSON shape. Needs numpy and librosa 0.10+ (not installable on the machine the
issue was measured on: no PyPI there, so this script has not been run beside fse there).

    python3 lib/build/bench-features-librosa.py [N] [KIND...]     (default 500 cqt mel stft)
"""
import json
import os
import sys
import tempfile
import time

import librosa
import numpy as np


def write_clips(folder, n):
    rng = np.random.default_rng(0)
    pool = rng.normal(0.0, 0.1, 16000 * 10).astype("<f4")
    for i in range(n):
        start = (i * 4099) % (len(pool) - 32000)
        body = pool[start:start + 32000].tobytes()
        header = (b"RIFF" + (36 + len(body)).to_bytes(4, "little") + b"WAVEfmt " + (16).to_bytes(4, "little")
                  + (3).to_bytes(2, "little") + (1).to_bytes(2, "little") + (16000).to_bytes(4, "little")
                  + (64000).to_bytes(4, "little") + (4).to_bytes(2, "little") + (32).to_bytes(2, "little"))
        with open(os.path.join(folder, f"clip{i:05d}.wav"), "wb") as f:
            f.write(header + b"data" + len(body).to_bytes(4, "little") + body)


# fse's defaults: 16 kHz, n_fft 512, hop 256, Hann, centred with zeros; CQT 84 bins, 12 per octave
TRANSFORMS = {
    "stft": lambda y: np.abs(librosa.stft(y, n_fft=512, hop_length=256, pad_mode="constant")),
    "mel": lambda y: librosa.feature.melspectrogram(y=y, sr=16000, n_fft=512, hop_length=256, pad_mode="constant"),
    "cqt": lambda y: np.abs(librosa.cqt(y, sr=16000, hop_length=256, n_bins=84, bins_per_octave=12, res_type="polyphase")),
}


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    kinds = sys.argv[2:] or ["cqt", "mel", "stft"]
    with tempfile.TemporaryDirectory(prefix="librosa-bench-features.") as work:
        source, target = os.path.join(work, "in"), os.path.join(work, "out")
        os.makedirs(source)
        os.makedirs(target)
        write_clips(source, n)
        files = sorted(os.listdir(source))
        for kind in kinds:
            transform = TRANSFORMS[kind]
            transform(np.zeros(32000, dtype=np.float32))  # filter bases built before the clock starts
            began = time.perf_counter()
            for name in files:
                y, _ = librosa.load(os.path.join(source, name), sr=16000, mono=True)
                np.save(os.path.join(target, name[:-4] + ".npy"), transform(y).astype(np.float32))
            seconds = time.perf_counter() - began
            load = " ".join(open("/proc/loadavg").read().split()[:3]) if os.path.exists("/proc/loadavg") else ""
            print(json.dumps({"kind": kind, "files": n, "seconds": round(seconds, 2),
                              "clipsPerSecond": round(n / seconds), "librosa": librosa.__version__, "loadAverage": load}))


if __name__ == "__main__":
    main()
