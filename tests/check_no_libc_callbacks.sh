#!/bin/sh
# The embedded build drops glibc's unwind tables (cmake/no_libc_eh_frame.ld). That is safe only
# while no exception can cross a glibc frame, i.e. while spawnsh's own code hands glibc no
# callback: this fails when an object of spawnsh's own (its static libraries and the program's
# objects, given as arguments) refers to a glibc function that calls back into the caller's
# code (CTest embedded_no_libc_callbacks).
# __cxa_atexit is not in the list: it runs static destructors, which are noexcept, so an
# exception leaving one ends in std::terminate inside the destructor's own frame.
# Usage: check_no_libc_callbacks.sh OBJECT_OR_ARCHIVE...
set -u
[ "$#" -gt 0 ] || { echo "usage: check_no_libc_callbacks.sh OBJECT_OR_ARCHIVE..." >&2; exit 2; }
callbacks='qsort qsort_r bsearch lfind lsearch tsearch tfind tdelete twalk twalk_r tdestroy
ftw ftw64 nftw nftw64 glob glob64 scandir scandir64 scandirat scandirat64 fopencookie
pthread_once pthread_create atexit on_exit at_quick_exit register_printf_function
register_printf_specifier register_printf_modifier register_printf_type makecontext
dl_iterate_phdr _obstack_begin _obstack_newchunk'
list=$(mktemp) || exit 1
trap 'rm -f "$list"' EXIT
# nm reads GCC's LTO objects through the linker plugin; a name per line.
nm -u "$@" 2>/dev/null | awk '$1 == "U" { print $2 }' | sort -u > "$list"
# The list must be the objects' own: they refer to write(2) and to the exception runtime.
for must in write __cxa_throw; do
  grep -qx "$must" "$list" || { echo "check_no_libc_callbacks: nm found no reference to $must in $*: cannot tell" >&2; exit 1; }
done
failed=0
for name in $callbacks; do
  if grep -qx "$name" "$list"; then
    echo "check_no_libc_callbacks: spawnsh's code calls $name, which calls back into C++: an exception" >&2
    echo "  could cross glibc's frames, whose unwind tables the embedded link drops (cmake/no_libc_eh_frame.ld)" >&2
    failed=1
  fi
done
[ "$failed" -eq 0 ] && echo "check_no_libc_callbacks: no glibc function that calls back is called from $# objects"
exit "$failed"
