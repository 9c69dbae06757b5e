#!/usr/bin/env bash
# Machine translation (an encoder-decoder): dates written out in words ("the third of
# march nineteen ninety one") into digits ("1991-03-03"). The encoder reads words, the decoder
# writes characters; reported: how many held-out dates it writes exactly. The dates are
# generated. Writes the data, the checkpoint, its metrics and loss plot and a report under
# $OUT, and translates a few dates it never saw.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RNNC="${RNNC:-$root/rnnc}"
JAVA="${JAVA:-java}"
OUT="${OUT:-runs/translation}"
LINES="${LINES:-6000}"
STEPS="${STEPS:-1500}"
HIDDEN="${HIDDEN:-96}"

mkdir -p "$OUT"
"$JAVA" "$here/MakeDates.java" "$OUT/dates.tsv" "$LINES"
"$RNNC" train --cell stdlib:gru --task seq2seq --level word --data "$OUT/dates.tsv" --hidden "$HIDDEN" \
  --batch 32 --lr 0.005 --max-steps "$STEPS" --eval-every $(( STEPS / 5 > 0 ? STEPS / 5 : 1 )) \
  --checkpoint "$OUT/dates.safetensors" --report "$OUT/report"
printf '%s\n' "the first of may twenty twenty five" "december the twenty fourth nineteen ninety nine" \
  "july fourth two thousand and nine" > "$OUT/new.txt"
"$RNNC" predict --checkpoint "$OUT/dates.safetensors" "$OUT/new.txt"
