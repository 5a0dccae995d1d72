if a; then b; fi
if a; then b; else c; fi
if a
then
  b
elif c; then d
elif e; then f
else
  g
fi
if if a; then b; fi; then c; fi
