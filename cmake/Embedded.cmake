# The embedded build (issue 15): one small static file for a router, an initramfs or a container.
# `cmake --preset embedded` (CMakePresets.json) or -DSPAWNSH_EMBEDDED=ON. It changes defaults only:
# an option given on the command line still wins (e.g. -DSPAWNSH_LOGGING=ON to debug it).
#   - fully static, -Oz, link-time optimisation, every function and datum in its own section and
#     the unused ones dropped by the linker (--gc-sections), stripped after the link;
#   - no logging (SPAWNSH_LOGGING=OFF: neither spdlog nor fmt is compiled or linked);
#   - the shell's own line editor instead of GNU Readline (SPAWNSH_LINE_EDITOR=builtin);
#   - no unwind tables for glibc's own functions (cmake/no_libc_eh_frame.ld says why that is safe);
#   - spawnsh's own string functions instead of glibc's (SPAWNSH_SMALL_STRING, app/small_string.c:
#     glibc's static library carries every CPU-tuned version of each: 143,720 bytes; x86-64 only);
#   - no comparison mode (SPAWNSH_COMPARE=OFF: compare/, shell/compare/ and the libm its
#     statistics need are left out, 132 KiB; `spawnsh compare` and the builtin say so, status 2);
#   - no start-up order: lld cannot read GCC's LTO objects, so the link is GNU ld's, which does
#     not take lld's --symbol-ordering-file. The order exists to gather start-up code spread over
#     3.4 MB of text into few pages; the embedded text is a third of that, and LTO already puts
#     what start-up calls together with its callers (bench/README.md, "Embedded build", measures
#     the idle RSS that results);
#   - of the tests, the behaviour tests only (tests/CMakeLists.txt: SPAWNSH_TESTS_BEHAVIOUR_ONLY).
# This file is included before any target exists, so the defaults reach every option.
option(SPAWNSH_EMBEDDED "Small static build: -Oz, LTO, gc-sections, stripped, no logging" OFF)

if(SPAWNSH_EMBEDDED)
  if(NOT CMAKE_BUILD_TYPE)
    set(CMAKE_BUILD_TYPE Release)
  endif()
  # Defaults, set before the options are declared (a value already in the cache is kept).
  set(SPAWNSH_STATIC ON CACHE BOOL "Link spawnsh fully statically")
  set(SPAWNSH_LOGGING OFF CACHE BOOL "Build the --log-level diagnostics (spdlog)")
  set(SPAWNSH_LINE_EDITOR builtin CACHE STRING "Line editor of the interactive shell")
  set(SPAWNSH_COMPARE OFF CACHE BOOL "Build the comparison mode (spawnsh compare, the compare builtin)")
  # x86-64 only (app/small_string.c says why); elsewhere glibc's string functions stay.
  if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
    set(SPAWNSH_SMALL_STRING ON CACHE BOOL "Link spawnsh's own string functions instead of glibc's (static)")
  endif()
  set(SPAWNSH_ORDER_STARTUP OFF CACHE BOOL "Link spawnsh's start-up code together (needs lld)")
  set(SPAWNSH_TESTS_BEHAVIOUR_ONLY ON CACHE BOOL "Build only the tests that run the spawnsh binary")
  if(SPAWNSH_SANITIZE)
    message(FATAL_ERROR "SPAWNSH_EMBEDDED and SPAWNSH_SANITIZE exclude each other")
  endif()
  if(SPAWNSH_ORDER_STARTUP AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    message(FATAL_ERROR "SPAWNSH_EMBEDDED links with GCC's LTO, which lld cannot read: "
                        "SPAWNSH_ORDER_STARTUP (lld's symbol ordering) must be OFF")
  endif()

  # -Oz after CMAKE_CXX_FLAGS_RELEASE's -O3: the last -O wins. GCC 12's -Oz against -Os: 3.8 KB
  # less code, `-c :` 0.4 % more instructions (callgrind), a loop of expansions 0.03 % more.
  add_compile_options(-Oz -ffunction-sections -fdata-sections)
  add_link_options("LINKER:--gc-sections")
  # One read-only segment for code and constants: with separate-code (GNU ld's default on
  # x86-64) the text gets pages of its own, and the padding around them is in the file (4 KB).
  add_link_options("LINKER:-z,noseparate-code")
  # Measured and not used (bench/README.md, "Embedded build", session 9):
  # -fno-threadsafe-statics, -fmerge-all-constants, -fno-ident (the binary was byte for byte the
  # same), -fcf-protection=none and -fno-stack-protector (Debian's GCC enables neither),
  # --build-id=none (80 bytes; the build id ties the stripped binary to its unstripped twin,
  # worth keeping), an -O level at link time (LTO keeps each function's compile-time one).
  # Not tried: -fno-rtti (all type_info in the binary is 3.7 KB, part of it libstdc++'s or
  # needed by exceptions anyway).
  include(CheckIPOSupported)
  check_ipo_supported(RESULT SPAWNSH_HAVE_LTO OUTPUT lto_error LANGUAGES C CXX)
  if(NOT SPAWNSH_HAVE_LTO)
    message(FATAL_ERROR "The embedded build needs link-time optimisation: ${lto_error}")
  endif()
  set(CMAKE_INTERPROCEDURAL_OPTIMIZATION ON)
endif()

# Logging (--log-level) is spdlog's, formatted with fmt. Without it, shell/log.h's calls are
# empty inline functions and --log-level accepts only `off` (anything else is an error, exit 2).
option(SPAWNSH_LOGGING "Build the --log-level diagnostics (spdlog)" ON)
# The comparison mode (`spawnsh compare`, the `compare` builtin): a measuring tool, not part of
# the shell. Without it both remain as names that fail with a message saying the build left
# them out (shell/compare/not_built.cpp), status 2.
option(SPAWNSH_COMPARE "Build the comparison mode (spawnsh compare, the compare builtin)" ON)
# glibc's string functions in a static link are IFUNCs that bring every CPU-tuned version of
# themselves; app/small_string.c defines plain ones in the program instead (read it for why that
# is sound). Only for a static link (app/CMakeLists.txt): a dynamic one shares libc.so's anyway.
option(SPAWNSH_SMALL_STRING "Link spawnsh's own string functions instead of glibc's (static)" OFF)
option(SPAWNSH_TESTS_BEHAVIOUR_ONLY "Build only the tests that run the spawnsh binary" OFF)

# Called from app/CMakeLists.txt once spawnsh exists: strip after the link, and keep the
# unstripped twin (spawnsh.unstripped) and the link map (spawnsh.map) for bench/size.sh.
function(spawnsh_embedded_link target)
  if(NOT SPAWNSH_EMBEDDED)
    return()
  endif()
  target_link_options(${target} PRIVATE "LINKER:-Map=$<TARGET_FILE:${target}>.map")
  # glibc's unwind tables left out: no exception crosses a glibc frame (see the script; CTest
  # embedded_no_libc_callbacks keeps it true).
  set(no_libc_eh_frame ${PROJECT_SOURCE_DIR}/cmake/no_libc_eh_frame.ld)
  target_link_options(${target} PRIVATE "LINKER:-T,${no_libc_eh_frame}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${no_libc_eh_frame})
  # std::terminate's message without the C++ demangler (see the file).
  target_sources(${target} PRIVATE ${PROJECT_SOURCE_DIR}/app/terminate_handler.cpp)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND ${CMAKE_COMMAND} -E copy $<TARGET_FILE:${target}> $<TARGET_FILE:${target}>.unstripped
    COMMAND ${CMAKE_STRIP} --strip-all $<TARGET_FILE:${target}>
    COMMENT "Stripping ${target} (unstripped twin: ${target}.unstripped)" VERBATIM)
endfunction()
