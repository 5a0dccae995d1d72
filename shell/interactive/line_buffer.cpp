#include "shell/interactive/line_buffer.h"

namespace spawnsh {
namespace {

constexpr char kEscape = '\x1b';

constexpr char control(char letter) { return static_cast<char>(letter & 0x1f); }

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// ESC [ ... sequences: parameters (digits, ;) then one final byte. Only the keys an editor needs;
// the rest are swallowed, so a stray function key inserts nothing.
EditAction csi_action(std::string_view parameters, char final) {
  // xterm's modifiers: ESC [ 1 ; 5 C is Ctrl-Right (5: Ctrl, 3: Alt).
  const bool modified = parameters == "1;5" || parameters == "1;3" || parameters == "5";
  switch (final) {
    case 'A': return EditAction::Older;
    case 'B': return EditAction::Newer;
    case 'C': return modified ? EditAction::WordRight : EditAction::Right;
    case 'D': return modified ? EditAction::WordLeft : EditAction::Left;
    case 'H': return EditAction::Home;
    case 'F': return EditAction::End;
    case '~':
      if (parameters == "1" || parameters == "7") return EditAction::Home;
      if (parameters == "4" || parameters == "8") return EditAction::End;
      if (parameters == "3") return EditAction::Delete;
      return EditAction::Ignore;
    default: return EditAction::Ignore;
  }
}

EditAction ss3_action(char final) {  // ESC O x: the keypad's application mode
  switch (final) {
    case 'A': return EditAction::Older;
    case 'B': return EditAction::Newer;
    case 'C': return EditAction::Right;
    case 'D': return EditAction::Left;
    case 'H': return EditAction::Home;
    case 'F': return EditAction::End;
    default: return EditAction::Ignore;
  }
}

EditAction control_action(char c) {
  switch (c) {
    case '\r': case '\n': return EditAction::Accept;
    case '\t': return EditAction::Complete;
    case '\x7f': case control('H'): return EditAction::Backspace;
    case control('A'): return EditAction::Home;
    case control('B'): return EditAction::Left;
    case control('C'): return EditAction::Interrupt;
    case control('D'): return EditAction::DeleteOrEnd;
    case control('E'): return EditAction::End;
    case control('F'): return EditAction::Right;
    case control('K'): return EditAction::KillToEnd;
    case control('L'): return EditAction::Redraw;
    case control('N'): return EditAction::Newer;
    case control('P'): return EditAction::Older;
    case control('U'): return EditAction::KillToStart;
    case control('W'): return EditAction::KillWord;
    case control('Y'): return EditAction::Yank;
    default: return EditAction::Ignore;
  }
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\n'; }
bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '_' || (static_cast<unsigned char>(c) & 0x80) != 0;
}

}  // namespace

std::size_t utf8_length(unsigned char lead) {
  if (lead >= 0xF0 && lead <= 0xF4) return 4;
  if (lead >= 0xE0) return lead <= 0xEF ? 3 : 1;
  if (lead >= 0xC2) return 2;
  return 1;
}

std::size_t decode_key(std::string_view pending, Key& key) {
  if (pending.empty()) return 0;
  key = Key{};
  const char first = pending[0];
  if (first == kEscape) {
    if (pending.size() < 2) return 0;
    const char second = pending[1];
    if (second == '[') {
      std::size_t i = 2;
      while (i < pending.size() && static_cast<unsigned char>(pending[i]) >= 0x20 &&
             static_cast<unsigned char>(pending[i]) <= 0x3F) {
        ++i;
      }
      if (i == pending.size()) return 0;
      key.action = csi_action(pending.substr(2, i - 2), pending[i]);
      return i + 1;
    }
    if (second == 'O') {
      if (pending.size() < 3) return 0;
      key.action = ss3_action(pending[2]);
      return 3;
    }
    // ESC as Meta: ESC b and ESC f move by words; any other pair is ignored.
    if (second == 'b' || second == 'B') key.action = EditAction::WordLeft;
    if (second == 'f' || second == 'F') key.action = EditAction::WordRight;
    // A lone ESC followed by a sequence or a control key (ESC then Enter): only the ESC is
    // dropped, so the key after it still counts.
    if (second == kEscape || static_cast<unsigned char>(second) < 0x20 || second == 0x7f) return 1;
    return 2;
  }
  const auto lead = static_cast<unsigned char>(first);
  if (lead < 0x20 || lead == 0x7f) {
    key.action = control_action(first);
    return 1;
  }
  std::size_t length = utf8_length(lead);
  std::size_t whole = 1;
  while (whole < length && whole < pending.size() && is_continuation(pending[whole])) ++whole;
  if (whole < length && whole == pending.size()) return 0;  // the rest is still on its way
  key.action = EditAction::Insert;
  key.text = pending.substr(0, whole);  // an invalid sequence: what there is, as bytes
  return whole;
}

void LineBuffer::set(std::string text) {
  text_ = std::move(text);
  cursor_ = text_.size();
}

void LineBuffer::insert(std::string_view bytes) {
  text_.insert(cursor_, bytes);
  cursor_ += bytes.size();
}

void LineBuffer::replace(std::size_t from, std::size_t to, std::string_view with) {
  text_.replace(from, to - from, with);
  cursor_ = from + with.size();
}

std::size_t LineBuffer::previous(std::size_t at) const {
  if (at == 0) return 0;
  --at;
  while (at > 0 && is_continuation(text_[at])) --at;
  return at;
}

std::size_t LineBuffer::next(std::size_t at) const {
  if (at >= text_.size()) return text_.size();
  ++at;
  while (at < text_.size() && is_continuation(text_[at])) ++at;
  return at;
}

bool LineBuffer::left() {
  if (cursor_ == 0) return false;
  cursor_ = previous(cursor_);
  return true;
}

bool LineBuffer::right() {
  if (cursor_ == text_.size()) return false;
  cursor_ = next(cursor_);
  return true;
}

void LineBuffer::word_left() {
  while (cursor_ > 0 && !is_word_char(text_[cursor_ - 1])) --cursor_;
  while (cursor_ > 0 && is_word_char(text_[cursor_ - 1])) --cursor_;
}

void LineBuffer::word_right() {
  while (cursor_ < text_.size() && !is_word_char(text_[cursor_])) ++cursor_;
  while (cursor_ < text_.size() && is_word_char(text_[cursor_])) ++cursor_;
}

bool LineBuffer::backspace() {
  if (cursor_ == 0) return false;
  std::size_t from = previous(cursor_);
  text_.erase(from, cursor_ - from);
  cursor_ = from;
  return true;
}

bool LineBuffer::delete_forward() {
  if (cursor_ == text_.size()) return false;
  text_.erase(cursor_, next(cursor_) - cursor_);
  return true;
}

void LineBuffer::kill(std::size_t from, std::size_t to) {
  if (from == to) return;
  killed_ = text_.substr(from, to - from);
  text_.erase(from, to - from);
  cursor_ = from;
}

void LineBuffer::kill_to_end() { kill(cursor_, text_.size()); }
void LineBuffer::kill_to_start() { kill(0, cursor_); }

void LineBuffer::kill_word() {
  std::size_t from = cursor_;
  while (from > 0 && is_blank(text_[from - 1])) --from;
  while (from > 0 && !is_blank(text_[from - 1])) --from;
  kill(from, cursor_);
}

void LineBuffer::yank() { insert(killed_); }

}  // namespace spawnsh
