#!/usr/bin/env bash
# More threads than free cores: a training step (forward, backward, SGD update) of rnnc's JVM
# backend, float32, at (b) X=H=256, T=100, B=64 unless SIZES says otherwise, with --threads N
# for each N of THREADS, on an idle machine ("idle") and beside a busy loop pinned to the last
# core ("busy": a CPU-bound neighbour, as on a shared workstation or a Spark executor with
# several task slots). rnnc runs on every core, unpinned within them. With BASELINE, another
# build runs the same steps in turn, so that two builds are compared on one load.
# Each entry is the median over ROUNDS rounds of each run's median of the timed steps.
#
# Usage: [ROUNDS=3] [THREADS="1 2 3 4 8"] [CELLS="lstm gru"] [NEIGHBOURS="idle busy"]
#        [SIZES="256 256 100 64"] [STEPS="--warmup 3 --warmup-seconds 2 --repeat 5"]
#        [BASELINE=path/to/another/rnnc] [RNNC=path/to/rnnc] bench/oversubscribed.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/results.sh"
cores=$(nproc)
threads="${THREADS:-1 2 3 4 8}"
cells="${CELLS:-lstm gru}"
neighbours="${NEIGHBOURS:-idle busy}"
rounds="${ROUNDS:-3}"
baseline="${BASELINE:-}"
rnnc="${RNNC:-$root/rnnc}"
read -r X H T B <<< "${SIZES:-256 256 100 64}"
steps="${STEPS:---warmup 3 --warmup-seconds 2 --repeat 5}"
"$rnnc" --version > /dev/null 2> >(grep -v 'incubator modules' >&2)

busy_pid=""
stop_neighbour() { if [ -n "$busy_pid" ]; then kill "$busy_pid" 2> /dev/null || true; wait "$busy_pid" 2> /dev/null || true; busy_pid=""; fi; }
trap stop_neighbour EXIT
start_neighbour() { taskset -c "$((cores - 1))" bash -c 'while :; do :; done' & busy_pid=$!; }

step() { # RNNC N cell
  # shellcheck disable=SC2086
  "$1" bench --cell "stdlib:$3" --input "$X" --hidden "$H" --steps "$T" --batch "$B" $steps --threads "$2" \
    2> >(grep -v 'incubator modules' >&2) | field train_ms
}

echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores; X=$X H=$H T=$T B=$B; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
header="cell neighbour threads rnnc_ms"
[ -n "$baseline" ] && header+=" baseline_ms"
echo "$header"
for cell in $cells; do
  for neighbour in $neighbours; do
    [ "$neighbour" = busy ] && start_neighbour
    for n in $threads; do
      r=""; base=""
      for _ in $(seq "$rounds"); do
        r+=" $(step "$rnnc" "$n" "$cell")"
        if [ -n "$baseline" ]; then base+=" $(step "$baseline" "$n" "$cell")"; fi
      done
      line=$(printf '%-5s %-9s %7s %9.2f' "$cell" "$neighbour" "$n" "$(echo "$r" | median)")
      if [ -n "$baseline" ]; then line+=$(printf ' %11.2f' "$(echo "$base" | median)"); fi
      echo "$line   #${r} |${base}"
    done
    stop_neighbour
  done
done
echo "# load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
