#include "shell/interactive/completion.h"

#include <algorithm>
#include <array>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "shell/platform/passwd.h"
#include "shell/shell.h"

namespace spawnsh {

std::string backslash_quote_file_name(std::string_view name) {
  const std::string_view special = kSpecialInFileNames;
  std::string out;
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (special.find(name[i]) != std::string_view::npos && !(i == 0 && name[i] == '~')) {
      out += '\\';
    }
    out += name[i];
  }
  return out;
}

std::string backslash_dequote(std::string_view word) {
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (word[i] == '\\' && i + 1 < word.size()) ++i;
    out += word[i];
  }
  return out;
}

namespace {

// Words after which the next word is a command again.
constexpr std::array<std::string_view, 4> kCommandPrefixes = {"sudo", "command", "exec", "time"};
constexpr std::array<std::string_view, 16> kReservedWords = {
    "!", "{", "}", "case", "do", "done", "elif", "else", "esac", "fi", "for", "if", "in", "then",
    "until", "while"};
// Reserved words after which a command begins.
constexpr std::array<std::string_view, 9> kCommandStarters = {"!",    "{",     "do",   "elif", "else",
                                                              "if",   "then",  "until", "while"};

bool is_name_char(char c, bool first) {
  return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (!first && c >= '0' && c <= '9');
}

bool is_assignment(std::string_view word) {
  std::size_t eq = word.find('=');
  if (eq == 0 || eq == std::string_view::npos) return false;
  for (std::size_t i = 0; i < eq; ++i) {
    if (!is_name_char(word[i], i == 0)) return false;
  }
  return true;
}

template <std::size_t N>
bool one_of(std::string_view word, const std::array<std::string_view, N>& list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void add_path_programs(std::string_view path, std::string_view prefix,
                       std::vector<std::string>& out) {
  while (true) {
    std::size_t colon = path.find(':');
    std::string dir(path.substr(0, colon));
    if (dir.empty()) dir = ".";
    if (DIR* d = ::opendir(dir.c_str())) {
      while (const dirent* entry = ::readdir(d)) {
        std::string_view name = entry->d_name;
        if (name == "." || name == ".." || !starts_with(name, prefix)) continue;
        std::string full = dir + "/" + std::string(name);
        struct stat st;
        if (::stat(full.c_str(), &st) == 0 && S_ISREG(st.st_mode) &&
            ::access(full.c_str(), X_OK) == 0) {
          out.emplace_back(name);
        }
      }
      ::closedir(d);
    }
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
}

void add_user_names(std::string_view prefix, std::vector<std::string>& out) {
  // /etc/passwd read directly, as ~user expansion does in a static build (home_directory.h).
  platform::for_each_passwd_line([&](std::string_view line) {
    std::string_view name = line.substr(0, line.find(':'));
    if (!name.empty() && starts_with(name, prefix)) out.push_back("~" + std::string(name) + "/");
    return true;
  });
}

}  // namespace

WordKind classify_word(std::string_view before, std::string_view word) {
  if (std::size_t dollar = word.rfind('$'); dollar != std::string_view::npos) {
    std::string_view rest = word.substr(dollar + 1);
    if (!rest.empty() && rest[0] == '{') rest.remove_prefix(1);
    if (std::all_of(rest.begin(), rest.end(), [](char c) { return is_name_char(c, false); })) {
      return WordKind::Variable;
    }
  }
  if (!word.empty() && word[0] == '~' && word.find('/') == std::string_view::npos) {
    return WordKind::User;
  }
  if (!word.empty() && word[0] == '%') return WordKind::Job;

  // Is the word in command position? Scan the words before it.
  bool command_position = true;
  bool after_prefix = false;  // after sudo/command/exec/time: options keep the position
  std::size_t i = 0;
  while (i < before.size()) {
    char c = before[i];
    if (c == ' ' || c == '\t') {
      ++i;
      continue;
    }
    if (c == ';' || c == '&' || c == '|' || c == '(' || c == ')' || c == '\n') {
      command_position = true;
      after_prefix = false;
      ++i;
      continue;
    }
    // A word: up to a blank or operator, quotes skipped over.
    std::size_t start = i;
    while (i < before.size()) {
      char d = before[i];
      if (d == '\\' && i + 1 < before.size()) {
        i += 2;
        continue;
      }
      if (d == '\'' || d == '"') {
        std::size_t close = before.find(d, i + 1);
        i = close == std::string_view::npos ? before.size() : close + 1;
        continue;
      }
      if (d == ' ' || d == '\t' || d == ';' || d == '&' || d == '|' || d == '(' || d == ')' ||
          d == '\n') {
        break;
      }
      ++i;
    }
    std::string_view w = before.substr(start, i - start);
    if (!command_position) continue;
    if (after_prefix && !w.empty() && w[0] == '-') continue;
    after_prefix = one_of(w, kCommandPrefixes);
    command_position = after_prefix || one_of(w, kCommandStarters) || is_assignment(w);
  }
  if (command_position && word.find('/') == std::string_view::npos) return WordKind::Command;
  return WordKind::File;
}

std::vector<std::string> completion_candidates(const Shell& shell, WordKind kind,
                                               std::string_view word) {
  std::vector<std::string> out;
  switch (kind) {
    case WordKind::Command: {
      for (const Builtin& b : shell.builtins.all()) {
        if (starts_with(b.name, word)) out.emplace_back(b.name);
      }
      for (const auto& [name, function] : shell.functions) {
        if (starts_with(name, word)) out.push_back(name);
      }
      for (const auto& [name, value] : shell.aliases) {
        if (starts_with(name, word)) out.push_back(name);
      }
      for (std::string_view reserved : kReservedWords) {
        if (starts_with(reserved, word)) out.emplace_back(reserved);
      }
      // An unset PATH is searched as an empty one (shell/exec/external.cpp): the working directory.
      const std::string* path = shell.vars.value("PATH");
      add_path_programs(path != nullptr ? std::string_view(*path) : std::string_view(), word, out);
      break;
    }
    case WordKind::Variable: {
      std::size_t dollar = word.rfind('$');
      bool braced = dollar + 1 < word.size() && word[dollar + 1] == '{';
      std::string_view head = word.substr(0, dollar + (braced ? 2 : 1));
      std::string_view prefix = word.substr(head.size());
      for (const auto& [name, variable] : shell.vars.sorted()) {
        if (variable == nullptr || !variable->set || !starts_with(name, prefix)) continue;
        out.push_back(std::string(head) + std::string(name) + (braced ? "}" : ""));
      }
      break;
    }
    case WordKind::User:
      add_user_names(word.substr(1), out);
      break;
    case WordKind::Job:
      for (const Job& job : shell.jobs.all()) {
        if (!job.used()) continue;
        std::string spec = "%" + std::to_string(shell.jobs.number_of(job));
        if (starts_with(spec, word)) out.push_back(std::move(spec));
      }
      break;
    case WordKind::File:
      break;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace spawnsh
