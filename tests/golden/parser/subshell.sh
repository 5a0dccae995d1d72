(a)
(a; b) >out
( (a) )
((a) | b)
(
  a
  b &
)
