#!/usr/bin/env bash
# Cells against the time their matrix products predict: for each configuration, the stdlib
# LSTM's training step gives a rate (its product GFLOP per ms, `gemm_gflop` of `rnnc bench`),
# and each cell's products at that rate give its predicted time. Prints measured / predicted
# (1.00: exactly as fast as its products predict). Each configuration runs ROUNDS times
# (default 3), the LSTM and the cells in turn, and the table gives the medians: one process's
# time varies by 5–15% from the next.
# Usage: [ROUNDS=N] [CONFIGS="a b"] [BENCH_ARGS="..."] bench/custom-cells.sh [CELLS...]
#   CELLS: files or stdlib:NAME (default: every cell `rnnc list` lists, the LSTM included)
#   CONFIGS: of a, b, c, e (compare-torch.sh's, without (d), whose softmax head is no recurrent
#     product) and small (X=H=32, T=20, B=8: to check the script quickly); default "a b"
#   BENCH_ARGS: more options for `rnnc bench`, e.g. "--warmup 5 --warmup-seconds 0 --repeat 3"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/rnnc" --version > /dev/null
if [ $# -gt 0 ]; then
  cells=("$@")
else
  mapfile -t cells < <("$root/rnnc" list 2>/dev/null | tail -n +2 | awk '{print $1}')
fi
# The LSTM first, each cell once
runs=(stdlib:lstm)
for cell in "${cells[@]}"; do [ "$cell" = stdlib:lstm ] || runs+=("$cell"); done
# name X H T B
declare -A sizes=([a]="128 128 100 32" [b]="256 256 100 64" [c]="512 512 50 64" [e]="512 512 100 64" [small]="32 32 20 8")
rounds="${ROUNDS:-3}"
source "$root/bench/results.sh"
printf '%-8s %-20s %10s %12s %14s %10s\n' config cell gemm_gflop train_ms predicted_ms ratio
for name in ${CONFIGS:-a b}; do
  read -r X H T B <<< "${sizes[$name]}"
  # shellcheck disable=SC2086 # BENCH_ARGS is a list of options
  bench() { "$root/rnnc" bench --cell "$1" --input "$X" --hidden "$H" --steps "$T" --batch "$B" ${BENCH_ARGS:-} 2>/dev/null; }
  declare -A times=() gflops=()
  for _ in $(seq "$rounds"); do
    for cell in "${runs[@]}"; do
      r=$(bench "$cell")
      times[$cell]+=" $(echo "$r" | field train_ms)"
      gflops[$cell]=$(echo "$r" | field gemm_gflop)
    done
  done
  lstm_ms=$(echo "${times[stdlib:lstm]}" | median); lstm_gflop=${gflops[stdlib:lstm]}
  for cell in "${cells[@]}"; do
    ms=$(echo "${times[$cell]}" | median); gflop=${gflops[$cell]}
    predicted=$(echo "$gflop * $lstm_ms / $lstm_gflop" | bc -l)
    printf '%-8s %-20s %10s %12s %14.2f %10.2f\n' "$name" "$(basename "${cell#stdlib:}" .rnn)" "$gflop" "$ms" \
      "$predicted" "$(echo "$ms / $predicted" | bc -l)"
  done
  unset times gflops
done
