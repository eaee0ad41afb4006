#!/usr/bin/env python3
"""Per-emotion spectral profile of 2-s windows, a corpus beside the real-music check
(notebooks/real-music-trials.md, "What separates the corpus's classes and not the real ones").

Cuts every excerpt of a corpus manifest and every labelled real piece into consecutive 2-s windows at 16 kHz mono
(sox), takes their dB CQT with `fse features --kind cqt --db` (each window referenced to its own maximum, as the
caption model sees it), and prints, per emotion, the mean dB of each octave from 33 Hz and two texture figures:
the share of time-frequency cells above -50 dB and the spread in dB of the frames' loudness.

usage: python3 lib/build/octave-profiles.py MANIFEST.csv [LABELS.csv MUSIC_FOLDER]
needs: sox, python3-numpy, a Release build (dotnet build -c Release)
"""
import csv, os, subprocess, sys, tempfile, wave
import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FSE = os.path.join(ROOT, "lib", "FilmScoreEmotion.Cli", "bin", "Release", "net10.0", "fse.dll")
EMOTIONS = ["happiness", "sadness", "fear", "peacefulness"]


def windows(items, folder):
    """items: (name, emotion, audio path); returns {emotion: [dB CQT windows of 126 frames]}."""
    clips, feats = os.path.join(folder, "clips"), os.path.join(folder, "feats")
    os.makedirs(clips)
    for name, emotion, path in items:
        out = os.path.join(clips, f"{emotion}__{name}_.wav")
        subprocess.run(["sox", "-V1", "-G", path, "-r", "16000", "-c", "1", out, "trim", "0", "2", ":", "newfile", ":", "restart"], check=True)
    for f in os.listdir(clips):  # the tail of each file, shorter than a window
        with wave.open(os.path.join(clips, f)) as w:
            short = w.getnframes() < 2 * 16000
        if short:
            os.remove(os.path.join(clips, f))
    subprocess.run(["dotnet", FSE, "features", "--kind", "cqt", "--db", "--input", clips, "--output", feats, "--device", "cpu"], check=True, stdout=subprocess.DEVNULL)
    by = {e: [] for e in EMOTIONS}
    for f in sorted(os.listdir(feats)):
        a = np.load(os.path.join(feats, f))
        by[f.split("__")[0]].append(a[:, :126])
    return by


def profile(ws):
    a = np.stack(ws)  # (windows, bins, frames)
    frame_db = 20 * np.log10((10 ** (a / 20)).mean(1) + 1e-5)  # (windows, frames)
    octaves = [a[:, i * 12:(i + 1) * 12].mean() for i in range(7)]
    return octaves + [(a > -50).mean(), frame_db.std(1).mean(), len(ws)]


def main():
    if len(sys.argv) not in (2, 4):
        sys.exit(__doc__)
    manifest = sys.argv[1]
    base = os.path.dirname(os.path.abspath(manifest))
    columns = [f"{int(33 * 2 ** i)}-{int(33 * 2 ** (i + 1))} Hz" for i in range(7)] + ["cells > -50 dB", "loudness spread dB", "windows"]
    tables = []
    with tempfile.TemporaryDirectory() as tmp:
        rows = list(csv.DictReader(open(manifest)))
        tables.append(("corpus", windows([(r["excerptId"], r["emotion"], os.path.join(base, r["path"])) for r in rows], os.path.join(tmp, "corpus"))))
        if len(sys.argv) == 4:
            labels = list(csv.DictReader(open(sys.argv[2])))
            tables.append(("real", windows([(r["file"].rsplit(".", 1)[0], r["emotion"], os.path.join(sys.argv[3], r["file"])) for r in labels], os.path.join(tmp, "real"))))
    print("| set | emotion | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 2) + "|")
    for name, by in tables:
        for e in EMOTIONS:
            if by[e]:
                p = profile(by[e])
                print(f"| {name} | {e} | " + " | ".join(f"{v:.1f}" for v in p[:7]) + f" | {p[7]:.2f} | {p[8]:.1f} | {p[9]} |")


if __name__ == "__main__":
    main()
