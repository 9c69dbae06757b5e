#!/usr/bin/env bash
# Music: a character model of tunes in ABC notation, which then writes new ones.
# The tunes are composed by MakeTunes.java, by rule, for this sample. Writes the tunes, the
# checkpoint, its metrics and loss plot, and a report under $OUT, and prints three new tunes
# (NEW_TUNES of them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
RNNC="${RNNC:-$root/rnnc}"
JAVA="${JAVA:-java}"
OUT="${OUT:-runs/music}"
TUNES="${TUNES:-400}"
STEPS="${STEPS:-1500}"
HIDDEN="${HIDDEN:-128}"
NEW_TUNES="${NEW_TUNES:-3}"

mkdir -p "$OUT"
"$JAVA" "$here/MakeTunes.java" "$OUT/tunes.abc" "$TUNES"
"$RNNC" train --cell stdlib:lstm --task lm --data "$OUT/tunes.abc" --hidden "$HIDDEN" --steps 64 --batch 32 \
  --lr 0.003 --max-steps "$STEPS" --eval-every $(( STEPS / 10 > 0 ? STEPS / 10 : 1 )) --sample 0 \
  --checkpoint "$OUT/tunes.safetensors" --report "$OUT/report"
for seed in $(seq 1 "$NEW_TUNES"); do
  echo "--- a new tune (seed $seed) ---"
  "$RNNC" sample --checkpoint "$OUT/tunes.safetensors" --prompt "X:1
T:" --length 400 --temperature 0.7 --seed "$seed" | awk 'NR > 2 && /^X:/ { exit } { print }'
done
