#!/usr/bin/env bash
# Custom cells against the time their matrix products predict: for each configuration, the
# stdlib LSTM's training step gives a rate (its product GFLOP per ms, `gemm_gflop` of
# `rnnc bench`), and each custom cell's products at that rate give its predicted time.
# Prints measured / predicted (1.00: exactly as fast as its products predict). Each
# configuration runs ROUNDS times (default 3), the LSTM and the cells in turn, and the table
# gives the medians: one process's time varies by 5–15% from the next.
# Usage: [ROUNDS=N] bench/custom-cells.sh [CELL FILES...]   (default: samples/cells/peephole_lstm.rnn samples/cells/mut1.rnn)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cells=("${@:-$root/samples/cells/peephole_lstm.rnn $root/samples/cells/mut1.rnn}")
# name X H T B: the configurations of compare-torch.sh without (d), whose softmax head is no recurrent product
configs=("a 128 128 100 32" "b 256 256 100 64" "c 512 512 50 64" "e 512 512 100 64")
"$root/rnnc" --version > /dev/null
rounds="${ROUNDS:-3}"
source "$root/bench/results.sh"
printf '%-8s %-22s %10s %12s %14s %10s\n' config cell gemm_gflop train_ms predicted_ms ratio
for c in "${configs[@]}"; do
  read -r name X H T B <<< "$c"
  bench() { "$root/rnnc" bench --cell "$1" --input "$X" --hidden "$H" --steps "$T" --batch "$B" 2>/dev/null; }
  declare -A times=() gflops=()
  for _ in $(seq "$rounds"); do
    for cell in stdlib:lstm ${cells[*]}; do
      r=$(bench "$cell")
      times[$cell]+=" $(echo "$r" | field train_ms)"
      gflops[$cell]=$(echo "$r" | field gemm_gflop)
    done
  done
  lstm_ms=$(echo "${times[stdlib:lstm]}" | median); lstm_gflop=${gflops[stdlib:lstm]}
  printf '%-8s %-22s %10s %12s %14s %10s\n' "$name" lstm "$lstm_gflop" "$lstm_ms" "" ""
  for cell in ${cells[*]}; do
    ms=$(echo "${times[$cell]}" | median); gflop=${gflops[$cell]}
    predicted=$(echo "$gflop * $lstm_ms / $lstm_gflop" | bc -l)
    printf '%-8s %-22s %10s %12s %14.2f %10.2f\n' "$name" "$(basename "$cell" .rnn)" "$gflop" "$ms" "$predicted" \
      "$(echo "$ms / $predicted" | bc -l)"
  done
  unset times gflops
done
