// Quoting a value so the shell reads it back as the same word (set, export -p, trap, alias).
#pragma once

#include <string>
#include <string_view>

namespace spawnsh {

// 'text' with each ' written as '"'"' (as dash prints it).
inline std::string quote_for_reinput(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\"'\"'";
    } else {
      out.push_back(c);
    }
  }
  out.push_back('\'');
  return out;
}

}  // namespace spawnsh
