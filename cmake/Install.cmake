# Where `cmake --install` (and so the .deb, cmake/Packaging.cmake) puts spawnsh: the program,
# its manual page, the completions for bash, zsh and fish, and the README. Nothing else: the
# test programs, benchmarks and libraries have no install rules.
include(GNUInstallDirs)
# `make install` and cpack build only what is installed, not the whole default target (the test
# suite and benchmarks are most of it): build spawnsh first (cmake --build build --target spawnsh).
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS spawnsh RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The manual page is installed compressed, as Debian's policy (12.1) asks and man-db reads
# everywhere: gzip -9, and -n so that no file name or time stamp makes two builds differ. It is
# made with the program (a dependency of spawnsh), so that `cmake --build build --target
# spawnsh` followed by `cmake --install build` finds it.
find_program(SPAWNSH_GZIP gzip REQUIRED)
set(SPAWNSH_MAN_GZ ${CMAKE_BINARY_DIR}/man/spawnsh.1.gz)
add_custom_command(OUTPUT ${SPAWNSH_MAN_GZ}
                   COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
                   COMMAND ${CMAKE_COMMAND} -E copy ${CMAKE_SOURCE_DIR}/man/spawnsh.1
                           ${CMAKE_BINARY_DIR}/man/spawnsh.1
                   COMMAND ${SPAWNSH_GZIP} -9nf ${CMAKE_BINARY_DIR}/man/spawnsh.1
                   DEPENDS ${CMAKE_SOURCE_DIR}/man/spawnsh.1
                   COMMENT "Compressing the manual page"
                   VERBATIM)
add_custom_target(spawnsh_man ALL DEPENDS ${SPAWNSH_MAN_GZ})
add_dependencies(spawnsh spawnsh_man)
install(FILES ${SPAWNSH_MAN_GZ} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

# The completions, each where its shell looks for the completions of installed packages.
install(FILES completions/spawnsh.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME spawnsh)
install(FILES completions/_spawnsh DESTINATION ${CMAKE_INSTALL_DATADIR}/zsh/vendor-completions)
install(FILES completions/spawnsh.fish
        DESTINATION ${CMAKE_INSTALL_DATADIR}/fish/vendor_completions.d)

# The project has no licence statement yet, so no copyright file is installed beside the README
# (Debian wants one; writing it needs the licence the authors choose).
install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
