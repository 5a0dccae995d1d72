time sleep 1
time -p a | b
time -v -- -x
! time c
time ! d
time
! time
if time e; then time; fi
x && time f || time g
while time h; do :; done
time { i; } >out
time -pv j
echo time | time k
\time l
'time' m
time time n
(time)
