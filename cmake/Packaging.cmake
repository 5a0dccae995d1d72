# A Debian package of what cmake/Install.cmake installs: `cpack -G DEB` in the build directory
# writes spawnsh_VERSION_ARCH.deb (tests/packaging checks it, and installs and removes it in a
# temporary root).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME spawnsh)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "POSIX shell with pluggable process-spawn backends")
# The long description, under the summary (CPack puts the summary first), in lines that fit
# dpkg's 80 columns.
set(CPACK_PACKAGE_DESCRIPTION [=[spawnsh is a POSIX shell (POSIX.1-2017, XCU chapter 2) whose every child
process is made through one spawn interface with a choice of backends: fork,
vfork, clone, posix_spawn, and an emulated backend that runs shell code in a
fresh process of the shell, so that it works where fork is missing or
forbidden. Children are reaped with wait4 and timed from their resource
usage; `spawnsh compare` measures the backends against each other.]=])
# Debian wants a name and an address here. The project names none yet: a placeholder in a
# reserved domain, for whoever publishes the package to replace (-DSPAWNSH_PACKAGE_MAINTAINER=...).
set(SPAWNSH_PACKAGE_MAINTAINER "spawnsh maintainers <maintainers@example.invalid>"
    CACHE STRING "The Maintainer field of the .deb")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SPAWNSH_PACKAGE_MAINTAINER}")
set(CPACK_DEBIAN_PACKAGE_SECTION shells)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
# Shipped stripped, as Debian's binary packages are (the static build: 5 MB with its symbols).
set(CPACK_STRIP_FILES ON)
# Files root's, control files of modes dpkg expects (lintian checks both).
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Depends: the fully static build (SPAWNSH_STATIC, the default) needs no other package.
# Otherwise dpkg-shlibdeps (from dpkg-dev) names the package of every shared library the program
# loads: libc6, and whatever else the build linked dynamically.
if(SPAWNSH_STATIC)
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS OFF)
else()
  set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
endif()
# Listed in /etc/shells while installed (postinst add-shell, postrm remove-shell), so that
# chsh accepts it as a login shell.
set(SPAWNSH_PACKAGED_PROGRAM ${CPACK_PACKAGING_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/spawnsh)
foreach(script postinst postrm)
  configure_file(${CMAKE_CURRENT_LIST_DIR}/debian/${script}.in
                 ${CMAKE_BINARY_DIR}/debian/${script} @ONLY)
  list(APPEND CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA ${CMAKE_BINARY_DIR}/debian/${script})
endforeach()
include(CPack)
