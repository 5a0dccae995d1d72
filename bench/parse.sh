#!/bin/sh
# Parse benchmark: a generated script of SIZE_MB megabytes (default 10) parsed without running
# it by dash -n, bash -n and spawnsh (spawnsh -n if it supports it, else bench/parse_driver).
#
#   bench/parse.sh [BUILD_DIR] [SIZE_MB] [RUNS]
#
# Prints the best-of-RUNS user+system CPU time of each parser and the ratios against dash.
# CPU time rather than wall-clock time, so that a busy machine disturbs the figures less.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../build}
size_mb=${2:-10}
runs=${3:-5}
script=${TMPDIR:-/tmp}/spawnsh-parse-bench-$size_mb.sh
[ -s "$script" ] || "$here/gen_script.sh" "$size_mb" > "$script"

spawnsh_cmd=""
if [ -x "$build/app/spawnsh" ] && "$build/app/spawnsh" -n "$script" >/dev/null 2>&1; then
    spawnsh_cmd="$build/app/spawnsh -n"
elif [ -x "$build/bench/parse_driver" ]; then
    spawnsh_cmd="$build/bench/parse_driver"
else
    echo "parse.sh: build spawnsh or the parse_driver target first (in $build)" >&2
    exit 1
fi

# best_cpu_seconds CMD...: the smallest user+sys time over $runs runs
best_cpu_seconds() {
    best=""
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -o "$timing" -f '%U %S' "$@" >/dev/null 2>&1 || true
        t=$(tail -n 1 "$timing" | awk '{ printf "%.2f", $1 + $2 }')
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
        i=$((i + 1))
    done
    echo "$best"
}

timing=$(mktemp)
trap 'rm -f "$timing"' EXIT
bytes=$(wc -c < "$script")
echo "script: $script ($bytes bytes, $(wc -l < "$script") lines), best of $runs runs, CPU seconds"
dash_t=$(best_cpu_seconds dash -n "$script")
echo "dash -n     $dash_t"
if command -v bash >/dev/null; then
    bash_t=$(best_cpu_seconds bash -n "$script")
    echo "bash -n     $bash_t   ($(awk -v a="$bash_t" -v b="$dash_t" 'BEGIN { printf "%.2f", a / b }') x dash)"
fi
# shellcheck disable=SC2086
ours_t=$(best_cpu_seconds $spawnsh_cmd "$script")
echo "spawnsh     $ours_t   ($(awk -v a="$ours_t" -v b="$dash_t" 'BEGIN { printf "%.2f", a / b }') x dash)  [$spawnsh_cmd]"
