#!/bin/sh
# The embedded build's size (issue 15): stripped size beside busybox-static and dash, and a
# table by part (bench/size_table.py: spawnsh's modules, libstdc++, glibc, Readline ...).
#   bench/size.sh [BUILD_DIR]     (default build-embedded; configured with the `embedded` preset
#                                  and spawnsh built there when it is missing)
# The build keeps spawnsh.unstripped and spawnsh.map beside the stripped spawnsh
# (cmake/Embedded.cmake); the table is read from those two.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build-embedded}
spawnsh=$build/app/spawnsh
if [ ! -x "$spawnsh" ]; then
  [ -d "$build" ] || (cd "$top" && cmake --preset embedded >/dev/null)
  cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target spawnsh >/dev/null
fi
for f in "$spawnsh.unstripped" "$spawnsh.map"; do
  [ -f "$f" ] || { echo "size: no $f: not an embedded build (cmake --preset embedded)" >&2; exit 2; }
done

bytes() { wc -c < "$1" | tr -d ' '; }
kib() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1024 }'; }
size=$(bytes "$spawnsh")
printf '%-34s %10s %9s  %s\n' file bytes KiB linked
printf '%-34s %10s %9s  %s\n' "spawnsh (embedded, stripped)" "$size" "$(kib "$size")" static
for peer in busybox dash; do
  path=$(command -v "$peer" 2>/dev/null) || continue
  path=$(readlink -f "$path")
  # A program interpreter (ld.so) in the program headers means dynamically linked.
  kind=static
  readelf -l "$path" 2>/dev/null | grep -q 'INTERP' && kind=dynamic
  printf '%-34s %10s %9s  %s\n' "$peer ($path)" "$(bytes "$path")" "$(kib "$(bytes "$path")")" "$kind"
done
editor=$(sed -n 's/^SPAWNSH_LINE_EDITOR:[A-Z]*=//p' "$build/CMakeCache.txt" 2>/dev/null)
readline=no
grep -q 'libreadline\.a(' "$spawnsh.map" && readline=yes
echo "line editor: ${editor:-readline (no SPAWNSH_LINE_EDITOR option in this tree)}; GNU Readline linked: $readline"
goal=1048576
if [ "$size" -le "$goal" ]; then verdict=met; else verdict="not met ($(kib $((size - goal))) KiB over)"; fi
echo "goal: at most 1.0 MiB (1048576 bytes) stripped: $verdict"
echo
python3 "$top/bench/size_table.py" "$spawnsh.map" "$spawnsh.unstripped"
