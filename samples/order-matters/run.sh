#!/usr/bin/env bash
# Order matters: reviews whose label negation and word order decide, classified by
# a GRU and an LSTM beside a bag of words written as a cell, each over two seeds. The reviews
# are generated. Writes the data, the runs, table.md, the plots and a report under $OUT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RNNC="${RNNC:-$root/rnnc}"
JAVA="${JAVA:-java}"
OUT="${OUT:-runs/order-matters}"
LINES="${LINES:-4000}"
STEPS="${STEPS:-600}"
SEEDS="${SEEDS:-2}"

mkdir -p "$OUT"
"$JAVA" "$here/MakeSentences.java" "$OUT/reviews.tsv" "$LINES"
"$RNNC" compare --task classify --level word --data "$OUT/reviews.tsv" \
  --cells "$here/bag_of_words.rnn" stdlib:gru stdlib:lstm \
  --hidden 32 --batch 32 --lr 0.005 --max-steps "$STEPS" --seeds "$SEEDS" \
  -o "$OUT" --report "$OUT/report"
