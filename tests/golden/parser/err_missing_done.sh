for x in a; do
  echo $x
