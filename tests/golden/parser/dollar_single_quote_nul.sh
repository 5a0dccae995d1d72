echo $'a\0b' $'x\x00y' $'\c@z' $'ok\101'
