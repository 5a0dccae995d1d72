// Command substitution (XCU 2.6.3): the runner exec/ installs into expansion (see
// expand/expand.h, set_command_substitution_runner).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <string>

#include "shell/syntax/ast.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec {

// Runs `program` in a child and returns its output less trailing newlines (NUL bytes are
// dropped, as dash does). Sets shell.substitution_status to the child's status.
std::string command_substitution(Shell& shell, const syntax::Program& program);

struct FreeBuffer {
  void operator()(char* p) const noexcept { std::free(p); }
};

struct CapturedOutput {
  std::unique_ptr<char, FreeBuffer> data;  // null when memory ran out
  std::size_t size = 0;
  int read_error = 0;  // errno of a failed read: the output is incomplete
};

// Reads `fd` to EOF into one malloc'd block grown with realloc, dropping NUL bytes as dash does.
// glibc serves a large block with mmap and grows it with mremap, without copying, so the peak
// is about the output's size, plus the one exact copy that becomes the std::string. (A
// std::string grown by push_back doubles its capacity and copies: an 80 MB output needed
// 128 + 64 MB at once and did not fit where dash's fits.) Returns a null block when memory runs
// out, after reading no further, so that the caller can reap the child before reporting it; a
// read error stops the reading the same way.
CapturedOutput read_all(int fd);

// The text of a substitution's output, less trailing newlines; reports running out of memory
// or a failed read (then throws CommandError, status 2). Call it after the child is reaped.
std::string captured_text(Shell& shell, const CapturedOutput& captured);

}  // namespace spawnsh::exec
