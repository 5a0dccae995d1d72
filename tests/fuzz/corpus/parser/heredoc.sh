cat <<A <<-"B"; echo $(cat <<C
c
C
)
a $x
A
	b
	B
