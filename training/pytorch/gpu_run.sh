#!/usr/bin/env bash
# Trains default-model variants side by side on one GPU, picks the best on the SHIFTED validation
# (select_best.py) and puts its outputs in $OUT: run-files.tgz (result, predictions, parity, selection,
# variants) and the safetensors split into <16 MB parts (`cat part* > resnet18.safetensors`). Variants: the shipped recipe, the intensity/acquisition
# augmentation, the same with histogram equalisation and random windows, and 288 px input.
# Each variant reports test-time augmentation beside its plain figures (--tta).
# Usage: DATA=path/to/kermany-224/train EPOCHS=60 bash training/pytorch/gpu_run.sh
# A distilled student comes second: TEACHERS=dir1,dir2,... bash training/pytorch/gpu_run.sh distil
set -euo pipefail
DATA=${DATA:-.gpu/kermany-train}
EPOCHS=${EPOCHS:-60}
OUT=${OUT:-runs/out}
WORK=${WORK:-/tmp/alveo-runs}
mkdir -p "$WORK" "$OUT"
here=$(dirname "$0")
export PYTHONUNBUFFERED=1
# EXTRA: options appended to every variant (a CPU smoke test: EXTRA="--size 64 --limit 200 ...").
run() { name=$1; shift; python3 "$here/train_default.py" --data "$DATA" --out "$WORK/$name" --epochs "$EPOCHS" --tta --resume "$@" ${EXTRA:-} > "$WORK/$name.log" 2>&1 & }
if [ "${1:-}" = distil ]; then
  run s_distil --aug 1.3 --aug-histeq 0.2 --aug-window 0.3 --teachers "${TEACHERS:?TEACHERS=run1,run2,...}" --distill-weight 0.5
  variants=(s_distil)
else
  run a_base --aug 1.0
  run b_int --aug 1.3 --aug-gamma 0.4 --aug-contrast 0.35 --aug-blur 0.4 --aug-noise 0.4
  run c_acq --aug 1.3 --aug-gamma 0.4 --aug-contrast 0.35 --aug-blur 0.4 --aug-noise 0.4 --aug-histeq 0.2 --aug-window 0.3
  run d_288 --size 288 --aug 1.3 --aug-histeq 0.2 --aug-window 0.3
  variants=(a_base b_int c_acq d_288)
fi
wait
for v in "${variants[@]}"; do tail -n 2 "$WORK/$v.log"; done
small="$WORK/small"
mkdir -p "$small"
python3 "$here/select_best.py" "${variants[@]/#/$WORK/}" | tee "$small/selection.txt"
best=$(grep '^BEST' "$small/selection.txt" | cut -d' ' -f2)
cp "$best/result.json" "$best/parity.json" "$best/val_predictions.json" "$small/"
[ -f "$best/val_shifted_predictions.json" ] && cp "$best/val_shifted_predictions.json" "$small/"
for v in "${variants[@]}"; do python3 -c "import json; r=json.load(open('$WORK/$v/result.json')); r.pop('history',None); print(json.dumps({'$v': r}))"; done > "$small/variants.jsonl"
# The device tool returns at most 8 files of 16 MiB: one archive of the small files + 3 weight parts.
tar -czf "$OUT/run-files.tgz" -C "$small" .
split -b 15000000 -d "$best/resnet18.safetensors" "$OUT/resnet18.safetensors.part"
