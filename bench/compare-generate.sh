#!/usr/bin/env bash
# Text generation side by side: `rnnc bench --generate` and PyTorch (bench/torch_generate.py,
# one step per call under torch.no_grad(), sampling from the softmax) with the same character
# model, batch 1, float32, in one run, alternating. Each hidden size runs ROUNDS times (default
# 3), rnnc and PyTorch in turn; the table gives each side's median tokens per second and the
# ratio (above 1: rnnc is faster). Both sides use one thread: rnnc's BLAS runs single-threaded,
# and PyTorch runs with torch.set_num_threads(1) and OPENBLAS_NUM_THREADS=1, its fastest setting
# on a busy 2-core machine (with OpenBLAS's 2 threads it made 1,695 tokens/s at H=256, with 1
# 4,463: each step's products are too small to share).
# Usage: [ROUNDS=N] [CELL=lstm] [VOCAB=65] [LAYERS=1] bench/compare-generate.sh [HIDDEN...]   (default: 128 256 512)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sizes=("${@:-128 256 512}")
cell="${CELL:-lstm}"; vocab="${VOCAB:-65}"; layers="${LAYERS:-1}"; rounds="${ROUNDS:-3}"
"$root/rnnc" --version > /dev/null
source "$root/bench/results.sh"
printf '%-6s %-6s %6s %5s %14s %14s %7s\n' cell layers vocab H rnnc_tokens_s torch_tokens_s ratio
for h in ${sizes[*]}; do
  r=""; t=""
  for _ in $(seq "$rounds"); do
    r+=" $("$root/rnnc" bench --generate --cell "stdlib:$cell" --vocab "$vocab" --hidden "$h" --layers "$layers" | field tokens_per_s)"
    t+=" $(OPENBLAS_NUM_THREADS=1 /usr/bin/python3 "$root/bench/torch_generate.py" "$cell" "$vocab" "$h" "$layers" | field tokens_per_s)"
  done
  r=$(echo "$r" | median); t=$(echo "$t" | median)
  printf '%-6s %-6s %6d %5d %14.0f %14.0f %7.2f\n' "$cell" "$layers" "$vocab" "$h" "$r" "$t" "$(echo "$r / $t" | bc -l)"
done
