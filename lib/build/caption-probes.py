#!/usr/bin/env python3
"""What a caption model hears in labelled real music
(notebooks/real-music-trials.md, "Neither the bass nor time's direction").

Runs `fse check` on a labelled set as it is, then with one octave of the networks' input held at the corpus's mean
(a copy of the saved model whose per-bin standardiser is given a spread of 1e9 in that octave, so whatever the music
holds there reaches the network as the training average), one run per octave, then on the music played backwards
(ffmpeg's areverse, 16-kHz mono WAVs; the music forwards through the same conversion is run too, so only the
direction differs). It prints, per probe, the pieces named and the windows read right (balanced over the labels, with
the tonal expert and by the networks alone), and where each label's windows go: the share heard as fear.

usage: python3 lib/build/caption-probes.py MODEL.json LABELS.csv AUDIO_DIR
needs: ffmpeg, a Release build (dotnet build -c Release)
"""
import csv, json, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FSE = os.path.join(ROOT, "lib", "FilmScoreEmotion.Cli", "bin", "Release", "net10.0", "fse.dll")
SUMMARY = re.compile(r"^the (model|networks alone): (\d+)/(\d+) pieces named right; .* windows ([0-9.]+), label probability")


def check(model, labels, audio):
    """fse check's figures: {'model'|'networks alone': (right, pieces, windows)} and {label: {class: share}}."""
    run = subprocess.run(["dotnet", FSE, "check", "--labels", labels, "--audio", audio, "--model", model, "--device", "cpu"], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"fse check on {labels} with {model} failed: {run.stderr.strip()}")
    summaries, shares, classes, inside = {}, {}, [], False
    for line in run.stdout.splitlines():
        if m := SUMMARY.match(line):
            summaries[m[1]] = (int(m[2]), int(m[3]), float(m[4]))
        elif line.startswith("Where each label's windows go"):
            inside = True
        elif inside and line.startswith("| label | pieces |"):
            classes = [c.strip() for c in line.strip("|").split("|")[2:]]
        elif inside and line.startswith("| ") and classes and not line.startswith("|---"):
            cells = [c.strip() for c in line.strip("|").split("|")]
            shares[cells[0]] = dict(zip(classes, map(float, cells[2:])))
        elif inside and not line.strip() and shares:
            inside = False
    return summaries, shares


def occluded(model, octave, folder):
    """A copy of the saved model that holds one octave of its input at the training mean; with the number of octaves
    and the octave's lowest frequency."""
    name = os.path.splitext(os.path.basename(model))[0]
    for f in os.listdir(os.path.dirname(os.path.abspath(model))):
        if f.startswith(name + "."):
            shutil.copy(os.path.join(os.path.dirname(os.path.abspath(model)), f), folder)
    path = os.path.join(folder, name + ".json")
    with open(path) as f:
        description = json.load(f)
    spectrogram = json.loads(description["SpectrogramParameters"])
    bins_per_octave = spectrogram["BinsPerOctave"]
    for member in description["Members"]:
        for b in range(octave * bins_per_octave, min((octave + 1) * bins_per_octave, len(member["Std"]))):
            member["Std"][b] = 1e9
    with open(path, "w") as f:
        json.dump(description, f)
    return path, description["Bins"] // bins_per_octave, spectrogram["FMin"] * 2 ** octave


def converted(labels, audio, folder, reverse):
    """The labelled pieces as 16-kHz mono WAVs, backwards or not, and a labels file naming them."""
    with open(labels, newline="") as f:
        rows = list(csv.reader(f))
    out = [rows[0]]
    for i, row in enumerate(rows[1:]):
        wav = f"{i:03d}.wav"
        subprocess.run(["ffmpeg", "-nostdin", "-v", "error", "-y", "-i", os.path.join(audio, row[0]), *(["-af", "areverse"] if reverse else []), "-ac", "1", "-ar", "16000", os.path.join(folder, wav)], check=True)
        out.append([wav, *row[1:]])
    path = os.path.join(folder, "labels.csv")
    with open(path, "w", newline="") as f:
        csv.writer(f).writerows(out)
    return path


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    model, labels, audio = sys.argv[1:]
    print("| probe | pieces | windows, balanced | networks alone: pieces, windows | heard as fear: " + " / ".join(["happiness", "sadness", "fear", "peacefulness"]) + " |")
    print("|---|---|---|---|---|")

    def row(probe, figures):
        summaries, shares = figures
        fused = summaries.get("model") or summaries["networks alone"]
        alone = summaries["networks alone"]
        fear = " / ".join(f"{shares[l]['fear']:.3f}" if l in shares else "-" for l in ["happiness", "sadness", "fear", "peacefulness"])
        print(f"| {probe} | {fused[0]}/{fused[1]} | {fused[2]:.3f} | {alone[0]}/{alone[1]}, {alone[2]:.3f} | {fear} |", flush=True)

    row("as it is", check(model, labels, audio))
    with tempfile.TemporaryDirectory() as scratch:
        octaves = None
        octave = 0
        while octaves is None or octave < octaves:
            folder = os.path.join(scratch, f"octave{octave}")
            os.makedirs(folder)
            path, octaves, low = occluded(model, octave, folder)
            row(f"octave {octave + 1} ({low:.0f}-{2 * low:.0f} Hz) held at the mean", check(path, labels, audio))
            octave += 1
        for reverse in (False, True):
            folder = os.path.join(scratch, "backwards" if reverse else "forwards")
            os.makedirs(folder)
            row("backwards" if reverse else "forwards, through the same conversion", check(model, converted(labels, audio, folder, reverse), folder))


if __name__ == "__main__":
    main()
