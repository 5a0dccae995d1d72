# Parse-only driver for bench/parse.sh (until `spawnsh -n` is wired, and to time the parser
# alone).  Built with the project, never run by CTest.
add_executable(parse_driver ${CMAKE_CURRENT_LIST_DIR}/parse_driver.cpp)
target_link_libraries(parse_driver PRIVATE shell)
