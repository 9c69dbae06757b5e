#!/usr/bin/env bash
# Scaling over cores: a training step (forward, backward with upstream gradients, SGD update)
# of rnnc's JVM backend and of PyTorch, float32, LSTM and GRU, at
#   b: X=H=256, T=100, B=64      e: X=H=512, T=100, B=64
#   b256: X=H=256, T=100, B=256  e256: X=H=512, T=100, B=256
# on 1, 2, 4, 8, 16, 32 and 64 threads (those this machine has cores for), each side pinned to
# as many cores with taskset, in one run, rnnc and PyTorch alternating. rnnc runs with
# `--threads N`; PyTorch with torch.set_num_threads(N) and OpenBLAS's N threads ("plain"), and
# with torch.set_num_threads(1) beside OpenBLAS's N threads ("blas", its best setting on 2
# cores); "best" is the faster of the two. Each entry is the median over ROUNDS rounds of each
# run's median of 7 steps, after at least 5 untimed steps and 3 seconds. Ratios are PyTorch's
# time over rnnc's (above 1: rnnc is faster).
#
# Needs Debian's PyTorch and OpenBLAS as the system BLAS:
#   apt-get install -y python3-torch libopenblas0-pthread
# Usage: [ROUNDS=3] [THREADS="1 2"] [CONFIGS="b e b256 e256"] [CELLS="lstm gru"]
#        [TORCH_SETTINGS="plain blas"] [BASELINE=path/to/another/rnnc] [RNNC=path/to/rnnc] bench/scaling.sh
# On a busy machine PyTorch's plain setting oversubscribes the cores (its OpenMP threads and
# OpenBLAS's spin beside each other) and took 17 s a step at (b) on 2 threads: TORCH_SETTINGS=blas
# leaves it out.
# BASELINE adds a column: the same step with another build of rnnc (run without --threads,
# pinned the same way), to compare two versions in one run; RNNC replaces ./rnnc (a copy of a
# build, say, so that the sources can change while the script runs).
# Takes about 35 minutes on 2 cores with the defaults (1 and 2 threads there).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/results.sh"
cores=$(nproc)
default_threads=""
for n in 1 2 4 8 16 32 64; do
  if [ "$n" -le "$cores" ]; then default_threads+=" $n"; fi
done
threads="${THREADS:-$default_threads}"
configs="${CONFIGS:-b e b256 e256}"
cells="${CELLS:-lstm gru}"
rounds="${ROUNDS:-3}"
baseline="${BASELINE:-}"
rnnc="${RNNC:-$root/rnnc}"
torch_settings="${TORCH_SETTINGS:-plain blas}"
for n in $threads; do
  if [ "$n" -gt "$cores" ]; then
    echo "scaling.sh: $n threads asked for, but this machine has $cores cores" >&2
    exit 2
  fi
done
if ! /usr/bin/python3 -c "import torch" 2> /dev/null; then
  echo "scaling.sh: PyTorch is missing (apt-get install -y python3-torch libopenblas0-pthread)" >&2
  exit 4
fi
"$rnnc" --version > /dev/null 2> >(grep -v 'incubator modules' >&2)

sizes() {
  case "$1" in
    b) echo "256 256 100 64" ;;
    e) echo "512 512 100 64" ;;
    b256) echo "256 256 100 256" ;;
    e256) echo "512 512 100 256" ;;
    *) echo "scaling.sh: unknown configuration $1 (b, e, b256, e256)" >&2; exit 2 ;;
  esac
}
# pinned N CMD...: CMD on cores 0..N-1 only, without the JVM's line about its incubating Vector API
pinned() { local n=$1; shift; taskset -c "0-$((n - 1))" "$@" 2> >(grep -v 'incubator modules' >&2); }
steps="--warmup 5 --warmup-seconds 3 --repeat 7"
rnnc_step() { # N cell X H T B
  pinned "$1" "$rnnc" bench --cell "stdlib:$2" --input "$3" --hidden "$4" --steps "$5" --batch "$6" \
    $steps --threads "$1" | field train_ms
}
baseline_step() {
  pinned "$1" "$baseline" bench --cell "stdlib:$2" --input "$3" --hidden "$4" --steps "$5" --batch "$6" $steps | field train_ms
}
torch_step() { # TORCH_THREADS N cell X H T B
  pinned "$2" env TORCH_THREADS="$1" OPENBLAS_NUM_THREADS="$2" OMP_NUM_THREADS="$1" WARMUP=5 WARMUP_SECONDS=3 REPEAT=7 \
    /usr/bin/python3 "$root/bench/torch_step.py" "$3" "$4" "$5" "$6" "$7" | field train_ms
}
ratio() { if [ "$1" = nan ]; then echo nan; else echo "$1 / $2" | bc -l; fi; }

start=$(date +%s)
echo "# $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $cores cores; load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
header="cell config threads rnnc_ms"
[ -n "$baseline" ] && header+=" baseline_ms"
header+=" torch_ms torch_best_ms best_setting torch/rnnc best/rnnc"
echo "$header" | awk '{printf "%-5s %-6s %7s %9s", $1, $2, $3, $4; for (i = 5; i <= NF; i++) printf " %12s", $i; print ""}'
for cell in $cells; do
  for config in $configs; do
    read -r X H T B <<< "$(sizes "$config")"
    for n in $threads; do
      r=""; base=""; tn=""; t1=""
      for _ in $(seq "$rounds"); do
        r+=" $(rnnc_step "$n" "$cell" "$X" "$H" "$T" "$B")"
        if [ -n "$baseline" ]; then base+=" $(baseline_step "$n" "$cell" "$X" "$H" "$T" "$B")"; fi
        # On one thread both settings are the same.
        if [[ " $torch_settings " == *" plain "* || "$n" -eq 1 ]]; then
          tn+=" $(torch_step "$n" "$n" "$cell" "$X" "$H" "$T" "$B")"
        fi
        if [[ " $torch_settings " == *" blas "* && "$n" -gt 1 ]]; then
          t1+=" $(torch_step 1 "$n" "$cell" "$X" "$H" "$T" "$B")"
        fi
      done
      r=$(echo "$r" | median)
      tn=$( [ -n "$tn" ] && echo "$tn" | median || echo nan)
      t1=$( [ -n "$t1" ] && echo "$t1" | median || echo nan)
      tbest=$tn; setting="torch=$n"
      if [ "$tn" = nan ] || { [ "$t1" != nan ] && (( $(echo "$t1 < $tn" | bc -l) )); }; then
        tbest=$t1; setting="torch=1,blas=$n"
      fi
      line=$(printf '%-5s %-6s %7s %9.2f' "$cell" "$config" "$n" "$r")
      if [ -n "$baseline" ]; then line+=$(printf ' %12.2f' "$(echo "$base" | median)"); fi
      line+=$(printf ' %12.2f %12.2f %12s %12.2f %12.2f' "$tn" "$tbest" "$setting" "$(ratio "$tn" "$r")" "$(ratio "$tbest" "$r")")
      echo "$line"
    done
  done
done
echo "# $(( ($(date +%s) - start) / 60 )) minutes; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
