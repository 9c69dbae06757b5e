#!/usr/bin/env bash
# Side by side: a training step of the gesture sample's model (a CNN on every 24x24 frame, a GRU
# of 64, a softmax over 6 classes; B=32 sequences of T=13 frames) in rnnc on the JVM and in
# PyTorch, on the same machine, in one run, alternating. Prints each side's median and best
# training step over ROUNDS processes (default 3) and the ratio of PyTorch's time to rnnc's
# (above 1: rnnc is faster). rnnc's frame layers compute in float64, its GRU in float32;
# PyTorch computes everything in float32.
# Needs Debian's PyTorch (apt-get install -y python3-torch). Usage: [ROUNDS=N] bench/compare-frames.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/rnnc" --version > /dev/null
jar="$root/bench/target/benchmarks.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root" -path '*/src/main/*' -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -q -B package -DskipTests -pl bench -am > /dev/null)
fi
rounds="${ROUNDS:-3}"
source "$root/bench/results.sh"
rt=""; tt=""
for _ in $(seq "$rounds"); do
  r=$(java --add-modules jdk.incubator.vector -cp "$jar" io.rnnc.bench.FrameStep 2> /dev/null)
  t=$(/usr/bin/python3 "$root/bench/torch_frames_step.py")
  rt+=" $(echo "$r" | field train_ms)"; tt+=" $(echo "$t" | field train_ms)"
done
printf '%-14s %11s %11s %7s %9s %9s %7s\n' model rnnc_train torch_train ratio rnnc_best torch_best ratio
printf '%-14s %11.2f %11.2f %7.2f %9.2f %9.2f %7.2f\n' cnn-gru "$(echo "$rt" | median)" "$(echo "$tt" | median)" \
  "$(echo "$(echo "$tt" | median) / $(echo "$rt" | median)" | bc -l)" "$(echo "$rt" | best)" "$(echo "$tt" | best)" \
  "$(echo "$(echo "$tt" | best) / $(echo "$rt" | best)" | bc -l)"
