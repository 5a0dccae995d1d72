# a comment
echo a # trailing comment
echo a#b
ec\
ho joined
a &\
& b
echo a \
  b
