#!/bin/sh
# The cost of the `time` reserved word itself (issue 11): a loop of N `time :` with TIMEFORMAT=''
# (nothing printed), beside the same loop without `time`, in spawnsh and in bash (dash, ksh
# and busybox ash have no `time` keyword; mksh has). Prints the median per iteration over
# ROUNDS runs, the cost of `time` (timed loop minus plain loop) per iteration, and the ratio.
#   bench/time_cost.sh BUILD_DIR [N] [ROUNDS]     (default 10000 iterations, 5 rounds)
set -eu
# shellcheck disable=SC2034 # read by common.sh
usage='bench/time_cost.sh BUILD_DIR [N] [ROUNDS]'
# shellcheck source=bench/common.sh
. "$(dirname "$0")/common.sh"
n=${2:-10000}
rounds=${3:-5}
shells="spawnsh=$spawnsh bash=bash"
command -v mksh >/dev/null && shells="$shells mksh=mksh"

timed="TIMEFORMAT=''; i=0; while [ \$i -lt $n ]; do time :; i=\$((i+1)); done"
plain="TIMEFORMAT=''; i=0; while [ \$i -lt $n ]; do :; i=\$((i+1)); done"

measure() {  # shell script -> median nanoseconds of the whole run
  r=0
  while [ $r -lt "$rounds" ]; do
    start=$(now_ns)
    "$1" -c "$2" >/dev/null 2>&1
    end=$(now_ns)
    echo $((end - start))
    r=$((r + 1))
  done | median
}

printf '%-8s %14s %14s %14s\n' shell 'time : (ns)' ': (ns)' 'time cost (ns)'
for spec in $shells; do
  name=${spec%%=*} shell=${spec#*=}
  t=$(measure "$shell" "$timed")
  p=$(measure "$shell" "$plain")
  printf '%-8s %14d %14d %14d\n' "$name" $((t / n)) $((p / n)) $(((t - p) / n))
  eval "cost_$name=$(((t - p) / n)) total_$name=$((t / n))"
done
awk -v a="$total_spawnsh" -v b="$total_bash" -v c="$cost_spawnsh" -v d="$cost_bash" 'BEGIN {
  printf "spawnsh / bash: whole loop %.2f, cost of time %.2f\n", a / b, (d > 0 ? c / d : 0) }'
