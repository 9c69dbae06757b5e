# Reading the benchmark scripts' results; sourced by them, not run.
# field NAME: the value of NAME=… in the last line of stdin that has it (`rnnc bench` prints train_ms=… forward_ms=…).
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" | tail -1; }
# median / best: of the space-separated numbers on stdin.
median() { tr ' ' '\n' | grep . | sort -g | awk '{v[NR]=$1} END {print (NR % 2 ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2)}'; }
best() { tr ' ' '\n' | grep . | sort -g | head -1; }
