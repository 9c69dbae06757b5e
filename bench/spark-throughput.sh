#!/usr/bin/env bash
# Training throughput on Spark: sequences per second of the LSTM language model (one-hot
# characters of the genesis sample, H=256, T=100 steps a window, a global batch of 32, float32)
# with 1 and 2 executors (local[N], N partitions), alternating with the same training step on
# one machine without Spark (`rnnc bench`), and the cost of a step that computes almost nothing
# (H=8, a batch of 2): Spark's own per-step overhead.
# Usage: bench/spark-throughput.sh [ROUNDS]   (each round runs every configuration once)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rounds="${1:-2}"
out="$(mktemp -d)"
run() { # NAME EXECUTORS ARGS...
  local name="$1" n="$2"
  shift 2
  SPARK_LOCAL_IP=127.0.0.1 "$root/rnnc" train --spark "local[$n]" --partitions "$n" --cell stdlib:lstm \
    --data "$root/samples/data/genesis.txt" --checkpoint "$out/$name.safetensors" "$@" 2>/dev/null |
    grep '^step' | tail -1 | sed "s/^/$name: /"
}
for r in $(seq "$rounds"); do
  "$root/rnnc" bench --cell stdlib:lstm --vocab 59 --hidden 256 --batch 32 --steps 100 2>/dev/null |
    grep -i 'train' | head -1 | sed 's/^/one machine, rnnc bench: /'
  for n in 1 2; do
    # 48 steps, the rate of the last 4 (each executor's JIT compiles its kernels in the first 25 or so).
    run "lstm-h256-b32-t100 executors=$n" "$n" --hidden 256 --batch 32 --steps 100 --max-steps 48
  done
  run "overhead-h8-b2-t10 executors=2" 2 --hidden 8 --batch 2 --steps 10 --max-steps 40
done
rm -rf "$out"
