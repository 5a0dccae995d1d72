// Reading scripts: the script given to spawnsh and the files `.` runs.
#pragma once

#include <memory>
#include <string>
#include <string_view>


namespace spawnsh {

// Appends the contents of `path` to `out`. A NUL byte cannot be part of shell text (POSIX asks
// for text files); like dash and bash, spawnsh drops NUL bytes rather than gluing what follows
// one to the next word. Returns false with `error` set (an errno value) when the file cannot be
// opened or read.
bool read_script_file(const std::string& path, std::string& out, int& error);

// True when the first bytes of a script say it is a program, not text: as bash decides, a NUL
// byte before the first newline within the first 80 bytes.
bool looks_binary(std::string_view start);

// The script operand (`spawnsh FILE`), read a piece at a time: whole lines, as many as one
// read() gives (16 KiB at most). The shell runs each command as soon as it is complete, so a
// script from a pipe, a FIFO or /dev/stdin runs its first commands before the writer has
// finished (as dash does), and a big or endless script never sits in memory whole. The fd is
// the shell's own (close-on-exec, above the script's 0-9), so no command shares it and reading
// ahead of the current line is safe, unlike stdin (shell/interactive/fd_source.cpp).
class ScriptPieces {
 public:
  ScriptPieces(int fd, std::string name, std::string first_read);
  ~ScriptPieces();
  ScriptPieces(const ScriptPieces&) = delete;
  ScriptPieces& operator=(const ScriptPieces&) = delete;

  // Appends the next piece to `out`: whole lines, or the last line without its newline at the
  // end of the file (NUL bytes dropped). Returns false once the file has ended (what it
  // appended then is the last piece). A read error is reported on stderr and ends the file.
  bool next(std::string& out);

 private:
  bool fill();

  int fd_;
  std::string name_;
  std::string buffer_;  // read but not handed out: the start of a line not yet whole
  bool at_end_ = false;
};

struct ScriptInput {
  enum class Status { Ok, CannotOpen, Binary };
  Status status = Status::Ok;
  int error = 0;                        // the errno value, for CannotOpen
  std::unique_ptr<ScriptPieces> pieces;  // for Ok
};
ScriptInput open_script(const std::string& path);

}  // namespace spawnsh
