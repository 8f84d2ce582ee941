#!/usr/bin/env bash
# Turns a PyTorch run (training/pytorch/train_default.py or gpu_run.sh output) into models/default:
# card fields from the validation predictions, weights imported by the app's own importer
# (float16, sharded), PyTorch's parity probabilities kept for the test. Run
# training/pytorch/tta_predictions.py RUN first to serve the model with test-time views. Usage:
#   bash training/build-default-model.sh RUN_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
RUN=${1:?usage: build-default-model.sh RUN_DIR}
fields=$(mktemp --suffix=.json)
node --import tsx training/build-default-card.ts "$RUN" > "$fields"
node bin/alveo.mjs import-weights "$RUN/resnet18.safetensors" --id default --card "$fields" \
  --out models/default --quantize float16 --overwrite
cp "$RUN/parity.json" models/default/parity.json
# The model's validation images with PyTorch's probabilities: the parity test on real images, the
# OOD test's held-out images and the simulated site (tests/engine/training/support) read them.
"${PYTHON:-python3}" - "$RUN" > tests/fixtures/default-model-pytorch-validation.json.tmp <<'PY'
import json, sys
from pathlib import Path
run = Path(sys.argv[1])
rows = [d for f in ("val_predictions.json", "val_shifted_predictions.json") if (run / f).exists() for d in json.loads((run / f).read_text())]
rows.sort(key=lambda d: (d["label"], d["file"]))
# With test-time augmentation (tta_predictions.py): PyTorch's averaged probability beside the one-view one.
tta = {d["file"]: d["probability"] for f in ("val_predictions_tta.json", "val_shifted_predictions_tta.json") if (run / f).exists() for d in json.loads((run / f).read_text())}
print(json.dumps([{"file": d["file"], "label": d["label"], "probability": d["probability"], **({"probabilityTta": tta[d["file"]]} if d["file"] in tta else {})} for d in rows]))
PY
mv tests/fixtures/default-model-pytorch-validation.json.tmp tests/fixtures/default-model-pytorch-validation.json
# The OOD guardrail's statistics belong to these weights: refit them on this run's training images
# (everything not in its validation files). OOD=0 skips it (the engine then ignores a stale ood.json:
# its fc-head fingerprint no longer matches).
if [ "${OOD:-1}" != 0 ]; then
  vals=("$RUN/val_predictions.json")
  [ -f "$RUN/val_shifted_predictions.json" ] && vals+=("$RUN/val_shifted_predictions.json")
  bash training/build-ood-stats.sh models/default "${vals[@]}"
fi
# The images it was fitted on, by content key and Kermany file name, its validation split by the
# card's --shift rule: an evaluation on them says it is in-sample.
node --import tsx training/default-fitted-images.ts "${KERMANY_TRAIN:-../shared/data/kermany-224/train}" > models/default/fitted-images.json
node --import tsx training/render-model-card.ts models/default > models/default/README.md
rm -f "$fields"
echo "models/default rebuilt from $RUN"
