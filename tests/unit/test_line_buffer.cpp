// The terminal-free half of spawnsh's own line editor (shell/interactive/line_buffer.h): which
// bytes make which key, and what each edit does to the line and the cursor. The pty scenarios
// (tests/interactive/scenarios_editor.py) test the same keys through a terminal.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "shell/interactive/completion.h"
#include "shell/interactive/line_buffer.h"

using spawnsh::decode_key;
using spawnsh::EditAction;
using spawnsh::Key;
using spawnsh::LineBuffer;

namespace {

EditAction action_of(std::string_view bytes) {
  Key key;
  REQUIRE(decode_key(bytes, key) == bytes.size());
  return key.action;
}

}  // namespace

TEST_CASE("every form of Home, End and the arrows decodes to its key") {
  for (auto home : {"\x1b[H", "\x1b[1~", "\x1b[7~", "\x1bOH", "\x01"}) {
    CHECK(action_of(home) == EditAction::Home);
  }
  for (auto end : {"\x1b[F", "\x1b[4~", "\x1b[8~", "\x1bOF", "\x05"}) {
    CHECK(action_of(end) == EditAction::End);
  }
  CHECK(action_of("\x1b[D") == EditAction::Left);
  CHECK(action_of("\x1bOD") == EditAction::Left);
  CHECK(action_of("\x02") == EditAction::Left);
  CHECK(action_of("\x1b[C") == EditAction::Right);
  CHECK(action_of("\x06") == EditAction::Right);
  CHECK(action_of("\x1b[A") == EditAction::Older);
  CHECK(action_of("\x10") == EditAction::Older);
  CHECK(action_of("\x1b[B") == EditAction::Newer);
  CHECK(action_of("\x0e") == EditAction::Newer);
  CHECK(action_of("\x1b[1;5D") == EditAction::WordLeft);
  CHECK(action_of("\x1b" "b") == EditAction::WordLeft);
  CHECK(action_of("\x1b" "f") == EditAction::WordRight);
  CHECK(action_of("\x1b[3~") == EditAction::Delete);
  CHECK(action_of("\x7f") == EditAction::Backspace);
  CHECK(action_of("\x08") == EditAction::Backspace);
  CHECK(action_of("\x04") == EditAction::DeleteOrEnd);
  CHECK(action_of("\r") == EditAction::Accept);
  CHECK(action_of("\n") == EditAction::Accept);
  CHECK(action_of("\t") == EditAction::Complete);
  // An unknown function key is swallowed whole, not typed into the line.
  CHECK(action_of("\x1b[15~") == EditAction::Ignore);
  CHECK(action_of("\x1b[200~") == EditAction::Ignore);
}

TEST_CASE("a lone ESC is dropped alone: the key after it still counts") {
  Key key;
  REQUIRE(decode_key("\x1b\r", key) == 1);  // ESC then Enter: the Enter is decoded next
  CHECK(key.action == EditAction::Ignore);
  CHECK(action_of("\r") == EditAction::Accept);
  REQUIRE(decode_key("\x1b\x7f", key) == 1);
  REQUIRE(decode_key("\x1b\x1b[D", key) == 1);
  CHECK(decode_key("\x1bx", key) == 2);  // Meta-x, unbound: the pair is ignored
}

TEST_CASE("a key still arriving is not decoded yet") {
  Key key;
  CHECK(decode_key("", key) == 0);
  CHECK(decode_key("\x1b", key) == 0);
  CHECK(decode_key("\x1b[", key) == 0);
  CHECK(decode_key("\x1b[1", key) == 0);
  CHECK(decode_key("\x1bO", key) == 0);
  CHECK(decode_key("\xc3", key) == 0);          // é's first byte
  CHECK(decode_key("\xe2\x82", key) == 0);      // two of €'s three
  REQUIRE(decode_key("\xe2\x82\xac!", key) == 3);
  CHECK(key.action == EditAction::Insert);
  CHECK(key.text == "\xe2\x82\xac");
  // A byte that starts no character is inserted alone.
  REQUIRE(decode_key("\xff" "a", key) == 1);
  CHECK(key.text == "\xff");
  REQUIRE(decode_key("\xc3" "a", key) == 1);  // a lead byte without its continuation
  CHECK(key.text == "\xc3");
}

TEST_CASE("the cursor moves by whole UTF-8 characters") {
  LineBuffer line;
  line.set("a\xc3\xa9\xe2\x82\xac" "b");  // a é € b
  CHECK(line.cursor() == 7);
  REQUIRE(line.left());
  CHECK(line.cursor() == 6);
  REQUIRE(line.left());
  CHECK(line.cursor() == 3);
  REQUIRE(line.backspace());  // é, both bytes
  CHECK(line.text() == "a\xe2\x82\xac" "b");
  CHECK(line.cursor() == 1);
  REQUIRE(line.delete_forward());  // €, all three
  CHECK(line.text() == "ab");
  line.home();
  CHECK_FALSE(line.left());
  CHECK_FALSE(line.backspace());
  line.end();
  CHECK_FALSE(line.right());
  CHECK_FALSE(line.delete_forward());
}

TEST_CASE("kills take text that yank puts back") {
  LineBuffer line;
  line.set("echo one two");
  line.kill_word();
  CHECK(line.text() == "echo one ");
  line.yank();
  CHECK(line.text() == "echo one two");
  line.home();
  line.word_right();
  CHECK(line.cursor() == 4);
  line.kill_to_end();
  CHECK(line.text() == "echo");
  line.kill_to_start();
  CHECK(line.text().empty());
  line.yank();
  CHECK(line.text() == "echo");
  line.insert(" x");
  line.word_left();
  CHECK(line.cursor() == 5);
}

TEST_CASE("completion replaces the word and leaves the cursor after it") {
  LineBuffer line;
  line.set("cat my tail");
  line.home();
  for (int i = 0; i < 6; ++i) line.right();
  line.replace(4, 6, "my\\ file.txt ");
  CHECK(line.text() == "cat my\\ file.txt  tail");
  CHECK(line.cursor() == 17);
}

TEST_CASE("file names complete from the directory the word names") {
  const char* tmpdir = std::getenv("TMPDIR");
  std::string pattern = std::string(tmpdir != nullptr ? tmpdir : "/tmp") + "/spawnsh-complete-XXXXXX";
  std::vector<char> writable(pattern.begin(), pattern.end());
  writable.push_back('\0');
  REQUIRE(::mkdtemp(writable.data()) != nullptr);
  const std::string dir = writable.data();
  REQUIRE(::mkdir((dir + "/sub").c_str(), 0700) == 0);
  for (auto name : {"/file one", "/.hidden", "/sub/inner"}) {
    FILE* f = std::fopen((dir + name).c_str(), "w");
    REQUIRE(f != nullptr);
    std::fclose(f);
  }
  using spawnsh::file_candidates;
  CHECK(file_candidates(dir + "/", nullptr) ==
        std::vector<std::string>{dir + "/file one", dir + "/sub/"});
  CHECK(file_candidates(dir + "/.h", nullptr) == std::vector<std::string>{dir + "/.hidden"});
  CHECK(file_candidates(dir + "/sub/i", nullptr) == std::vector<std::string>{dir + "/sub/inner"});
  // ~/ is HOME, and stays ~/ in what replaces the word.
  CHECK(file_candidates("~/f", &dir) == std::vector<std::string>{"~/file one"});
  CHECK(file_candidates(dir + "/none", nullptr).empty());
  std::remove((dir + "/sub/inner").c_str());
  std::remove((dir + "/file one").c_str());
  std::remove((dir + "/.hidden").c_str());
  ::rmdir((dir + "/sub").c_str());
  ::rmdir(dir.c_str());
}
