// The parts of interactive input that need no terminal: the history file's format and its
// append-and-cut at exit, the numbering fc uses, `!` in PS1, readline's invisible-text markers,
// and what kind of word Tab completes.
#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <unistd.h>

#include "shell/interactive/completion.h"
#include "shell/interactive/history.h"
#include "shell/interactive/prompt_text.h"
#include "tests/support/temp_paths.h"

using namespace spawnsh;
using spawnsh::testing::read_file;
using spawnsh::testing::TempFile;

TEST_CASE("history file: one line per command, #+N before a command of several lines") {
  CHECK(format_history_entry("echo a") == "echo a\n");
  CHECK(format_history_entry("if true\nthen :; fi") == "#+2\nif true\nthen :; fi\n");
  // A one-line command that looks like a marker gets one, so it comes back as it was.
  CHECK(format_history_entry("#+3") == "#+1\n#+3\n");
  std::string file = format_history_entry("a") + format_history_entry("b\nc") +
                     format_history_entry("#+3") + format_history_entry("d");
  CHECK(parse_history_file(file) == std::vector<std::string>{"a", "b\nc", "#+3", "d"});
  // A file written by another shell (no markers, a blank line, no final newline).
  CHECK(parse_history_file("ls\n\n  \npwd") == std::vector<std::string>{"ls", "pwd"});
  // A marker promising more lines than there are takes what is left.
  CHECK(parse_history_file("#+5\nx\ny\n") == std::vector<std::string>{"x\ny"});
}

TEST_CASE("history: numbers grow and are not reused when HISTSIZE drops old entries") {
  History h;
  h.add("ignored: history is off");
  CHECK(h.empty());
  h.enable(3);
  for (std::string c : {"one", "two", "three", "four"}) h.add(c + "\n");
  CHECK(h.first_number() == 2);
  CHECK(h.last_number() == 4);
  CHECK(h.at(2) == "two");
  CHECK(h.at(4) == "four");
  h.add("   \n");  // blank: not kept
  CHECK(h.next_number() == 5);
  auto generation = h.generation();
  h.replace_last("FOUR");
  CHECK(h.at(4) == "FOUR");
  CHECK(h.generation() != generation);
  h.remove_last();
  CHECK(h.last_number() == 3);
}

TEST_CASE("history: save appends this session only and cuts the file to HISTSIZE") {
  TempFile file;
  {
    std::ofstream out(file.path);
    out << "old1\nold2\n";
  }
  History first;
  first.enable(4);
  REQUIRE_FALSE(first.load(file.path));
  CHECK(first.size() == 2);
  History second = first;  // another shell that loaded the same file
  first.add("a1");
  first.add("a2");
  second.add("b1");
  REQUIRE_FALSE(first.save(file.path));
  CHECK(read_file(file.path) == "old1\nold2\na1\na2\n");
  REQUIRE_FALSE(second.save(file.path));  // appends, and keeps the newest 4
  CHECK(read_file(file.path) == "old2\na1\na2\nb1\n");
  REQUIRE_FALSE(second.save(file.path));  // nothing new: nothing written twice
  CHECK(read_file(file.path) == "old2\na1\na2\nb1\n");
}

TEST_CASE("history: HISTCONTROL's erasedups and a command that was not kept") {
  History h;
  h.enable(10);
  for (std::string c : {"a", "b", "a", "c"}) h.add(c);
  auto generation = h.generation();
  h.erase("a\n");
  CHECK(h.size() == 2);
  CHECK(h.at(1) == "b");
  CHECK(h.at(2) == "c");
  CHECK(h.generation() != generation);
  // The running command was left out: fc's replacement is added, not put over "c", and fc
  // removes nothing.
  h.mark_current_dropped();
  CHECK_FALSE(h.current_kept());
  h.remove_last();
  CHECK(h.size() == 2);
  h.replace_last("d");
  CHECK(h.size() == 3);
  CHECK(h.at(2) == "c");
  CHECK(h.at(3) == "d");
  CHECK(h.current_kept());
}

TEST_CASE("history: HISTFILESIZE cuts the file, none leaves it whole") {
  TempFile file;
  {
    std::ofstream out(file.path);
    out << "old1\nold2\nold3\n";
  }
  History h;
  h.enable(1);  // HISTSIZE: what the list keeps, not the file
  REQUIRE_FALSE(h.load(file.path));
  h.add("new");
  REQUIRE_FALSE(h.save(file.path, std::nullopt));
  CHECK(read_file(file.path) == "old1\nold2\nold3\nnew\n");
  h.add("newer");
  REQUIRE_FALSE(h.save(file.path, 2));
  CHECK(read_file(file.path) == "new\nnewer\n");
  h.add("newest");
  REQUIRE_FALSE(h.save(file.path, 0));
  CHECK(read_file(file.path).empty());
}

TEST_CASE("history: a file that cannot be written or read is an error text, not a throw") {
  History h;
  h.enable(10);
  h.add("x");
  auto error = h.save("/nonexistent-dir/history");
  REQUIRE(error);
  CHECK(error->find("cannot write history file /nonexistent-dir/history") != std::string::npos);
  CHECK_FALSE(h.load("/nonexistent-dir/history"));  // missing: no error, nothing loaded
  CHECK(h.size() == 1);
}

TEST_CASE("bash's \\[ \\] in a prompt become readline's markers") {
  CHECK(bash_invisible_markers("\\[\033[31m\\]red\\[\033[0m\\] $ ") ==
        "\1\033[31m\2red\1\033[0m\2 $ ");
  CHECK(bash_invisible_markers("plain \\n \\ $ ") == "plain \\n \\ $ ");
  // With markers of its own the prompt is left as written by the next step.
  CHECK(mark_invisible_sequences(bash_invisible_markers("\\[\033[31m\\]x")) == "\1\033[31m\2x");
}

TEST_CASE("! in PS1 is the next history number, !! a literal !") {
  CHECK(expand_history_marks("[!] $ ", 42) == "[42] $ ");
  CHECK(expand_history_marks("hi!! !!!", 7) == "hi! !7");
  CHECK(expand_history_marks("no marks", 1) == "no marks");
}

TEST_CASE("escape sequences in a prompt are marked invisible for readline") {
  CHECK(mark_invisible_sequences("\033[1;31mred\033[0m $ ") ==
        "\1\033[1;31m\2red\1\033[0m\2 $ ");
  // A window title (OSC, ended by BEL) is invisible too.
  CHECK(mark_invisible_sequences("\033]0;title\a$ ") == "\1\033]0;title\a\2$ ");
  // A prompt with its own markers is left as written; one without escapes is untouched.
  CHECK(mark_invisible_sequences("\1\033[1m\2b$ ") == "\1\033[1m\2b$ ");
  CHECK(mark_invisible_sequences("plain $ ") == "plain $ ");
}

TEST_CASE("completion: the first word of a command is a command") {
  CHECK(classify_word("", "ec") == WordKind::Command);
  CHECK(classify_word("echo a; ", "l") == WordKind::Command);
  CHECK(classify_word("true && ", "l") == WordKind::Command);
  CHECK(classify_word("ls | ", "gr") == WordKind::Command);
  CHECK(classify_word("if ", "tr") == WordKind::Command);
  CHECK(classify_word("X=1 ", "l") == WordKind::Command);
  CHECK(classify_word("(", "l") == WordKind::Command);
  for (const char* prefix : {"sudo ", "command ", "exec ", "time ", "sudo -E "}) {
    INFO(prefix);
    CHECK(classify_word(prefix, "l") == WordKind::Command);
  }
  CHECK(classify_word("echo ", "l") == WordKind::File);
  CHECK(classify_word("echo 'a; b' ", "l") == WordKind::File);  // ; inside quotes
  CHECK(classify_word("", "./sc") == WordKind::File);            // a path
  CHECK(classify_word("echo ", "$HO") == WordKind::Variable);
  CHECK(classify_word("echo ", "${HO") == WordKind::Variable);
  CHECK(classify_word("echo ", "a$HO") == WordKind::Variable);
  CHECK(classify_word("echo ", "~ro") == WordKind::User);
  CHECK(classify_word("echo ", "~/d") == WordKind::File);
  CHECK(classify_word("kill ", "%") == WordKind::Job);
}

TEST_CASE("a completed file name is backslash-quoted for the line, and back", "[completion]") {
  CHECK(backslash_quote_file_name("my file") == "my\\ file");
  CHECK(backslash_quote_file_name("a'b\"c$d*e") == "a\\'b\\\"c\\$d\\*e");
  // A leading ~ is a tilde expansion to come; anywhere else it is quoted.
  CHECK(backslash_quote_file_name("~/x~y") == "~/x\\~y");
  CHECK(backslash_quote_file_name("plain.txt") == "plain.txt");
  CHECK(backslash_dequote("my\\ file") == "my file");
  CHECK(backslash_dequote("a\\\\b") == "a\\b");
  // A trailing backslash quotes nothing yet: it stays.
  CHECK(backslash_dequote("end\\") == "end\\");
  for (const char* name : {"my file", "a'b\"c$d*e", "x\\y", "~/a b"}) {
    CHECK(backslash_dequote(backslash_quote_file_name(name)) == name);
  }
}
