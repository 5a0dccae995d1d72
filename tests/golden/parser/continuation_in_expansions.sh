echo ${\
x} ${x:\
-w} ${x\
%%b} ${#\
x} $\
x$\
1 $x\
y
echo $\
(a) $\
((1+2)) $((3)\
)
2\
>f cat <\
<-END
	body
	END
fo\
o\
() { :; }
