#!/usr/bin/env bash
# Every figure of the GPU issue, taken side by side on one machine in one command (README "GPU"):
#
#   bash lib/build/gpu-measure.sh FSE OUT [quick|paper]
#
# FSE is the fse to measure (on the GPU machine: dist/gpu-bundle/fse, built here by lib/build/bundle.sh); OUT gets
# measure.jsonl (one JSON line per figure) and the logs. The last argument adds the bf16-against-fp32 accuracy runs
# (quick) or, besides, the paper profile into results/ (paper; resumable: run it again to go on where a call stopped).
# FSE_MEASURE_DEVICE (default cuda), FSE_MEASURE_SAMPLES (training samples per network, default 3904) and
# FSE_MEASURE_SECONDS (seconds each PyTorch reference is timed, default 4) make a small dry run on a CPU possible
# (checked here with FSE_MEASURE_SAMPLES=256: the wiring works, but bf16 on a CPU without bf16 units takes minutes a step).
set -euo pipefail

fse="$(realpath "$1")"
out="$(realpath -m "$2")"
extent="${3:-}"
device="${FSE_MEASURE_DEVICE:-cuda}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-python3}"
mkdir -p "$out"
jsonl="$out/measure.jsonl"
: > "$jsonl"

record() { tee -a "$jsonl"; }
# wall seconds of a command, as a JSON line named $1
timed() {
  local name="$1"; shift
  local start ms
  start=$(date +%s%N)
  "$@" >> "$out/$name.log" 2>&1
  ms=$(( ($(date +%s%N) - start) / 1000000 ))
  printf '{"name":"%s","value":%d.%03d,"unit":"s"}\n' "$name" $((ms / 1000)) $((ms % 1000)) | record
}

cd "$root"
# start-up: a fresh unpack of the bundle (when FSE is one), CUDA initialisation and a first training batch
FSE_BUNDLE_DIR="$(mktemp -d)" timed start_unpack_cuda_first_batch \
  "$fse" bench train --models basic --samples 64 --epochs 1 --device "$device"
"$fse" info --device "$device" > "$out/info.txt" 2>&1

samples="${FSE_MEASURE_SAMPLES:-3904}"
export FSE_MEASURE_SAMPLES="$samples"
for round in 1 2; do
  for batch in 32 256; do
    "$fse" bench train --models basic --batch "$batch" --samples "$samples" --precision tf32 --device "$device" | record
    "$python" "$here/gpu_reference.py" train "$device" "$batch" tf32 | record
  done
done
for precision in fp32 bf16; do
  "$fse" bench train --models basic --batch 256 --samples "$samples" --precision "$precision" --device "$device" | record
  "$python" "$here/gpu_reference.py" train "$device" 256 "$precision" | record
done
for parallel in 1 8; do
  "$fse" bench train --models basic --batch 32 --samples "$samples" --parallel "$parallel" --device "$device" | record
done
"$fse" bench spectra --batch 256 --device "$device" | record
for batch in 256 1024; do
  "$python" "$here/gpu_reference.py" mel "$device" "$batch" | record || echo "{\"name\":\"torchaudio_mel_clips_per_s\",\"batch\":$batch,\"error\":\"gpu_reference.py mel failed: see its message above\"}" | record
done

if [ -n "$extent" ]; then
  # the corpus and its features, then BasicCnn and CNN4 on CQT in fp32 and bf16 on the same folds
  "$fse" reproduce --profile converged --only 01 --device "$device" > "$out/corpus.log" 2>&1
  for model in basic cnn4; do
    for precision in fp32 bf16; do
      "$fse" train --corpus data/synthetic/manifest.csv --model "$model" --features cqt --protocol grouped-kfold --folds 10 \
        --epochs 30 --no-model --device "$device" --precision "$precision" --parallel 8 --output "$out/accuracy-$precision" \
        > "$out/accuracy-$model-$precision.txt" 2> "$out/accuracy-$model-$precision.log"
      sed -n '1s/.*/{"name":"accuracy","precision":"'"$precision"'","line":"&"}/p' "$out/accuracy-$model-$precision.txt" | record
    done
  done
fi
if [ "$extent" = paper ]; then
  timed reproduce_paper_profile "$fse" reproduce --profile paper --device "$device" --parallel 8
fi
echo "wrote $jsonl"
