#!/usr/bin/env bash
# Vanishing gradients (seeds 001-003): the adding problem at T = 10, 50, 100 and 200, on which
# the plain tanh and ReLU RNNs, the IRNN (identity initialisation), the GRU, the LSTM and a
# cell of this project's own (an input-gated GRU) are compared over two seeds each.
# Writes the data (generated), the runs, table.md (test MSE per cell and length against always
# answering the mean, 1/6), the plots and a report under $OUT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RNNC="${RNNC:-$root/rnnc}"
JAVA="${JAVA:-java}"
OUT="${OUT:-runs/vanishing-gradients}"
LENGTHS="${LENGTHS:-10 50 100 200}"
LINES="${LINES:-3000}"
STEPS="${STEPS:-800}"
SEEDS="${SEEDS:-2}"
HIDDEN="${HIDDEN:-32}"

"$JAVA" "$here/MakeAdding.java" "$OUT/data" "$LINES" $LENGTHS
data=()
for t in $LENGTHS; do
  data+=("$OUT/data/adding$t.tsv")
done
"$RNNC" compare --task value --data "${data[@]}" \
  --cells stdlib:rnn_tanh stdlib:rnn_relu stdlib:irnn stdlib:gru stdlib:lstm \
          "$root/samples/cells/input_gated_gru.rnn" \
  --hidden "$HIDDEN" --batch 32 --optimizer adam --lr 0.01 --max-steps "$STEPS" --seeds "$SEEDS" \
  --eval-every $(( STEPS / 8 > 0 ? STEPS / 8 : 1 )) --target-loss 0.1 \
  -o "$OUT" --report "$OUT/report"
