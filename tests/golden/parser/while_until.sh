while a; do b; done
until a; b; do c; done
while
  a
do
  b
done >out
