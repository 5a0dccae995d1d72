#include "shell/interactive/prompt_text.h"

namespace spawnsh {
namespace {

constexpr char kEscape = '\033';
constexpr char kBell = '\a';
constexpr char kStartIgnore = '\1';
constexpr char kEndIgnore = '\2';

// The length of the escape sequence at prompt[at] (which is ESC).
std::size_t sequence_length(std::string_view prompt, std::size_t at) {
  std::size_t i = at + 1;
  if (i >= prompt.size()) return 1;
  if (prompt[i] == '[') {  // CSI: parameters and intermediates, then a final byte @..~
    for (++i; i < prompt.size(); ++i) {
      unsigned char c = static_cast<unsigned char>(prompt[i]);
      if (c >= 0x40 && c <= 0x7e) return i + 1 - at;
    }
    return prompt.size() - at;
  }
  if (prompt[i] == ']') {  // OSC (a window title): up to BEL or ESC backslash
    for (++i; i < prompt.size(); ++i) {
      if (prompt[i] == kBell) return i + 1 - at;
      if (prompt[i] == kEscape && i + 1 < prompt.size() && prompt[i + 1] == '\\') {
        return i + 2 - at;
      }
    }
    return prompt.size() - at;
  }
  return 2;  // ESC and one character (ESC ( B, keypad modes...)
}

}  // namespace

std::string expand_history_marks(std::string_view prompt, std::size_t number) {
  std::string out;
  for (std::size_t i = 0; i < prompt.size(); ++i) {
    if (prompt[i] != '!') {
      out += prompt[i];
    } else if (i + 1 < prompt.size() && prompt[i + 1] == '!') {
      out += '!';
      ++i;
    } else {
      out += std::to_string(number);
    }
  }
  return out;
}

std::string bash_invisible_markers(std::string_view prompt) {
  if (prompt.find('\\') == std::string_view::npos) return std::string(prompt);
  std::string out;
  for (std::size_t i = 0; i < prompt.size(); ++i) {
    if (prompt[i] == '\\' && i + 1 < prompt.size() && (prompt[i + 1] == '[' || prompt[i + 1] == ']')) {
      out += prompt[i + 1] == '[' ? kStartIgnore : kEndIgnore;
      ++i;
    } else {
      out += prompt[i];
    }
  }
  return out;
}

std::string mark_invisible_sequences(std::string_view prompt) {
  if (prompt.find(kStartIgnore) != std::string_view::npos ||
      prompt.find(kEscape) == std::string_view::npos) {
    return std::string(prompt);
  }
  std::string out;
  for (std::size_t i = 0; i < prompt.size();) {
    if (prompt[i] != kEscape) {
      out += prompt[i++];
      continue;
    }
    std::size_t n = sequence_length(prompt, i);
    out += kStartIgnore;
    out.append(prompt.substr(i, n));
    out += kEndIgnore;
    i += n;
  }
  return out;
}

}  // namespace spawnsh
