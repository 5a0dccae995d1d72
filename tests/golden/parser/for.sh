for x in a b c; do echo $x; done
for x do echo $x; done
for x; do echo $x; done
for x in; do echo never; done
for x
in a b
do
  echo $x
done
for x in do done; do :; done
