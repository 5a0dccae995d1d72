// Reading a script file whole: the script given to spawnsh and the files `.` runs.
#pragma once

#include <string>

namespace spawnsh {

// Appends the contents of `path` to `out`. A NUL byte cannot be part of shell text (POSIX asks
// for text files); like dash and bash, spawnsh drops NUL bytes rather than gluing what follows
// one to the next word. Returns false with `error` set (an errno value) when the file cannot be
// opened or read.
bool read_script_file(const std::string& path, std::string& out, int& error);

}  // namespace spawnsh
