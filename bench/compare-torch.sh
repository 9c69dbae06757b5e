#!/usr/bin/env bash
# Side by side: rnnc's JVM backend and PyTorch on the same machine, in one run, alternating,
# float32, for the benchmark configurations of the README. Prints the ratio of PyTorch's time
# to rnnc's per configuration (above 1: rnnc is faster).
#
# Needs Debian's PyTorch and OpenBLAS as the system BLAS:
#   apt-get install -y python3-torch libopenblas0-pthread
# PyTorch runs with torch.set_num_threads(1) and OpenBLAS's own 2 threads, its best setting on
# a 2-core machine. Each configuration runs ROUNDS times (default 3), rnnc and PyTorch in turn.
# Both sides vary by up to 1.5x from one process to the next (PyTorch's LSTM at (a) took 34 or
# 53 ms), so the table gives each side's median and best training step, and the ratios of both.
# Usage: [ROUNDS=N] bench/compare-torch.sh [CELLS...]   (default: lstm gru rnn_tanh)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cells=("${@:-lstm gru rnn_tanh}")
# name X H T B V (V: one-hot inputs of size V and a softmax cross-entropy head; 0: none)
configs=("a 128 128 100 32 0" "b 256 256 100 64 0" "c 512 512 50 64 0" "d 65 256 100 32 65" "e 512 512 100 64 0")
"$root/rnnc" --version > /dev/null
rounds="${ROUNDS:-3}"
source "$root/bench/results.sh"
ratio() { echo "$1 / $2" | bc -l; }
printf '%-9s %-6s %11s %11s %7s %9s %9s %7s %12s %12s %7s\n' cell config rnnc_train torch_train ratio \
  rnnc_best torch_best ratio rnnc_forward torch_forward ratio
for cell in ${cells[*]}; do
  for c in "${configs[@]}"; do
    read -r name X H T B V <<< "$c"
    rt=""; rf=""; tt=""; tf=""
    for _ in $(seq "$rounds"); do
      r=$("$root/rnnc" bench --cell "stdlib:$cell" --input "$X" --hidden "$H" --steps "$T" --batch "$B" --vocab "$V")
      t=$(/usr/bin/python3 "$root/bench/torch_step.py" "$cell" "$X" "$H" "$T" "$B" "$V")
      rt+=" $(echo "$r" | field train_ms)"; rf+=" $(echo "$r" | field forward_ms)"
      tt+=" $(echo "$t" | field train_ms)"; tf+=" $(echo "$t" | field forward_ms)"
    done
    rb=$(echo "$rt" | best); tb=$(echo "$tt" | best)
    rt=$(echo "$rt" | median); rf=$(echo "$rf" | median); tt=$(echo "$tt" | median); tf=$(echo "$tf" | median)
    printf '%-9s %-6s %11.2f %11.2f %7.2f %9.2f %9.2f %7.2f %12.2f %12.2f %7.2f\n' "$cell" "$name" "$rt" "$tt" \
      "$(ratio "$tt" "$rt")" "$rb" "$tb" "$(ratio "$tb" "$rb")" "$rf" "$tf" "$(ratio "$tf" "$rf")"
  done
done
