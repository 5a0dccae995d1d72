#!/bin/sh
# The comparison mode against the C limit (issue 12): `spawnsh compare --ballast 0,1G -- /bin/true`
# and bench/plain_loop (fork+exec and vfork+exec, the same ballast) in one run; the fork/vfork
# ratio of each at each size, and whether they agree within 10 % at the largest size. The ratios
# are of medians: on a virtual machine a spawn of /bin/true has outliers ten times the typical
# run, and one of them moves a mean of 200 runs by several per cent.
#
# compare interleaves its backends (each round runs fork and vfork in a shuffled order), so the C
# loop is run on the same schedule (--interleave-with): in a 1 GiB parent a vfork that follows a
# fork finds caches and TLBs cold from the fork child's page-table copy and costs ~25 % more than
# a vfork run alone. The C ratio of each variant run alone is printed too, for reference.
#
#   bench/compare_limit.sh BUILD_DIR [RUNS] [BALLAST]     (defaults: 200 runs, 1G)
#
# Exits 1 when the two ratios at BALLAST differ by more than 10 %.
set -eu
build=${1:?usage: compare_limit.sh BUILD_DIR [RUNS] [BALLAST]}
runs=${2:-200}
size=${3:-1G}
spawnsh=$build/app/spawnsh
plain=$build/bench/plain_loop
for f in "$spawnsh" "$plain"; do
  [ -x "$f" ] || { echo "missing $f (cmake --build $build --target spawnsh plain_loop)" >&2; exit 2; }
done
csv=$(mktemp)
trap 'rm -f "$csv"' EXIT

"$spawnsh" compare --backends fork,vfork --ballast "0,$size" -r "$runs" -w 5 \
  --export-csv "$csv" -- /bin/true >/dev/null

# plain_loop prints "round r count wall_ns own_ns children_ns median_ns": the median spawn in
# seconds. The first form interleaves the variant with the other one, as compare does; the
# second runs it alone.
other_variant() { [ "$1" = fork ] && echo vfork || echo fork; }
plain_median() { # variant ballast
  "$plain" "$1" --ballast "$2" --count "$runs" --warmup 5 --interleave-with "$(other_variant "$1")" |
    awk '{ printf "%.9f", $7 / 1e9 }'
}
plain_alone_median() { # variant ballast
  "$plain" "$1" --ballast "$2" --count "$runs" --warmup 5 | awk '{ printf "%.9f", $7 / 1e9 }'
}
# The median of a backend at a ballast (bytes) from the export.
compare_median() { # backend bytes
  awk -F, -v b="$1" -v s="$2" 'NR > 1 && $2 == b && $3 == s { print $6 }' "$csv"
}
bytes=$(awk -F, 'NR > 1 && $3 != 0 { print $3; exit }' "$csv")

printf '%-8s %-28s %-28s %-10s %s\n' ballast "spawnsh compare fork/vfork" \
  "plain C fork/vfork" "agree" "C, each alone"
status=0
for b in 0 "$bytes"; do
  label=$([ "$b" = 0 ] && echo 0 || echo "$size")
  cf=$(compare_median fork "$b"); cv=$(compare_median vfork "$b")
  pf=$(plain_median fork "$label"); pv=$(plain_median vfork "$label")
  alone=$(awk -v f="$(plain_alone_median fork "$label")" -v v="$(plain_alone_median vfork "$label")" \
    'BEGIN { printf "%.2f (%.3f / %.3f ms)", f / v, f * 1e3, v * 1e3 }')
  line=$(awk -v cf="$cf" -v cv="$cv" -v pf="$pf" -v pv="$pv" -v last="$([ "$b" = 0 ] && echo 0 || echo 1)" 'BEGIN {
    rc = cf / cv; rp = pf / pv; d = rc / rp - 1; if (d < 0) d = -d
    ok = d <= 0.10 ? "yes" : "NO"
    printf "%.2f (%.3f / %.3f ms)|%.2f (%.3f / %.3f ms)|%s (%.0f %%)|%d",
      rc, cf * 1e3, cv * 1e3, rp, pf * 1e3, pv * 1e3, ok, d * 100, (last && d > 0.10)
  }')
  IFS='|' read -r a c ok bad <<EOT
$line
EOT
  printf '%-8s %-28s %-28s %-10s %s\n' "$label" "$a" "$c" "$ok" "$alone"
  [ "$bad" = 1 ] && status=1
done
exit $status
