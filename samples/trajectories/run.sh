#!/usr/bin/env bash
# Trajectory prediction (seeds 002-003): a car's positions, one a second, through a grid of
# streets with turns; a GRU forecasts the next five positions from the last half minute. The
# drive is generated. Writes the data, the checkpoint, its metrics and plots (forecast against
# truth for x and y, and the forecast path against the true one) and a report under $OUT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RNNC="${RNNC:-$root/rnnc}"
JAVA="${JAVA:-java}"
OUT="${OUT:-runs/trajectories}"
SECONDS_DRIVEN="${SECONDS_DRIVEN:-4000}"
EPOCHS="${EPOCHS:-12}"

mkdir -p "$OUT"
"$JAVA" "$here/MakePaths.java" "$OUT/drive.csv" "$SECONDS_DRIVEN"
"$RNNC" train --cell stdlib:gru --task regress --data "$OUT/drive.csv" --target x,y --horizon 5 \
  --steps 30 --stride 1 --hidden 64 --batch 32 --lr 0.003 --epochs "$EPOCHS" --eval-every 100 --patience 5 \
  --checkpoint "$OUT/drive.safetensors" --report "$OUT/report"
