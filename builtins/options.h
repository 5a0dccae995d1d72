// The option words at the front of a builtin's arguments, per the Utility Syntax Guidelines:
// letters grouped in one word (-LP), an option-argument in the rest of the word or the next word
// (-d: or -d :), "--" ending the options, and "-" alone or a word not starting with '-' being
// the first operand. One scanner for cd, unset, read, ulimit and umask.
#pragma once

#include <optional>
#include <span>
#include <string>

namespace spawnsh::builtins {

class OptionScanner {
 public:
  explicit OptionScanner(std::span<const std::string> argv) : argv_(argv) {}

  // The next option letter, or '\0' when the options are over (see operands()).
  char next() {
    if (done_) return '\0';
    if (in_word_) {
      if (letter_ < argv_[word_].size()) return argv_[word_][letter_++];
      ++word_;  // the letters of this option word (or its option-argument) are used up
      in_word_ = false;
    }
    const std::string* word = word_ < argv_.size() ? &argv_[word_] : nullptr;
    if (word == nullptr || word->size() < 2 || (*word)[0] != '-') {
      done_ = true;
    } else if (*word == "--") {
      ++word_;
      done_ = true;
    } else {
      in_word_ = true;
      letter_ = 2;
      return (*word)[1];
    }
    return '\0';
  }

  // The option-argument of the letter next() just gave: the rest of its word, else the next
  // word; nullopt when there is none.
  std::optional<std::string> argument() {
    const std::string& word = argv_[word_];
    std::optional<std::string> value;
    if (letter_ < word.size()) {
      value = word.substr(letter_);
    } else if (word_ + 1 < argv_.size()) {
      value = argv_[++word_];
    }
    letter_ = argv_[word_].size();
    return value;
  }

  // The arguments after the options (valid once next() has returned '\0').
  std::span<const std::string> operands() const { return argv_.subspan(word_); }

 private:
  std::span<const std::string> argv_;
  std::size_t word_ = 1;    // the word being read (argv[0] is the builtin's name)
  std::size_t letter_ = 0;  // the next letter in it
  bool in_word_ = false;    // reading the letters of argv[word_]
  bool done_ = false;       // an operand or "--" was reached
};

}  // namespace spawnsh::builtins
