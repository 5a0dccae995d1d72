#!/bin/sh
# The emulated backend's cost per child and per MiB of state (issue 13), in CPU time rather than
# wall time, so that a machine shared with other work still gives usable figures: perf stat's
# task-clock and page faults summed over the shell and every process it starts, for N runs of
# `echo x | read y` (one shell-code child each: `( : )` makes none now) minus the same script
# with none, at 0, 1 and 16 MiB of state, under fork and the emulated backend's two channels.
#   bench/emulated_cost.sh BUILD_DIR [N]      (default: 200 iterations; needs perf)
set -eu
build=${1:?usage: bench/emulated_cost.sh BUILD_DIR [N]}
iterations=${2:-200}
spawnsh=$build/app/spawnsh
[ -x "$spawnsh" ] || { echo "no spawnsh at $spawnsh" >&2; exit 2; }
command -v perf >/dev/null || { echo "perf is needed" >&2; exit 2; }

state_script() {  # MiB of state: that many variables of 1 MiB each
  mib=$1
  [ "$mib" -eq 0 ] && return
  printf '%s\n' 'pad=$(head -c 1048575 /dev/zero | tr "\0" a)'
  k=1
  while [ "$k" -lt "$mib" ]; do printf 'v%s=$pad\n' "$k"; k=$((k + 1)); done
}

measure() {  # options script -> "task-clock-ms page-faults"
  options=$1
  # shellcheck disable=SC2086 # the options are words
  perf stat -x, -e task-clock,page-faults "$spawnsh" $options -c "$2" 2>&1 >/dev/null |
    awk -F, '{ printf "%s ", $1 } END { print "" }'
}

printf '%-10s %4s %16s %16s\n' channel MiB 'CPU/child [ms]' 'faults/child'
for variant in fork serialize image; do
  case $variant in
    fork) options=--spawn=fork ;;
    serialize) options='--spawn=emulated --emulated-channel=serialize' ;;
    image) options='--spawn=emulated --emulated-channel=image' ;;
  esac
  for mib in 0 1 16; do
    setup=$(state_script "$mib")
    full=$(measure "$options" "$setup
i=0; while [ \$i -lt $iterations ]; do echo x | read y; i=\$((i+1)); done")
    empty=$(measure "$options" "$setup
i=0; while [ \$i -lt 0 ]; do echo x | read y; i=\$((i+1)); done")
    echo "$full $empty" | awk -v n="$iterations" -v v="$variant" -v m="$mib" \
      '{ printf "%-10s %4s %16.3f %16.0f\n", v, m, ($1 - $3) / n, ($2 - $4) / n }'
  done
done
