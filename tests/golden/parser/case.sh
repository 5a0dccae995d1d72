case $x in
  a) echo a;;
  b|c) echo bc ;;
  (d) echo d
      echo d2 ;;
  (e|f) ;;
  g) ;&
  *) echo default
esac
case x in esac
case x
in
x) ;;
esac
case x in (esac) echo e;; esac
case x in x) echo x; esac
