#!/bin/sh
# Writes the link order of spawnsh's start-up code (app/startup.order, issue 16).
#
# A static spawnsh is 3.4 MB of text, and every page fault on it maps its neighbours too (the
# kernel's fault-around, 64 KiB): start-up touched ~300 functions spread over 34 such windows,
# so `spawnsh -c :` had 2.3 MB of text resident. Linked in the order this script writes (lld's
# --symbol-ordering-file, with -ffunction-sections), those functions sit side by side.
#
# usage: bench/startup_order.sh BUILD_DIR > app/startup.order
# Needs valgrind (lackey traces each superblock as it first runs; no chasing into callees, so a
# small function called from a traced block is traced too) and nm. The order is the order
# in which the workloads below first run each function: start-up, then the parser (`spawnsh -n`
# over bench/gen_script.sh's mix of the whole grammar, more than one piece of a script file),
# then what a small script runs (expansions, functions, a pipeline, a command substitution, a
# subshell, a program).
set -eu
build=${1:?usage: startup_order.sh BUILD_DIR}
shell=$build/app/spawnsh
scratch=$(mktemp -d "${TMPDIR:-/tmp}/startup-order.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

cat > "$scratch/script" <<'SCRIPT'
f() { local a=$1; echo "${a%.*}" > /dev/null; return 0; }
i=0
while [ "$i" -lt 3 ]; do i=$((i + 1)); f "x.$i"; done
x=$(echo hi); ( : ); echo x | cat > /dev/null; /bin/true
case $x in h*) : ;; esac
for w in a b; do set -- $w; shift; done
SCRIPT

trace() {
  valgrind --tool=lackey --trace-superblocks=yes --vex-guest-chase=no \
    --log-file="$scratch/log.%p" "$@" > /dev/null 2>&1 || true
}
"$(dirname "$0")/gen_script.sh" 1 |
  awk '/^# block / && bytes > 200000 { exit } { bytes += length($0) + 1; print }' > "$scratch/grammar"
trace "$shell" -c :
trace "$shell" -n "$scratch/grammar"
trace "$shell" "$scratch/script"
# Superblock addresses in the order they first ran, start-up first (each trace file is one
# process; ls -tr keeps the order of the runs).
# shellcheck disable=SC2012
ls -tr "$scratch"/log.* | while read -r log; do grep '^SB ' "$log" | cut -d' ' -f2; done \
  > "$scratch/blocks"
nm -S --defined-only "$shell" | awk 'NF == 4 && $3 ~ /^[tTwW]$/' > "$scratch/symbols"
python3 - "$scratch/symbols" "$scratch/blocks" <<'PY'
import bisect, sys
symbols = []
for line in open(sys.argv[1]):
    start, size, _, name = line.split()
    symbols.append((int(start, 16), int(size, 16), name))
symbols.sort()
starts = [s[0] for s in symbols]
seen = set()
for line in open(sys.argv[2]):
    address = int(line, 16)
    i = bisect.bisect_right(starts, address) - 1
    if i < 0 or address >= symbols[i][0] + max(symbols[i][1], 1):
        continue
    name = symbols[i][2]
    if name not in seen:
        seen.add(name)
        print(name)
PY
