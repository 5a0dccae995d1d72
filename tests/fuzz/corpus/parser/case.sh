case $x in (a|b) echo;; c) ;& *) ;; esac
