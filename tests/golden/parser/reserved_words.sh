echo if then else fi do done case esac for while until in { }
{ echo }; }
if=1 then=2
echo !
