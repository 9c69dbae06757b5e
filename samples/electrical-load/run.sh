#!/usr/bin/env bash
# Forecasting a time series as people have it: an hourly electrical load (about 1,000 ± 300 MW,
# daily and weekly cycles, higher when it is cold) beside the temperature, in a CSV file as
# pandas writes one (quoted header, quoted timestamps). The timestamp is the time axis; both
# columns are inputs, standardised; a GRU reads two days and forecasts the next hour's load,
# beside the persistence forecast. The series is generated. Writes the data, the checkpoint,
# its metrics, the loss and forecast plots and a report under $OUT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RNNC="${RNNC:-$root/rnnc}"
JAVA="${JAVA:-java}"
OUT="${OUT:-runs/electrical-load}"
HOURS="${HOURS:-3000}"
EPOCHS="${EPOCHS:-3}"

mkdir -p "$OUT"
"$JAVA" "$here/MakeLoad.java" "$OUT/load.csv" "$HOURS"
"$RNNC" train --cell stdlib:gru --task regress --data "$OUT/load.csv" --columns temp,load --target load \
  --steps 48 --stride 1 --hidden 32 --batch 32 --lr 0.005 --epochs "$EPOCHS" --eval-every 50 --patience 4 \
  --checkpoint "$OUT/load.safetensors" --report "$OUT/report"
