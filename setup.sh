#!/bin/sh
# spawnsh set-up for a fresh clone on Debian 12.
#   ./setup.sh         install what is missing, build, and start an interactive spawnsh
#   ./setup.sh test    install what is missing, build with warnings as errors, run every test
set -eu
cd "$(dirname "$0")"

# Build and test: compiler, CMake, the libraries, Catch2, python3-pexpect (the pty tests); dash is
# the reference shell the behaviour tests compare with; zsh and fish run the completions we ship
# for them; procps gives the tests ps and pgrep (a minimal Debian 12, such as its container image,
# lacks it). lld links spawnsh with its start-up code gathered into few pages (the idle memory
# of a shell, app/startup.order). dpkg-dev gives cpack's .deb its Depends (dpkg-shlibdeps) and
# man-db checks the manual page (man --warnings, with groff), both for tests/packaging. The rest
# are the peers bench/ measures spawnsh against.
packages="cmake g++ make pkg-config lld libreadline-dev libncurses-dev libspdlog-dev
libfmt-dev catch2 python3 python3-pexpect procps dpkg-dev man-db zsh fish dash bash busybox-static
mksh yash hyperfine"

missing=
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
  echo "setup: installing$missing" >&2
  sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
case "${1:-run}" in
  run)
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build build -j"$jobs" --target spawnsh
    exec build/app/spawnsh -i
    ;;
  test)
    cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DSPAWNSH_WERROR=ON >/dev/null
    cmake --build build -j"$jobs"
    ctest --test-dir build --output-on-failure --timeout 900
    ;;
  *)
    echo "usage: ./setup.sh [test]" >&2
    exit 2
    ;;
esac
