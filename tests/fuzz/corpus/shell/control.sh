f() { local v=1; return $((v+1)); }; f; echo $?; while [ ${n:=0} -lt 3 ]; do n=$((n+1)); case $n in 1) continue;; 3) break;; esac; echo $n; done
