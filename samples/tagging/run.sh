#!/usr/bin/env bash
# Tagging (named entities): a tag for every word of generated sentences, by a GRU
# reading left to right and by a bidirectional one, which also reads what comes after a name
# ("jordan said ..." against "jordan is a country ..."). Prints the per-tag accuracy of each,
# beside each word's commonest tag. Writes the data, the checkpoints, their metrics and plots
# and a report of the bidirectional tagger under $OUT.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RNNC="${RNNC:-$root/rnnc}"
JAVA="${JAVA:-java}"
OUT="${OUT:-runs/tagging}"
LINES="${LINES:-4000}"
STEPS="${STEPS:-600}"

mkdir -p "$OUT"
"$JAVA" "$here/MakeTagged.java" "$OUT/tagged.tsv" "$LINES"
echo "=== left to right ==="
"$RNNC" train --cell stdlib:gru --task tag --data "$OUT/tagged.tsv" --hidden 32 --batch 32 --lr 0.005 \
  --max-steps "$STEPS" --checkpoint "$OUT/forward.safetensors"
echo "=== both ways ==="
"$RNNC" train --cell stdlib:gru --task tag --bidirectional --data "$OUT/tagged.tsv" --hidden 32 --batch 32 --lr 0.005 \
  --max-steps "$STEPS" --checkpoint "$OUT/bidirectional.safetensors" --report "$OUT/report"
printf '%s\n' "georgia said that hooli opened a shop in austin" "austin is a city that georgia visited last year" \
  > "$OUT/new.txt"
"$RNNC" predict --checkpoint "$OUT/bidirectional.safetensors" "$OUT/new.txt"
