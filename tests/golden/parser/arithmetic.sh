echo $((1 + 2))
echo $((x * (y - 3)))
echo $(($x + ${y:-1}))
echo $(( $(echo 4) + 2 ))
echo "$((1+1))"
echo $((1 \
+ 2))
