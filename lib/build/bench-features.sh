#!/bin/bash
# `fse features` end to end as a user sees it (issue #23): writes N two-second 16-kHz float32 WAVs (noise, each a
# different stretch) into a temporary folder, times `fse features --kind K` on the folder for each kind, and prints
# clips/s with the load average. Start-up is timed as the same command on a folder of one file.
#   lib/build/bench-features.sh [N] [KIND...]            (default 500 cqt mel stft)
#   FSE="dotnet path/to/fse.dll" lib/build/bench-features.sh ...   (default: the Release build of this checkout)
#   TMPDIR=/dev/shm lib/build/bench-features.sh ...        (files on tmpfs: the pipeline without the disk's file system)
# Run it under `nice -n 15` on a shared machine. lib/build/bench-features-librosa.py is the librosa loop beside it.
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
n=${1:-500}
shift || true
kinds=("$@")
[ ${#kinds[@]} -gt 0 ] || kinds=(cqt mel stft)
fse=${FSE:-dotnet $here/lib/FilmScoreEmotion.Cli/bin/Release/net10.0/fse.dll}
work=$(mktemp -d "${TMPDIR:-/tmp}/fse-bench-features.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in" "$work/one"

python3 - "$work/in" "$n" <<'PY'
import random, struct, sys
folder, n = sys.argv[1], int(sys.argv[2])
random.seed(0)
pool = [random.gauss(0.0, 0.1) for _ in range(16000 * 10)]
data = struct.pack(f"<{len(pool)}f", *pool)
rate, length = 16000, 32000
for i in range(n):
    start = (i * 4099) % (len(pool) - length)
    body = data[4 * start : 4 * (start + length)]
    header = b"RIFF" + struct.pack("<I", 36 + len(body)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 3, 1, rate, rate * 4, 4, 32)
    with open(f"{folder}/clip{i:05d}.wav", "wb") as f:
        f.write(header + b"data" + struct.pack("<I", len(body)) + body)
PY
cp "$work/in/clip00000.wav" "$work/one/"

# wall seconds and CPU seconds (user + system, all threads): on a shared machine the CPU figure is the steadier one
seconds() { /usr/bin/time -f '%e %U %S' -o "$work/time" "$@" > /dev/null; read -r wall user sys < "$work/time"; echo "$wall $(echo "$user + $sys" | bc -l)"; }
load() { cut -d' ' -f1-3 /proc/loadavg; }

# Every run writes into a folder of its own and nothing is deleted until the end: ext4 skips inodes freed in the last
# minute when it allocates new ones, reading each from disk, so deleting N files just before a run adds seconds of
# system time that belong to the benchmark, not to `fse features`.
for kind in "${kinds[@]}"; do
    read -r one oneCpu < <(seconds $fse features --kind "$kind" --input "$work/one" --output "$work/one-$kind")
    read -r all allCpu < <(seconds $fse features --kind "$kind" --input "$work/in" --output "$work/out-$kind")
    [ "$(ls "$work/out-$kind" | wc -l)" -eq "$n" ] || { echo "error: $kind wrote $(ls "$work/out-$kind" | wc -l) of $n arrays" >&2; exit 1; }
    printf '{"kind":"%s","files":%d,"seconds":%.2f,"clipsPerSecond":%.0f,"cpuSeconds":%.2f,"clipsPerCpuSecond":%.0f,"oneFileSeconds":%.2f,"oneFileCpuSeconds":%.2f,"clipsPerSecondAfterStartup":%.0f,"loadAverage":"%s"}\n' \
        "$kind" "$n" "$all" "$(echo "$n / $all" | bc -l)" "$allCpu" "$(echo "$n / $allCpu" | bc -l)" "$one" "$oneCpu" \
        "$(echo "($n - 1) / ($all - $one)" | bc -l)" "$(load)"
done
