#include "shell/out_of_memory.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace spawnsh {
namespace {

const std::string* g_shell_name = nullptr;
const Location* g_where = nullptr;

// Runs when operator new finds no memory: nothing here may allocate. The message is formatted
// into a static buffer and written at once.
[[noreturn]] void out_of_memory() {
  static char message[512];
  int length;
  const Location& where = *g_where;
  if (where.line > 0 && !where.source.empty()) {
    length = std::snprintf(message, sizeof message, "%s: %.*s: line %d: out of memory\n",
                           g_shell_name->c_str(), static_cast<int>(where.source.size()),
                           where.source.data(), where.line);
  } else if (where.line > 0) {
    length = std::snprintf(message, sizeof message, "%s: line %d: out of memory\n",
                           g_shell_name->c_str(), where.line);
  } else {
    length = std::snprintf(message, sizeof message, "%s: out of memory\n", g_shell_name->c_str());
  }
  if (length > 0) {
    std::size_t size = std::min(static_cast<std::size_t>(length), sizeof message - 1);
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, message, size);
  }
  throw OutOfMemory();
}

}  // namespace

void report_out_of_memory() {
  if (g_where == nullptr) throw OutOfMemory();  // no handler installed (a unit test)
  out_of_memory();
}

void install_out_of_memory_handler(const std::string& shell_name, const Location& where) {
  g_shell_name = &shell_name;
  g_where = &where;
  std::set_new_handler(out_of_memory);
}

}  // namespace spawnsh
