#!/bin/sh
# The manual page formats without a warning: man-db's `man --warnings` (groff's default
# warnings, as a reader's man would format it) and `groff -man -ww` (every warning groff has).
# Either printing anything fails the test, with what it printed.
#
# usage: check_manpage.sh MANPAGE
set -eu
page=$1
status=0
# A fixed width and locale: what is checked must not depend on the terminal running the test.
export MANWIDTH=80 LC_ALL=C.UTF-8
out=$(man --warnings -l "$page" 2>&1 >/dev/null) || { echo "FAIL: man -l failed" >&2; status=1; }
if [ -n "$out" ]; then
  printf 'FAIL: man --warnings -l %s:\n%s\n' "$page" "$out" >&2
  status=1
fi
out=$(groff -man -ww -z "$page" 2>&1) || { echo "FAIL: groff failed" >&2; status=1; }
if [ -n "$out" ]; then
  printf 'FAIL: groff -man -ww -z %s:\n%s\n' "$page" "$out" >&2
  status=1
fi
[ "$status" -ne 0 ] || echo "ok: $page formats without warnings"
exit "$status"
