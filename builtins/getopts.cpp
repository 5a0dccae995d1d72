// getopts optstring name [arg...]  (XCU getopts)
//
// Parses the next option of the positional parameters (or of the args given), per the Utility
// Syntax Guidelines 3-10: grouped options (-ab), an option-argument in the same word (-carg) or
// the next one (-c arg), -- ending the options, - alone as an operand. OPTIND is the index of the
// next argument to look at, as dash keeps it: in the middle of "-ab" it already points past that
// word, and where in the word getopts stands is kept on the shell (any assignment to OPTIND
// forgets it, so OPTIND=1 restarts). OPTARG holds an
// option-argument, or the option character in silent mode (optstring starting with ':'); it is
// unset otherwise, as POSIX says (dash sets it empty).
#include <charconv>
#include <string>

#include "builtins/utilities.h"
#include "shell/shell.h"

namespace spawnsh::builtins {
namespace {

std::size_t current_index(Shell& shell) {
  const std::string* value = shell.vars.value("OPTIND");
  if (value == nullptr || value->empty()) return 1;
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), n);
  if (ec != std::errc() || end != value->data() + value->size() || n < 1) return 1;
  return n;
}

}  // namespace

int getopts(Shell& shell, std::span<const std::string> argv) {
  if (argv.size() < 3) {
    shell.error("getopts: usage: getopts optstring name [arg...]");
    return 2;
  }
  const std::string& optstring = argv[1];
  const std::string& name = argv[2];
  if (!Variables::is_name(name)) {
    shell.error("getopts: " + name + ": bad variable name");
    return 2;
  }
  std::span<const std::string> arguments =
      argv.size() > 3 ? argv.subspan(3) : std::span<const std::string>(shell.positional);
  const bool silent = !optstring.empty() && optstring[0] == ':';

  int status = 0;
  bool failed = false;
  auto set = [&](std::string_view variable, std::string_view value) {
    if (!shell.vars.assign(variable, value)) {
      shell.error("getopts: " + std::string(variable) + ": is read only");
      failed = true;
    }
  };
  auto unset_optarg = [&] {
    if (!shell.vars.unset("OPTARG")) {
      shell.error("getopts: OPTARG: is read only");
      failed = true;
    }
  };

  GetoptsPosition& at = shell.getopts_position;
  std::size_t index = current_index(shell);
  bool resume = at.offset > 0 && at.optind_generation == shell.vars.optind_generation() &&
                index >= 2 && index - 2 < arguments.size() && arguments[index - 2] == at.word &&
                at.offset < at.word.size();
  std::size_t word_index;  // 0-based index of the word the option is in
  std::size_t offset;
  if (resume) {
    word_index = index - 2;
    offset = at.offset;
  } else {
    word_index = index - 1;
    offset = 1;
    const std::string* word = word_index < arguments.size() ? &arguments[word_index] : nullptr;
    if (word == nullptr || word->size() < 2 || (*word)[0] != '-' || *word == "--") {
      // the end of the options
      if (word != nullptr && *word == "--") ++index;
      if (index > arguments.size() + 1) index = arguments.size() + 1;
      at = {};
      set(name, "?");
      unset_optarg();
      set("OPTIND", std::to_string(index));
      at.optind_generation = shell.vars.optind_generation();
      return failed ? 2 : 1;
    }
  }

  const std::string& word = arguments[word_index];
  char option = word[offset++];
  std::size_t next_index = word_index + 2;  // 1-based index of the word after this one
  std::size_t found = option == ':' ? std::string::npos : optstring.find(option, silent ? 1 : 0);
  std::string letter(1, option);
  if (found == std::string::npos) {
    if (silent) {
      set("OPTARG", letter);
    } else {
      unset_optarg();
      shell.error("getopts: -" + letter + ": invalid option");
    }
    set(name, "?");
  } else if (found + 1 < optstring.size() && optstring[found + 1] == ':') {
    if (offset < word.size()) {
      set("OPTARG", std::string_view(word).substr(offset));
      offset = word.size();
      set(name, letter);
    } else if (next_index - 1 < arguments.size()) {
      set("OPTARG", arguments[next_index - 1]);
      ++next_index;
      set(name, letter);
    } else if (silent) {
      set("OPTARG", letter);
      set(name, ":");
    } else {
      unset_optarg();
      shell.error("getopts: -" + letter + ": option requires an argument");
      set(name, "?");
    }
  } else {
    unset_optarg();
    set(name, letter);
  }
  if (offset < word.size()) {
    at.word = word;
    at.offset = offset;
  } else {
    at = {};
  }
  set("OPTIND", std::to_string(next_index));
  at.optind_generation = shell.vars.optind_generation();
  return failed ? 2 : status;
}

}  // namespace spawnsh::builtins
