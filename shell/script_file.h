// Reading scripts: the script given to spawnsh and the files `.` runs.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "shell/interactive/line_source.h"

namespace spawnsh {

// Appends the contents of `path` to `out`. A NUL byte cannot be part of shell text (POSIX asks
// for text files); like dash and bash, spawnsh drops NUL bytes rather than gluing what follows
// one to the next word. Returns false with `error` set (an errno value) when the file cannot be
// opened or read.
bool read_script_file(const std::string& path, std::string& out, int& error);

// True when the first bytes of a script say it is a program, not text: as bash decides, a NUL
// byte before the first newline within the first 80 bytes.
bool looks_binary(std::string_view start);

// The script operand (`spawnsh FILE`), opened. A regular file is read whole at once (the fast
// path: one read, parsed as one text). Anything that cannot be sized (a pipe, a FIFO,
// /dev/stdin, a terminal) is read as it arrives, through `lines`, so its first commands run
// before the writer has finished and an endless one does not fill memory first (as dash does).
struct ScriptInput {
  enum class Status { Ok, CannotOpen, Binary };
  Status status = Status::Ok;
  int error = 0;                      // the errno value, for CannotOpen
  std::string text;                   // the whole script, when `lines` is null
  std::unique_ptr<LineSource> lines;  // the script line by line, when it cannot be sized
};
ScriptInput open_script(const std::string& path);

}  // namespace spawnsh
