# Spawn benchmark (issue 2): bench/spawn_bench.cpp runs /bin/true through each backend of the
# spawn library; bench/plain_loop.c is the same loop as a minimal C program, the reference.
# Build: cmake --build BUILD --target spawn_bench plain_loop static_true
# Built with the project, never run by CTest: see bench/README.md and bench/run_spawn.sh.

add_executable(spawn_bench ${CMAKE_CURRENT_LIST_DIR}/spawn_bench.cpp)
target_link_libraries(spawn_bench PRIVATE spawn)
target_link_options(spawn_bench PRIVATE ${SPAWNSH_STATIC_RUNTIME})

add_executable(plain_loop ${CMAKE_CURRENT_LIST_DIR}/plain_loop.c)
set_target_properties(plain_loop PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
# The project's warning list is written for C++; the C compiler rejects the C++-only flags
# (and -Werror would make that fatal), so the C target keeps only the ones that apply to C.
get_target_property(_plain_loop_options plain_loop COMPILE_OPTIONS)
if(NOT _plain_loop_options)
  set(_plain_loop_options "")
endif()
list(REMOVE_ITEM _plain_loop_options -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
set_target_properties(plain_loop PROPERTIES COMPILE_OPTIONS "${_plain_loop_options}")

# static_true: the same file built as a static program that exits 0 at once (on x86-64 without
# any C library: its entry point is exit_group), the cheapest child there is, to make the spawn's
# own cost visible (run_spawn.sh --static-child).
add_executable(static_true ${CMAKE_CURRENT_LIST_DIR}/plain_loop.c)
target_compile_definitions(static_true PRIVATE PLAIN_LOOP_AS_TRUE)
set_target_properties(static_true PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF
                      COMPILE_OPTIONS "${_plain_loop_options}")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  target_compile_definitions(static_true PRIVATE PLAIN_LOOP_NOLIBC)
  target_compile_options(static_true PRIVATE -fno-stack-protector -fcf-protection=none)
  target_link_options(static_true PRIVATE -static -nostdlib -no-pie)
else()
  target_link_options(static_true PRIVATE -static)
endif()
unset(_plain_loop_options)
