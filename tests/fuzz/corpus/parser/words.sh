echo "${x:-$(echo `echo \`a\``)}" $((1+$(( 2 )))) ~/a x=~:~b $'\x41\n'
