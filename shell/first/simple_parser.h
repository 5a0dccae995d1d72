// A deliberately small reader for the first runnable shell: simple commands of words with
// quotes, backslashes, `$?`, `;`, newlines and comments. It is replaced wholesale by
// shell/syntax/ (the full POSIX grammar) as soon as that lands; do not grow it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spawnsh::first {

struct WordPart {
  enum class Kind : unsigned char { Text, LastStatus } kind;
  std::string text;
};
using Word = std::vector<WordPart>;

struct Command {
  std::vector<Word> words;
  int line = 0;
};

class Reader {
 public:
  enum class Result { Command, End, Incomplete, Error };

  explicit Reader(std::string_view text, int first_line = 1) : text_(text), line_(first_line) {}

  // Reads the next command (possibly with no words: an empty line). On Error, `message`
  // says why and line() is where.
  Result next(Command& out, std::string& message);
  int line() const noexcept { return line_; }

 private:
  Result read_word(Word& word, std::string& message);

  std::string_view text_;
  std::size_t pos_ = 0;
  int line_;
};

}  // namespace spawnsh::first
