#!/usr/bin/env bash
# Robustness probe, now a special case of the shifted validation: every variant trains WITHOUT the
# whole NORMAL2-IM cohort (a second acquisition batch of normals) and the earliest fifth of the
# pneumonia patients, and reports how it scores them (validation_shifted) at the threshold chosen
# on that set, beside the in-distribution figures.
set -euo pipefail
DATA=${DATA:-.gpu/kermany-train}
EPOCHS=${EPOCHS:-60}
WORK=${WORK:-/tmp/alveo-probe}
mkdir -p "$WORK"
here=$(dirname "$0")
export PYTHONUNBUFFERED=1
run() { name=$1; shift; python3 "$here/train_default.py" --data "$DATA" --out "$WORK/$name" --epochs "$EPOCHS" --shift "NORMAL2-IM,person<0.2" "$@" > "$WORK/$name.log" 2>&1 & }
run p1_base --aug 1.0
run p2_int --aug 1.3 --aug-gamma 0.4 --aug-contrast 0.35 --aug-blur 0.4 --aug-noise 0.4
run p3_acq --aug 1.3 --aug-histeq 0.2 --aug-window 0.3
run p4_mix2 --aug 1.3 --mixup 0.2
wait
python3 "$here/select_best.py" "$WORK"/p*/
