#!/bin/sh
# With SPAWNSH_SMALL_STRING the embedded binary defines its own string functions
# (app/small_string.c) so that none of glibc's IFUNC string functions, each bringing every
# CPU-tuned version of itself, is linked. This fails, naming them, when the binary has an IFUNC
# symbol: a glibc object referring to a string function small_string.c does not define (a newer
# glibc can); the fix is to define that name there too.
# Usage: check_no_ifunc.sh PATH/TO/spawnsh (its unstripped twin PATH.unstripped is read by nm).
set -u
symbols=$1.unstripped
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
