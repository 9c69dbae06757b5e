#!/usr/bin/env bash
# A bounded coverage-guided fuzzing session of each of rnnc's Jazzer targets, one after the other.
#   bench/fuzz.sh [DURATION] [TARGET...]     DURATION per target, as Jazzer reads it (default 3m);
#   TARGET: pipeline, safetensors, checkpoint, csv, frames (default: all five).
# Each target runs as its JUnit fuzz test with JAZZER_FUZZ=1. An input that fails is saved by
# Jazzer in the test's inputs directory under src/test/resources (crash-<sha1>), where the normal
# `mvn test` runs it from then on; fix what it finds and commit the input. The corpus Jazzer grows
# stays in each module's .cifuzz-corpus/ (not tracked); the statistics are printed at the end.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
duration="${1:-3m}"
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(pipeline safetensors checkpoint csv frames)
logs="$root/target/fuzz"
mkdir -p "$logs"

declare -A module=([pipeline]=compiler [safetensors]=runtime [checkpoint]=cli [csv]=runtime [frames]=runtime)
declare -A test=([pipeline]=io.rnnc.compiler.PipelineFuzzTest#cellsThatCheckCompile
                 [safetensors]=io.rnnc.runtime.io.SafetensorsFuzzTest#readsOrNamesTheProblem
                 [checkpoint]=io.rnnc.cli.CheckpointFuzzTest#loadsOrNamesTheProblem
                 [csv]=io.rnnc.runtime.data.DataFilesFuzzTest#csvSeriesReadOrNameTheProblem
                 [frames]=io.rnnc.runtime.data.DataFilesFuzzTest#framesReadOrNameTheProblem)

# The pipeline starts from every cell the tests know (the seeds, the stdlib, the papers' cells);
# its inputs directory holds a few of them, so that the normal test run stays short.
seed_pipeline() {
  local corpus="$root/compiler/.cifuzz-corpus/io.rnnc.compiler.PipelineFuzzTest/cellsThatCheckCompile"
  mkdir -p "$corpus"
  local dir f
  for dir in compiler/src/test/resources/seeds compiler/src/test/resources/sources \
             stdlib/src/main/resources/io/rnnc/stdlib samples/cells; do
    for f in "$root/$dir"/*.rnn; do
      cp "$f" "$corpus/$(basename "$dir")-$(basename "$f")"
    done
  done
}

summary=()
for t in "${targets[@]}"; do
  [ -n "${module[$t]:-}" ] || { echo "fuzz.sh: no target $t (pipeline, safetensors, checkpoint, csv, frames)" >&2; exit 2; }
  [ "$t" = pipeline ] && seed_pipeline
  inputs="$(find "$root/${module[$t]}/src/test/resources" -type d -name "$(basename "${test[$t]%%#*}" | sed 's/.*\.//')Inputs")"
  before=$(find "$inputs" -name 'crash-*' 2>/dev/null | wc -l)
  echo "fuzzing $t for $duration (log: $logs/$t.log)"
  start=$(date +%s)
  (cd "$root" && JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" mvn -B -ntp test -pl "${module[$t]}" -am \
      -Dtest="${test[$t]}" -Dsurefire.failIfNoSpecifiedTests=false \
      -DargLine="--add-modules jdk.incubator.vector -Xmx2g" > "$logs/$t.log" 2>&1)
  status=$?
  seconds=$(( $(date +%s) - start ))
  after=$(find "$inputs" -name 'crash-*' 2>/dev/null | wc -l)
  last="$(grep -a -E '^#[0-9]+' "$logs/$t.log" | tail -1)"
  execs="$(sed -E 's/^#([0-9]+).*/\1/' <<< "$last")"
  cov="$(grep -o -E 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+/[0-9a-zA-Z]+' <<< "$last")"
  summary+=("$t: ${execs:-0} executions in ${seconds}s (with the build), ${cov:-no coverage line}, $((after - before)) new failing inputs, mvn status $status")
done
echo
printf '%s\n' "${summary[@]}"
