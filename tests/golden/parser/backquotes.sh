echo `date`
echo `echo \`echo nested\``
echo `echo \$HOME \\ \a`
echo "`echo \"in dq\"`"
