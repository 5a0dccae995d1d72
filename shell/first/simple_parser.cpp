#include "shell/first/simple_parser.h"

namespace spawnsh::first {
namespace {
bool is_blank(char c) { return c == ' ' || c == '\t'; }
bool ends_word(char c) { return is_blank(c) || c == '\n' || c == ';'; }
bool is_unsupported_operator(char c) {
  return c == '|' || c == '&' || c == '<' || c == '>' || c == '(' || c == ')';
}

void append_text(Word& word, char c) {
  if (word.empty() || word.back().kind != WordPart::Kind::Text) {
    word.push_back({WordPart::Kind::Text, {}});
  }
  word.back().text.push_back(c);
}
}  // namespace

Reader::Result Reader::read_word(Word& word, std::string& message) {
  // A word that is only quotes ("") still exists: mark it with an empty text part.
  auto quoted = [&word] {
    if (word.empty()) word.push_back({WordPart::Kind::Text, {}});
  };
  while (pos_ < text_.size() && !ends_word(text_[pos_])) {
    char c = text_[pos_];
    if (is_unsupported_operator(c)) {
      message = std::string("'") + c + "' is not supported by this shell yet";
      return Result::Error;
    }
    if (c == '\\') {
      if (pos_ + 1 >= text_.size()) return Result::Incomplete;
      if (text_[pos_ + 1] == '\n') {
        ++line_;
      } else {
        append_text(word, text_[pos_ + 1]);
      }
      pos_ += 2;
    } else if (c == '\'') {
      std::size_t close = text_.find('\'', pos_ + 1);
      if (close == std::string_view::npos) return Result::Incomplete;
      quoted();
      for (std::size_t i = pos_ + 1; i < close; ++i) {
        if (text_[i] == '\n') ++line_;
        append_text(word, text_[i]);
      }
      pos_ = close + 1;
    } else if (c == '"') {
      quoted();
      ++pos_;
      for (;;) {
        if (pos_ >= text_.size()) return Result::Incomplete;
        char d = text_[pos_];
        if (d == '"') break;
        if (d == '\\' && pos_ + 1 < text_.size() &&
            std::string_view("$`\"\\\n").find(text_[pos_ + 1]) != std::string_view::npos) {
          if (text_[pos_ + 1] == '\n') {
            ++line_;
          } else {
            append_text(word, text_[pos_ + 1]);
          }
          pos_ += 2;
        } else if (d == '$' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '?') {
          word.push_back({WordPart::Kind::LastStatus, {}});
          pos_ += 2;
        } else {
          if (d == '\n') ++line_;
          append_text(word, d);
          ++pos_;
        }
      }
      ++pos_;
    } else if (c == '$' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '?') {
      word.push_back({WordPart::Kind::LastStatus, {}});
      pos_ += 2;
    } else {
      append_text(word, c);
      ++pos_;
    }
  }
  return Result::Command;
}

Reader::Result Reader::next(Command& out, std::string& message) {
  out.words.clear();
  std::size_t start = pos_;
  int start_line = line_;
  auto rewind = [&] {
    pos_ = start;
    line_ = start_line;
  };
  for (;;) {
    while (pos_ < text_.size() && is_blank(text_[pos_])) ++pos_;
    if (pos_ >= text_.size()) {
      out.line = line_;
      return out.words.empty() && start == text_.size() ? Result::End : Result::Command;
    }
    char c = text_[pos_];
    if (out.words.empty()) out.line = line_;
    if (c == '\n' || c == ';') {
      if (c == '\n') ++line_;
      ++pos_;
      return Result::Command;
    }
    if (c == '#' ) {
      while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
      continue;
    }
    if (c == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++line_;
      continue;
    }
    Word word;
    Result r = read_word(word, message);
    if (r == Result::Incomplete) {
      rewind();
      return r;
    }
    if (r == Result::Error) return r;
    out.words.push_back(std::move(word));
  }
}

}  // namespace spawnsh::first
