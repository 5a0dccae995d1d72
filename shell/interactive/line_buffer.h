// The terminal-free half of spawnsh's own line editor (line_editor.cpp): what a key means, and
// the line being edited. Plain C++ with no terminal in it, so the unit tests drive it directly.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace spawnsh {

// What a key (or a key's escape sequence) asks for. Emacs-like keys only: `set -o vi` has no
// effect on this editor.
enum class EditAction {
  Insert,       // text typed (one whole UTF-8 character, or a byte that is none)
  Accept,       // Enter (CR or LF)
  Complete,     // Tab
  Backspace,    // DEL, Ctrl-H
  DeleteOrEnd,  // Ctrl-D: the character under the cursor, or the end of input on an empty line
  Delete,       // Delete (ESC [ 3 ~)
  Left,         // Left arrow, Ctrl-B
  Right,        // Right arrow, Ctrl-F
  WordLeft,     // ESC b, Ctrl-Left
  WordRight,    // ESC f, Ctrl-Right
  Home,         // Home (ESC [ H, ESC [ 1 ~, ESC [ 7 ~, ESC O H), Ctrl-A
  End,          // End (ESC [ F, ESC [ 4 ~, ESC [ 8 ~, ESC O F), Ctrl-E
  Older,        // Up arrow, Ctrl-P
  Newer,        // Down arrow, Ctrl-N
  KillToEnd,    // Ctrl-K
  KillToStart,  // Ctrl-U
  KillWord,     // Ctrl-W: the blank-separated word before the cursor
  Yank,         // Ctrl-Y: the text the last kill took
  Redraw,       // Ctrl-L: clear the screen, prompt and line again
  Interrupt,    // Ctrl-C read as a byte (the terminal's ISIG is off): as SIGINT at the prompt
  Ignore,       // anything else (unknown sequences are swallowed whole)
};

struct Key {
  EditAction action = EditAction::Ignore;
  std::string_view text;  // for Insert: the bytes to insert
};

// Decodes the first key in `pending`. Returns how many bytes it took, or 0 when `pending` holds
// only the start of a key (an escape sequence or a UTF-8 character still arriving).
std::size_t decode_key(std::string_view pending, Key& key);

// Bytes of the UTF-8 character that starts with `lead` (1 for a byte that starts none).
std::size_t utf8_length(unsigned char lead);

// A line of UTF-8 text and a cursor (a byte offset, always at the start of a character).
class LineBuffer {
 public:
  const std::string& text() const noexcept { return text_; }
  std::size_t cursor() const noexcept { return cursor_; }
  bool empty() const noexcept { return text_.empty(); }

  // Replaces the whole line (history); the cursor goes to its end.
  void set(std::string text);
  void insert(std::string_view bytes);
  // Replaces bytes [from, to) (completion); the cursor goes after the new text.
  void replace(std::size_t from, std::size_t to, std::string_view with);

  bool left();
  bool right();
  void word_left();
  void word_right();
  void home() noexcept { cursor_ = 0; }
  void end() noexcept { cursor_ = text_.size(); }
  bool backspace();
  bool delete_forward();
  void kill_to_end();
  void kill_to_start();
  void kill_word();
  void yank();

 private:
  std::size_t previous(std::size_t at) const;
  std::size_t next(std::size_t at) const;
  void kill(std::size_t from, std::size_t to);

  std::string text_;
  std::size_t cursor_ = 0;
  std::string killed_;
};

}  // namespace spawnsh
