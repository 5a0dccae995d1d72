#!/bin/sh
# With SPAWNSH_SMALL_STRING the embedded binary defines its own string functions
# (app/small_string.c) so that none of glibc's IFUNC string functions, each bringing every
# CPU-tuned version of itself, is linked. This fails, naming them, when the binary has an IFUNC
# symbol: a glibc object referring to a string function small_string.c does not define (a newer
# glibc can); the fix is to define that name there too.
# It also fails when small_string.c's object calls anything outside itself, or when a function
# there can reach itself through its calls: GCC can turn a loop or a call into a call to the very
# function being defined (strcpy calling strcpy without -ffreestanding), an endless recursion the
# unit test, which runs the file under other names beside glibc's, cannot see.
# Usage: check_no_ifunc.sh PATH/TO/spawnsh OBJECT... (its unstripped twin PATH.unstripped is
# read by nm; the OBJECTs are spawnsh's, among them small_string.c's)
set -u
symbols=$1.unstripped
shift
object=
for candidate in "$@"; do
  case $candidate in *small_string.c.o) object=$candidate ;; esac
done
[ -n "$object" ] || { echo "check_no_ifunc: no small_string.c object among $*" >&2; exit 1; }
calls_out=$(nm -u "$object") || { echo "check_no_ifunc: nm failed on $object" >&2; exit 1; }
if [ -n "$calls_out" ]; then
  echo "check_no_ifunc: $object calls outside itself:" >&2
  printf '%s\n' "$calls_out" >&2
  exit 1
fi
# The calls between its functions, from the relocations of its code (a function per section, so
# every call is relocated), and any cycle among them.
cycle=$(objdump -dr "$object" | awk '
  /^[0-9a-f]+ <[^>]+>:$/ { caller = $2; gsub(/[<>:]/, "", caller) }
  /R_X86_64_(PLT32|PC32)/ { callee = $3; sub(/[-+].*/, "", callee); calls[caller, callee] = 1; names[caller]; names[callee] }
  END {
    changed = 1
    while (changed) {  # the transitive closure: a reaches c through b
      changed = 0
      for (ab in calls) { split(ab, x, SUBSEP)
        for (c in names) if (((x[2], c) in calls) && !((x[1], c) in calls)) { calls[x[1], c] = 1; changed = 1 } }
    }
    for (a in names) if ((a, a) in calls) print a
  }')
if [ -n "$cycle" ]; then
  echo "check_no_ifunc: in $object these functions can call themselves: $(echo "$cycle" | tr "\n" " ")" >&2
  exit 1
fi
[ -f "$symbols" ] || { echo "check_no_ifunc: no $symbols (not the embedded build?)" >&2; exit 1; }
list=$(nm "$symbols") || { echo "check_no_ifunc: nm failed on $symbols" >&2; exit 1; }
# The program's own memcpy must be there: an empty or foreign list would pass for nothing.
printf '%s\n' "$list" | grep -q ' T memcpy$' ||
  { echo "check_no_ifunc: no memcpy of spawnsh's own (T) in $symbols" >&2; exit 1; }
ifuncs=$(printf '%s\n' "$list" | awk '$2 == "i" { print $3 }')
if [ -n "$ifuncs" ]; then
  echo "check_no_ifunc: glibc's IFUNC functions are linked (define them in app/small_string.c):" >&2
  # shellcheck disable=SC2086 # one name per line
  printf "  %s\n" $ifuncs >&2
  exit 1
fi
echo "check_no_ifunc: no IFUNC in $symbols"
