#!/usr/bin/env bash
# Trains the default-model variants side by side on one GPU, picks the best on validation and
# copies its outputs to $OUT (the safetensors split into <16 MB parts: `cat part.* > resnet18.safetensors`).
# Usage: DATA=path/to/kermany-224/train EPOCHS=50 bash training/pytorch/gpu_run.sh
set -euo pipefail
DATA=${DATA:-.gpu/kermany-train}
EPOCHS=${EPOCHS:-100}
OUT=${OUT:-runs/out}
WORK=${WORK:-/tmp/alveo-runs}
mkdir -p "$WORK" "$OUT"
here=$(dirname "$0")
export PYTHONUNBUFFERED=1
python3 "$here/train_default.py" --data "$DATA" --out "$WORK/a224" --size 224 --epochs "$EPOCHS" --aug 1.0 > "$WORK/a224.log" 2>&1 &
python3 "$here/train_default.py" --data "$DATA" --out "$WORK/b224" --size 224 --epochs "$EPOCHS" --aug 1.3 --mixup 0.2 > "$WORK/b224.log" 2>&1 &
python3 "$here/train_default.py" --data "$DATA" --out "$WORK/c160" --size 160 --epochs "$EPOCHS" --aug 1.0 > "$WORK/c160.log" 2>&1 &
python3 "$here/train_default.py" --data "$DATA" --out "$WORK/d224" --size 224 --epochs "$EPOCHS" --aug 1.5 --wd 0.1 --mixup 0.4 > "$WORK/d224.log" 2>&1 &
wait
tail -n 3 "$WORK"/*.log
python3 "$here/select_best.py" "$WORK/a224" "$WORK/b224" "$WORK/c160" "$WORK/d224" | tee "$OUT/selection.txt"
best=$(grep '^BEST' "$OUT/selection.txt" | cut -d' ' -f2)
cp "$best/result.json" "$best/parity.json" "$best/val_predictions.json" "$OUT/"
split -b 15000000 -d "$best/resnet18.safetensors" "$OUT/resnet18.safetensors.part"
for v in a224 b224 c160 d224; do python3 -c "import json,sys; r=json.load(open('$WORK/$v/result.json')); r.pop('history',None); print(json.dumps({'$v': r}))"; done > "$OUT/variants.jsonl"
