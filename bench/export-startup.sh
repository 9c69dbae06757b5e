#!/usr/bin/env bash
# Start-up of exported models side by side: the wall time of `java -jar JAR ARGS…` for each jar,
# in alternating runs (ROUNDS rounds, default 7, each jar once a round), their medians, and the
# load average before and after. Each jar runs once first, unmeasured, so that what a first run
# does once (JavaCPP's extraction of the native libraries into its cache) is done.
# Usage: [ROUNDS=N] bench/export-startup.sh "ARGS" JAR...
#   e.g. bench/export-startup.sh "--prompt And --length 1" before.jar after.jar
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/bench/results.sh"
args="$1"; shift
rounds="${ROUNDS:-7}"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
declare -A times
for jar in "$@"; do
  # shellcheck disable=SC2086
  java -jar "$jar" $args > /dev/null
done
for _ in $(seq "$rounds"); do
  for jar in "$@"; do
    start=$(date +%s.%N)
    # shellcheck disable=SC2086
    java -jar "$jar" $args > /dev/null
    times[$jar]+=" $(echo "$(date +%s.%N) - $start" | bc -l)"
  done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-40s %9s %9s %9s %9s\n' jar size_MB median_s min_s max_s
for jar in "$@"; do
  t="${times[$jar]}"
  printf '%-40s %9.1f %9.2f %9.2f %9.2f\n' "$jar" "$(echo "$(stat -c %s "$jar") / 1000000" | bc -l)" \
    "$(echo "$t" | median)" "$(echo "$t" | best)" "$(echo "$t" | tr ' ' '\n' | grep . | sort -g | tail -1)"
done
