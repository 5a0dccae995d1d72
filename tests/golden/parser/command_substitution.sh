echo $(date) $( ls -l | wc -l )
echo $(echo $(echo nested))
echo $(case x in x) echo match;; esac)
echo $(case x in (x) echo match;; esac)
echo $( (cd /; ls) )
echo "$(echo "inner quotes")"
echo $(
  a
  b
)
echo $()
