echo ~ ~/dir ~user ~user/dir
echo a~ "~" ~"user" \~
a=~/x:~y/z:b~ cmd
PATH=$PATH:~/bin
echo ${x:-~/default}
