#!/bin/sh
# Soak (issue 17): one long-lived spawnsh per backend makes 100,000 program spawns, then 10,000
# pipelines, 10,000 command substitutions and 10,000 background jobs, and reports its open fds,
# zombie children and resident memory before and after each phase. Flat figures are the goal: a
# leaked fd, an unreaped child or a growing job table shows up as a rising column.
#
#   bench/soak.sh BUILD_DIR [BACKENDS]  BACKENDS default: "fork vfork clone posix_spawn emulated"
#   SOAK_SCALE=100 bench/soak.sh build        every count divided by 100 (a quick try)
#
# Not a CTest test: it takes many minutes and its RSS figures depend on the machine.
set -eu
build=${1:?usage: bench/soak.sh BUILD_DIR [BACKENDS]}
backends=${2:-fork vfork clone posix_spawn emulated}
scale=${SOAK_SCALE:-1}
spawnsh=$build/app/spawnsh
[ -x "$spawnsh" ] || { echo "soak: no $spawnsh" >&2; exit 2; }

spawns=$((100000 / scale))
others=$((10000 / scale))
slice=$(( spawns / 10 > 0 ? spawns / 10 : 1 ))
bg_slice=$(( others / 5 > 0 ? others / 5 : 1 ))

# Runs inside spawnsh. Figures of the shell itself ($$): fds from /proc, zombies among its
# children from /proc/*/stat (read by the shell, so no extra child skews the count), VmRSS.
soak_script='
report() {
  label=$1 fds=0
  for f in /proc/$$/fd/*; do fds=$((fds + 1)); done
  zombies=0 children=0
  for s in /proc/[0-9]*/stat; do
    read -r st 2>/dev/null <"$s" || continue
    rest=${st##*) }
    set -- $rest
    if [ "$2" = $$ ]; then
      children=$((children + 1))
      [ "$1" = Z ] && zombies=$((zombies + 1))
    fi
  done
  while read -r key value unit; do
    [ "$key" = VmRSS: ] && rss=$value
  done </proc/$$/status
  printf "%-26s fds %3d  zombies %3d  children %3d  rss %6d kB\n" "$label" $((fds - 1)) \
    "$zombies" "$children" "$rss"
}
report start
# The spawns in ten slices, one report each: a rise in the first slice only is a one-time
# growth (allocator arenas, tables reaching their size); a rise in every slice is a leak.
i=0; while [ $i -lt '"$spawns"' ]; do
  /bin/true; i=$((i + 1))
  [ $((i % '"$slice"')) -eq 0 ] && report "after $i spawns"
done
i=0; while [ $i -lt '"$others"' ]; do echo x | /bin/cat >/dev/null; i=$((i + 1)); done
report "after '"$others"' pipelines"
i=0; while [ $i -lt '"$others"' ]; do x=$(echo y); i=$((i + 1)); done
report "after '"$others"' substitutions"
# Background jobs in five slices, each ended by one wait (the same one-time-or-slope question).
i=0; while [ $i -lt '"$others"' ]; do
  /bin/true & i=$((i + 1))
  if [ $((i % '"$bg_slice"')) -eq 0 ]; then wait; report "after $i bg jobs + wait"; fi
done
wait
'

for backend in $backends; do
  echo "== $backend"
  start=$(date +%s)
  "$spawnsh" --spawn="$backend" -c "$soak_script"
  echo "   ($(( $(date +%s) - start )) s)"
done
