cat <in >out
cat >|clobber >>append <>rw
cat 2>&1 <&0 3<&- >&2
cat 12>twelve 1>one
exec 3>&-
> only_redirect
