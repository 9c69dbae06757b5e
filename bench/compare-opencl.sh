#!/usr/bin/env bash
# Side by side: rnnc's OpenCL backend (on whatever device `rnnc devices` marks as default: a GPU
# when a vendor driver is installed, else PoCL's CPU device) and its JVM backend, one after the
# other, float32, for the configurations of bench/compare-torch.sh. Prints the JVM backend's time
# divided by the OpenCL backend's (above 1: OpenCL is faster).
# Usage: bench/compare-opencl.sh [--small] [CELLS...]   (default: lstm gru rnn_tanh)
#   --small: configurations at a quarter of the sizes and a tenth of the steps, for a quick look.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
small=false
if [ "${1:-}" = "--small" ]; then
  small=true
  shift
fi
cells=("${@:-lstm gru rnn_tanh}")
# name X H T B V (V: one-hot inputs of size V and a softmax cross-entropy head; 0: none)
configs=("a 128 128 100 32 0" "b 256 256 100 64 0" "c 512 512 50 64 0" "d 65 256 100 32 65" "e 512 512 100 64 0")
if $small; then
  configs=("a 32 32 10 8 0" "b 64 64 10 16 0" "c 128 128 5 16 0" "d 65 64 10 8 65" "e 128 128 10 16 0")
fi
"$root/rnnc" --version > /dev/null
"$root/rnnc" devices 2> /dev/null | grep default
source "$root/bench/results.sh"
printf '%-9s %-6s %12s %12s %8s %14s %14s %8s\n' cell config opencl_train jvm_train ratio opencl_forward jvm_forward ratio
for cell in ${cells[*]}; do
  for c in "${configs[@]}"; do
    read -r name X H T B V <<< "$c"
    args=(bench --cell "stdlib:$cell" --input "$X" --hidden "$H" --steps "$T" --batch "$B" --vocab "$V" --precision f32)
    o=$("$root/rnnc" "${args[@]}" --backend opencl --device 0 2> /dev/null)
    j=$("$root/rnnc" "${args[@]}" --backend jvm)
    ot=$(echo "$o" | field train_ms); of=$(echo "$o" | field forward_ms)
    jt=$(echo "$j" | field train_ms); jf=$(echo "$j" | field forward_ms)
    printf '%-9s %-6s %12s %12s %8.2f %14s %14s %8.2f\n' "$cell" "$name" "$ot" "$jt" \
      "$(echo "$jt / $ot" | bc -l)" "$of" "$jf" "$(echo "$jf / $of" | bc -l)"
  done
done
