#!/bin/sh
# A build without the comparison mode (SPAWNSH_COMPARE=OFF, the embedded build's default) says
# so (CTest compare_not_built):
#   - `spawnsh compare ...` and the compare builtin fail with status 2 and a message naming
#     SPAWNSH_COMPARE, run nothing, and the shell goes on after the builtin;
#   - none of the comparison mode's code is linked (nm of the unstripped twin, when there is one,
#     or of the binary itself).
# Usage: check_compare_not_built.sh PATH/TO/spawnsh
set -u
shell=$1
failed=0
fail() { echo "check_compare_not_built: $*" >&2; failed=1; }
expected='not in this build (SPAWNSH_COMPARE=OFF)'

message=$("$shell" compare -r 1 -- 'echo ran' 2>&1)
status=$?
[ "$status" -eq 2 ] || fail "spawnsh compare: status $status, expected 2"
[ "$message" = "spawnsh compare: $expected" ] ||
  fail "spawnsh compare: printed '$message', expected 'spawnsh compare: $expected'"

message=$("$shell" -c 'compare -r 1 -- "echo ran"; echo "status $?"' 2>&1)
[ "$message" = "compare: $expected
status 2" ] || fail "the compare builtin: printed '$message', expected 'compare: $expected' and status 2"

symbols=$shell
[ -f "$shell.unstripped" ] && symbols=$shell.unstripped
list=$(nm -C "$symbols" 2>/dev/null)
case $list in
  *' main'*) ;;
  *) fail "no main in nm's list of $symbols: cannot tell what is linked" ;;
esac
found=$(printf '%s\n' "$list" | grep -c 'spawnsh::compare::\|compare_run::run_once')
[ "$found" -eq 0 ] || { fail "$found symbols of the comparison mode in $symbols:";
  printf '%s\n' "$list" | grep -m 5 'spawnsh::compare::\|compare_run::run_once' >&2; }

[ "$failed" -eq 0 ] && echo "check_compare_not_built: compare refused (status 2), none of its code in $symbols"
exit "$failed"
