set -eu; false || echo ok; ! true; (exit 3); echo $?; eval "echo \$1"; x=$(false); echo $?; set -o pipefail; echo | false; echo $?
