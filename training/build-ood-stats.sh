#!/usr/bin/env bash
# Fits models/default/ood.json (the out-of-distribution guardrail's statistics) for a built model:
# pooled layer4 features of its training images through the app's own pipeline, class means and
# a shared covariance, the threshold on held-out validation images. Usage:
#   bash training/build-ood-stats.sh [MODEL_DIR] [VALIDATION_PREDICTIONS_JSON ...]
# Defaults: models/default and tests/fixtures/default-model-pytorch-validation.json (the shipped
# model's validation split). For a new run pass RUN/val_predictions.json RUN/val_shifted_predictions.json:
# every Kermany TRAIN image not listed there is a training image. Resumable (WORK keeps features).
set -euo pipefail
cd "$(dirname "$0")/.."
MODEL=${1:-models/default}
shift || true
VALS=("$@")
[ ${#VALS[@]} -gt 0 ] || VALS=(tests/fixtures/default-model-pytorch-validation.json)
DATA=${DATA:-../shared/data/kermany-224/train}
WORK=${WORK:-/tmp/alveo-ood}
PY=${PYTHON:-python3}
mkdir -p "$WORK"
"$PY" - "$DATA" "$WORK" "${VALS[@]}" <<'PY'
import json, os, sys
data, work, vals = sys.argv[1], sys.argv[2], sys.argv[3:]
val = {d["file"] for v in vals for d in json.load(open(v))}
tr, va = [], []
for c in ("NORMAL", "PNEUMONIA"):
    for f in sorted(os.listdir(f"{data}/{c}")):
        (va if f in val else tr).append(os.path.abspath(f"{data}/{c}/{f}"))
open(f"{work}/train.txt", "w").write("\n".join(tr) + "\n")
open(f"{work}/val.txt", "w").write("\n".join(va) + "\n")
open(f"{work}/all.txt", "w").write("\n".join(va + tr) + "\n")
print(f"{len(tr)} training and {len(va)} validation images", file=sys.stderr)
PY
nice -n 19 node --import tsx training/extract-features.ts --model "$MODEL" --list "$WORK/all.txt" --out "$WORK/features"
"$PY" training/pytorch/ood_stats.py --features "$WORK/features" --train-list "$WORK/train.txt" --val-list "$WORK/val.txt" \
  --model-dir "$MODEL" --out "$MODEL/ood.json"
