#!/bin/sh
# The Debian package of a build, made by cpack and checked from the outside:
#   1. `dpkg-deb -c` lists exactly the files cmake/Install.cmake installs (and their directories),
#      owned by root, with the modes a package needs;
#   2. its fields: Package spawnsh, the project's version, this machine's architecture, and a
#      Depends that names exactly the packages of the shared libraries the program loads (none at
#      all for the fully static build, which must then load none);
#   3. dpkg installs it into a temporary root (a fresh administrative directory under it; the
#      machine's own dpkg database and files are never touched), the installed program runs and
#      is listed in the root's /etc/shells, `dpkg -r` removes it leaving no file behind and
#      /etc/shells as it was, and `dpkg -P` forgets it.
# As root (CI) or not: dpkg --force-not-root installs into a root the user owns.
#
# usage: check_package.sh BUILD_DIR VERSION
set -eu
build=$1
version=$2

tmp=$(mktemp -d "${TMPDIR:-/tmp}/spawnsh-package.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

# 1. Build the package (the program is built already: ctest runs after the build).
if ! cpack -G DEB -B "$tmp/out" --config "$build/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1; then
  cat "$tmp/cpack.log" >&2
  echo "FAIL: cpack could not build the package" >&2
  exit 1
fi
arch=$(dpkg --print-architecture)
deb=$tmp/out/spawnsh_${version}_${arch}.deb
if [ ! -f "$deb" ]; then
  echo "FAIL: no $(basename "$deb"); cpack made:" >&2
  ls "$tmp/out" >&2
  exit 1
fi

# 2. The contents, exactly.
cat >"$tmp/files" <<'EOF'
./usr/bin/spawnsh
./usr/share/bash-completion/completions/spawnsh
./usr/share/doc/spawnsh/README.md
./usr/share/fish/vendor_completions.d/spawnsh.fish
./usr/share/man/man1/spawnsh.1.gz
./usr/share/zsh/vendor-completions/_spawnsh
EOF
# Every directory on the way to a file (./usr/ ... ), with the trailing slash dpkg-deb writes.
while read -r file; do
  dir=${file%/*}
  while [ "$dir" != . ]; do
    echo "$dir/"
    dir=${dir%/*}
  done
done <"$tmp/files" >"$tmp/dirs"
sort -u "$tmp/files" "$tmp/dirs" >"$tmp/expected"
dpkg-deb -c "$deb" >"$tmp/listing"
awk '$6 != "./" { print $6 }' "$tmp/listing" | sort >"$tmp/listed"
if ! diff -u "$tmp/expected" "$tmp/listed" >"$tmp/diff"; then
  fail "dpkg-deb -c: the package's paths differ from the expected ones (- expected, + listed):"
  cat "$tmp/diff" >&2
fi
# Owner and mode: root/root everywhere; the program 755, the other files 644, directories 755.
awk '
  $2 != "root/root" { print "owner " $2 ": " $6 }
  $1 ~ /^d/ && $1 != "drwxr-xr-x" { print "mode " $1 ": " $6 }
  $1 ~ /^-/ && $6 == "./usr/bin/spawnsh" && $1 != "-rwxr-xr-x" { print "mode " $1 ": " $6 }
  $1 ~ /^-/ && $6 != "./usr/bin/spawnsh" && $1 != "-rw-r--r--" { print "mode " $1 ": " $6 }
  $1 !~ /^[-d]/ { print "not a file or directory: " $6 }
' "$tmp/listing" >"$tmp/bad_modes"
if [ -s "$tmp/bad_modes" ]; then
  fail "dpkg-deb -c: wrong owner or mode:"
  cat "$tmp/bad_modes" >&2
fi

# 3. The control fields.
field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = spawnsh ] || fail "Package is '$(field Package)', not spawnsh"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', not $version"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture is '$(field Architecture)', not $arch"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
[ -n "$(field Description)" ] || fail "no Description"

# Depends, checked against the program itself: the packages owning the shared libraries it
# names (ELF NEEDED), found through the machine's dpkg database. A library ldd places under /lib
# may be registered under /usr/lib (merged /usr), or the other way round.
mkdir "$tmp/extracted"
dpkg-deb -x "$deb" "$tmp/extracted"
program=$tmp/extracted/usr/bin/spawnsh
objdump -p "$program" | awk '$1 == "NEEDED" { print $2 }' >"$tmp/needed"
: >"$tmp/wanted"
if [ -s "$tmp/needed" ]; then
  ldd "$program" >"$tmp/ldd"
  while read -r lib; do
    # "libc.so.6 => /lib/.../libc.so.6 (0x...)", or for the loader "/lib64/ld-linux...so.2 (0x...)"
    path=$(awk -v lib="$lib" '
      $1 == lib && $2 == "=>" { print $3; exit }
      substr($1, length($1) - length(lib)) == "/" lib { print $1; exit }' "$tmp/ldd")
    if [ -z "$path" ]; then
      fail "ldd does not find $lib"
      continue
    fi
    case $path in
      /usr/*) other=${path#/usr} ;;
      *) other=/usr$path ;;
    esac
    owner=$(dpkg -S "$path" 2>/dev/null || dpkg -S "$other" 2>/dev/null || true)
    if [ -z "$owner" ]; then
      fail "no package owns $path ($lib)"
      continue
    fi
    echo "${owner%%:*}" >>"$tmp/wanted"
  done <"$tmp/needed"
fi
sort -u "$tmp/wanted" -o "$tmp/wanted"
# Depends: "libc6 (>= 2.34), libfoo1 (>= 1.2)" -> one package name a line.
field Depends | tr ',' '\n' | sed 's/(.*//; s/[[:space:]]//g' | grep . | sort -u >"$tmp/depends" ||
  true
if ! diff -u "$tmp/wanted" "$tmp/depends" >"$tmp/diff"; then
  fail "Depends ('$(field Depends)') is not the packages of the libraries the program loads" \
    "(- owners of NEEDED libraries, + Depends):"
  cat "$tmp/diff" >&2
fi
if grep -q '^SPAWNSH_STATIC:BOOL=ON$' "$build/CMakeCache.txt" && [ -s "$tmp/needed" ]; then
  fail "the static build's program loads shared libraries:"
  cat "$tmp/needed" >&2
fi

# 4. Install into a temporary root with its own, fresh dpkg database, run, remove.
root=$tmp/root
admin=$root/var/lib/dpkg
mkdir -p "$admin/info" "$admin/updates" "$admin/triggers"
: >"$admin/status"
# /etc/shells as a Debian system has it, for the maintainer scripts' add-shell and remove-shell.
mkdir "$root/etc"
printf '/bin/sh\n/usr/bin/sh\n/bin/bash\n/usr/bin/bash\n' >"$root/etc/shells"
cp "$root/etc/shells" "$tmp/shells_before"
host_shells=$(cksum /etc/shells 2>/dev/null || true)
not_root=
[ "$(id -u)" -eq 0 ] || not_root=--force-not-root
# --force-depends: the fresh root has none of the packages of Depends (checked above); the
# program runs with the machine's libraries.
# --path-include: a dpkg.cfg that leaves out documentation (container images do) must not
# change what is checked.
# --force-script-chrootless: the maintainer scripts run here, not chrooted into the root (which
# has no /bin/sh); dpkg gives them DPKG_ROOT, which add-shell and remove-shell write under.
tdpkg() {
  dpkg --root="$root" --log="$tmp/dpkg.log" $not_root --path-include='/*' \
    --force-script-chrootless "$@"
}
if ! tdpkg --force-depends -i "$deb" >"$tmp/install.log" 2>&1; then
  cat "$tmp/install.log" >&2
  fail "dpkg --root -i failed"
else
  status=$(dpkg-query --root="$root" -W -f='${Status}' spawnsh)
  [ "$status" = "install ok installed" ] || fail "after dpkg -i, the status is '$status'"
  (cd "$root" && find . -path ./var -prune -o -path ./etc -prune -o -type d -print |
     sed '/^\.$/d; s|$|/|'
   cd "$root" && find . -path ./var -prune -o -path ./etc -prune -o ! -type d -print) |
    sort >"$tmp/installed"
  if ! diff -u "$tmp/expected" "$tmp/installed" >"$tmp/diff"; then
    fail "dpkg --root -i: the files in the root differ from the package's (- package, + root):"
    cat "$tmp/diff" >&2
  fi
  out=$("$root/usr/bin/spawnsh" -c 'echo ok' 2>&1) || fail "the installed spawnsh failed: $out"
  [ "$out" = ok ] || fail "the installed spawnsh printed '$out', not ok"
  gzip -t "$root/usr/share/man/man1/spawnsh.1.gz" || fail "the installed manual page is no gzip"
  grep -qx /usr/bin/spawnsh "$root/etc/shells" ||
    fail "postinst did not list /usr/bin/spawnsh in /etc/shells: $(cat "$root/etc/shells")"

  if ! tdpkg -r spawnsh >"$tmp/remove.log" 2>&1; then
    cat "$tmp/remove.log" >&2
    fail "dpkg --root -r failed"
  fi
  left=$(cd "$root" && find . -path ./var/lib/dpkg -prune -o -print |
    grep -v -x -e . -e ./var -e ./var/lib -e ./var/lib/dpkg -e ./etc -e ./etc/shells || true)
  [ -z "$left" ] || fail "dpkg --root -r left files behind: $left"
  cmp -s "$tmp/shells_before" "$root/etc/shells" ||
    fail "after dpkg -r, /etc/shells is not as before: $(cat "$root/etc/shells")"
  # The package has no conffiles; dpkg keeps only its postrm, for a purge.
  status=$(dpkg-query --root="$root" -W -f='${Status}' spawnsh 2>/dev/null || true)
  [ "$status" = "deinstall ok config-files" ] || fail "after dpkg -r, the status is '$status'"
  if ! tdpkg -P spawnsh >"$tmp/purge.log" 2>&1; then
    cat "$tmp/purge.log" >&2
    fail "dpkg --root -P failed"
  fi
  if status=$(dpkg-query --root="$root" -W -f='${Status}' spawnsh 2>/dev/null); then
    case $status in
      *not-installed) ;;
      *) fail "after dpkg -P, the status is '$status'" ;;
    esac
  fi
  cmp -s "$tmp/shells_before" "$root/etc/shells" ||
    fail "after dpkg -P, /etc/shells is not as before: $(cat "$root/etc/shells")"
fi

[ "$(cksum /etc/shells 2>/dev/null || true)" = "$host_shells" ] ||
  fail "this machine's /etc/shells changed"

if [ "$failures" -ne 0 ]; then
  echo "$failures check(s) failed" >&2
  exit 1
fi
echo "ok: $(basename "$deb"): contents, Depends '$(field Depends)', install, run, removal"
