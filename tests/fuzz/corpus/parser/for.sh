for x in a b; do echo $x; done; for y do :; done
