#include <cstdio>
#include <cstdlib>
#include <cstring>

#include <readline/history.h>
#include <readline/readline.h>

#include "shell/interactive/line_source.h"

namespace spawnsh {
namespace {

// Readline completes ~user through getpwent, which a static glibc cannot do safely (see
// expand/home_directory.h): such words get no completion rather than a crash.
char** no_user_name_completion(const char* text, int, int) {
  if (text[0] == '~' && std::strchr(text, '/') == nullptr) rl_attempted_completion_over = 1;
  return nullptr;
}

class ReadlineSource final : public LineSource {
 public:
  ReadlineSource() {
    rl_readline_name = "spawnsh";  // for $if spawnsh in ~/.inputrc
    rl_attempted_completion_function = no_user_name_completion;
    using_history();
  }

  std::optional<std::string> read_line(std::string_view prompt) override {
    std::string p(prompt);
    char* line = ::readline(p.c_str());
    if (line == nullptr) return std::nullopt;
    std::string out(line);
    std::free(line);
    return out;
  }

  void remember(std::string_view command) override {
    if (command.find_first_not_of(" \t\n") == std::string_view::npos) return;
    std::string text(command);
    if (!text.empty() && text.back() == '\n') text.pop_back();
    ::add_history(text.c_str());
  }
};

}  // namespace

std::unique_ptr<LineSource> make_readline_source() { return std::make_unique<ReadlineSource>(); }

}  // namespace spawnsh
