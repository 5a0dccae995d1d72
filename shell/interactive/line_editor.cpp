// spawnsh's own line editor (SPAWNSH_LINE_EDITOR=builtin): what an embedded shell at a serial
// console needs, with no readline, ncurses or terminfo. The terminal gets only VT100 sequences
// (CR, ESC [ K, ESC [ n C, ESC [ H, ESC [ 2 J). The line is drawn on one row after the prompt's
// last line and scrolls sideways when it is wider than the terminal, so a long line never
// wraps into a state the editor cannot redraw.
//
// The terminal is in raw mode (no ICANON, no ECHO, no IEXTEN, no ICRNL) only while a line is
// read: every way out of read_line restores it (a return, an exception, a signal noted by
// PromptSignals), so commands, exec'ed programs and stopped jobs never see it. ISIG stays on, as
// under readline: Ctrl-C is the terminal's SIGINT, which PromptSignals notes, and Ctrl-Z is the
// SIGTSTP a shell doing job control ignores.
//
// Limits (documented in the man page text): emacs-like keys only (set -o vi changes nothing
// here), no ~/.inputrc, no incremental search, every character takes one column (double-width
// characters make the cursor land short), a prompt line wider than the terminal is left to the
// terminal's wrapping (the line is edited on the row where the prompt ends), and completion does
// not look inside quotes.
#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include "shell/interactive/completion.h"
#include "shell/interactive/line_buffer.h"
#include "shell/interactive/line_source.h"
#include "shell/interactive/prompt_signals.h"
#include "shell/interactive/prompt_text.h"
#include "shell/jobs/job_control.h"
#include "shell/shell.h"

namespace spawnsh {
namespace {

constexpr std::size_t kFallbackWidth = 80;

// Raw mode on the terminal for the time of one line; the destructor puts back exactly what was
// there (tcsetattr with the saved termios).
class RawMode {
 public:
  explicit RawMode(int fd) : fd_(fd) {
    if (::tcgetattr(fd, &saved_) != 0) return;
    struct termios raw = saved_;
    raw.c_lflag &= ~static_cast<tcflag_t>(ICANON | ECHO | IEXTEN);
    raw.c_iflag &= ~static_cast<tcflag_t>(ICRNL | INLCR | IGNCR);
    raw.c_cc[VMIN] = 1;
    raw.c_cc[VTIME] = 0;
    if (::tcsetattr(fd, TCSADRAIN, &raw) != 0) return;
    raw_ = true;
  }
  ~RawMode() {
    if (raw_) ::tcsetattr(fd_, TCSADRAIN, &saved_);
  }
  RawMode(const RawMode&) = delete;
  RawMode& operator=(const RawMode&) = delete;

  bool raw() const noexcept { return raw_; }

 private:
  int fd_;
  struct termios saved_ {};
  bool raw_ = false;
};

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

// The prompt as it is written, and how many columns its last line takes: readline's \1 \2
// markers (prompt_text.h) are dropped, and what was between them takes no room.
struct ShownPrompt {
  std::string before_last_line;  // every line but the last, with their newlines
  std::string last_line;
  std::size_t width = 0;
};

ShownPrompt show_prompt(std::string_view prompt) {
  std::string marked = mark_invisible_sequences(prompt);
  ShownPrompt shown;
  bool invisible = false;
  for (std::size_t i = 0; i < marked.size(); ++i) {
    const char c = marked[i];
    if (c == '\1' || c == '\2') {
      invisible = c == '\1';
      continue;
    }
    if (c == '\n') {
      shown.before_last_line += shown.last_line;
      shown.before_last_line += '\n';
      shown.last_line.clear();
      shown.width = 0;
      continue;
    }
    shown.last_line += c;
    const auto byte = static_cast<unsigned char>(c);
    if (!invisible && (byte & 0xC0) != 0x80 && !is_control(byte)) ++shown.width;
  }
  return shown;
}

std::size_t word_start(std::string_view text, std::size_t cursor) {
  std::size_t start = cursor;
  const std::string_view breaks = kCompletionWordBreaks;
  while (start > 0 && !(breaks.find(text[start - 1]) != std::string_view::npos &&
                        !escaped_at(text, start - 1))) {
    --start;
  }
  return start;
}

std::string common_prefix(const std::vector<std::string>& words) {
  std::string prefix = words.front();
  for (const std::string& w : words) {
    std::size_t n = 0;
    while (n < prefix.size() && n < w.size() && prefix[n] == w[n]) ++n;
    prefix.resize(n);
  }
  return prefix;
}

class LineEditor final : public LineSource {
 public:
  LineEditor(Shell& shell, int in, int out) : shell_(shell), in_(in), out_(out) {}

  InputLine read_line(std::string_view prompt) override {
    prompt_ = show_prompt(prompt);
    RawMode raw(in_);
    if (!raw.raw()) {
      // Not a terminal after all (or it refused): plain lines, as the fd source reads them.
      if (!fallback_) fallback_ = make_fd_source(in_, true);
      return fallback_->read_line(prompt);
    }
    PromptSignals signals;  // after RawMode, so gone before the terminal is restored
    g_prompt_interrupted = 0;
    g_prompt_hung_up = 0;
    buffer_ = LineBuffer{};
    history_at_ = shell_.history.next_number();
    draft_.clear();
    scroll_ = 0;
    last_was_complete_ = false;
    completion_changed_line_ = false;
    columns_ = terminal_width();
    draw_prompt_and_line();
    Step step = wait_for_line(signals);
    flush();
    switch (step) {
      case Step::Line: return InputLine::line(buffer_.text());
      case Step::End: return InputLine::end();
      case Step::Interrupted: return InputLine::interrupted();
      case Step::HungUp:
        // The shell is leaving: a second SIGHUP must not cut short the EXIT trap and the
        // saving of the history.
        shell_.signals.set(SIGHUP, SIG_IGN);
        return InputLine::hung_up();
      case Step::Continue: break;
    }
    return InputLine::end();
  }

 private:
  enum class Step { Continue, Line, End, Interrupted, HungUp };

  Step wait_for_line(PromptSignals& signals) {
    for (;;) {
      // The signals first: a resize or a ^C that came before a key is seen before the key.
      deliver_pending_signals(signals.during_wait);
      if (signals.take_pending_hang_up()) g_prompt_hung_up = 1;
      if (g_prompt_hung_up != 0) return finish_hang_up();
      if (g_prompt_interrupted != 0) return finish_interrupt();
      if (g_prompt_resized != 0) {
        g_prompt_resized = 0;
        columns_ = terminal_width();
        render();
      }
      if (g_prompt_child_changed != 0) {
        g_prompt_child_changed = 0;
        if (notify_at_once(shell_)) show_job_notices();
      }
      // Then the keys read so far.
      Key key;
      while (std::size_t used = decode_key(pending_, key)) {
        std::string taken = pending_.substr(0, used);
        pending_.erase(0, used);
        key.text = taken;
        Step step = handle(key);
        if (step != Step::Continue) return step;
      }
      flush();
      struct pollfd input {in_, POLLIN, 0};
      int ready = ::ppoll(&input, 1, nullptr, &signals.during_wait);
      if (ready < 0) {
        if (errno == EINTR) continue;
        return finish_end();
      }
      if ((input.revents & POLLHUP) != 0) {
        g_prompt_hung_up = 1;  // the terminal is gone; its SIGHUP may not have arrived yet
        continue;
      }
      // One byte at a time, so nothing past the line is taken from a command run next.
      unsigned char byte;
      ssize_t n = read_byte_now(in_, byte);
      if (n == 1) {
        pending_ += static_cast<char>(byte);
      } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
        return finish_end();
      }
    }
  }

  Step handle(const Key& key) {
    const bool completing = key.action == EditAction::Complete;
    const bool was_complete = last_was_complete_;
    last_was_complete_ = completing;
    switch (key.action) {
      case EditAction::Insert:
        if (appends_in_place(key.text)) {
          // Typing at the end of a line that fits: the character alone, as a terminal echoes
          // it (no redrawing on a slow serial line, and the screen reads as typed).
          buffer_.insert(key.text);
          output_ += key.text;
          return Step::Continue;
        }
        buffer_.insert(key.text);
        break;
      case EditAction::Accept:
        if (buffer_.cursor() != buffer_.text().size()) {
          buffer_.end();
          render();
        }
        output_ += "\n";
        return Step::Line;
      case EditAction::Complete:
        // As readline: a Tab lists the candidates when the Tab before it changed nothing.
        completion_changed_line_ = complete(was_complete && !completion_changed_line_);
        return Step::Continue;
      case EditAction::Backspace: if (!buffer_.backspace()) return bell(); break;
      case EditAction::DeleteOrEnd:
        if (buffer_.empty()) return finish_end();
        if (!buffer_.delete_forward()) return bell();
        break;
      case EditAction::Delete: if (!buffer_.delete_forward()) return bell(); break;
      case EditAction::Left: if (!buffer_.left()) return bell(); break;
      case EditAction::Right: if (!buffer_.right()) return bell(); break;
      case EditAction::WordLeft: buffer_.word_left(); break;
      case EditAction::WordRight: buffer_.word_right(); break;
      case EditAction::Home: buffer_.home(); break;
      case EditAction::End: buffer_.end(); break;
      case EditAction::Older: if (!older()) return bell(); break;
      case EditAction::Newer: if (!newer()) return bell(); break;
      case EditAction::KillToEnd: buffer_.kill_to_end(); break;
      case EditAction::KillToStart: buffer_.kill_to_start(); break;
      case EditAction::KillWord: buffer_.kill_word(); break;
      case EditAction::Yank: buffer_.yank(); break;
      case EditAction::Redraw:
        output_ += "\x1b[H\x1b[2J";
        draw_prompt_and_line();
        return Step::Continue;
      case EditAction::Interrupt: return finish_interrupt();
      case EditAction::Ignore: return Step::Continue;
    }
    render();
    return Step::Continue;
  }

  Step bell() {
    output_ += '\a';
    return Step::Continue;
  }

  Step finish_interrupt() {
    // As the readline source: ^C shown, the line dropped, the cursor on a fresh line.
    pending_.clear();
    if (buffer_.cursor() != buffer_.text().size()) {
      buffer_.end();
      render();
    }
    output_ += "^C\n";
    return Step::Interrupted;
  }
  Step finish_end() {
    output_ += "\n";
    return Step::End;
  }
  Step finish_hang_up() {
    pending_.clear();
    return Step::HungUp;
  }

  // ---- history: shell.history itself, newest last; the line being typed is kept aside ----
  bool older() {
    const History& history = shell_.history;
    if (history.empty() || history_at_ <= history.first_number()) return false;
    if (history_at_ > history.next_number()) history_at_ = history.next_number();
    if (history_at_ == history.next_number()) draft_ = buffer_.text();
    --history_at_;
    buffer_.set(history.at(history_at_));
    return true;
  }
  bool newer() {
    const History& history = shell_.history;
    if (history_at_ >= history.next_number()) return false;
    ++history_at_;
    buffer_.set(history_at_ == history.next_number() ? draft_ : history.at(history_at_));
    return true;
  }

  // ---- completion ----
  // Returns whether the line changed.
  bool complete(bool listing_asked) {
    const std::string& text = buffer_.text();
    const std::size_t cursor = buffer_.cursor();
    const std::size_t start = word_start(text, cursor);
    const std::string_view word = std::string_view(text).substr(start, cursor - start);
    const WordKind kind = classify_word(std::string_view(text).substr(0, start), word);
    const bool files = kind == WordKind::File;
    std::vector<std::string> candidates =
        files ? file_candidates(backslash_dequote(word), shell_.vars.value("HOME"))
              : completion_candidates(shell_, kind, word);
    if (candidates.empty()) {
      bell();
      return false;
    }
    const std::string typed = files ? backslash_dequote(word) : std::string(word);
    if (candidates.size() == 1) {
      const std::string& only = candidates.front();
      std::string replacement = files ? backslash_quote_file_name(only) : only;
      const bool open_ended = (files && only.back() == '/') || kind == WordKind::User ||
                              (kind == WordKind::Variable && only.back() == '}');
      if (!open_ended) replacement += ' ';
      buffer_.replace(start, cursor, replacement);
      render();
      return true;
    }
    const std::string prefix = common_prefix(candidates);
    if (prefix.size() > typed.size()) {
      buffer_.replace(start, cursor, files ? backslash_quote_file_name(prefix) : prefix);
      render();
      return true;
    }
    if (listing_asked) {
      list_candidates(candidates, files);
    } else {
      bell();
    }
    return false;
  }

  // The candidates below the line in columns, sorted down each column (as readline lists
  // them); file names without their directory. Then the prompt and the line again.
  void list_candidates(const std::vector<std::string>& candidates, bool files) {
    std::vector<std::string_view> names;
    std::size_t widest = 0;
    for (const std::string& c : candidates) {
      std::string_view name = c;
      if (files) {
        std::size_t slash = name.find_last_of('/', name.size() >= 2 ? name.size() - 2 : 0);
        if (slash != std::string_view::npos && slash + 1 < name.size()) name.remove_prefix(slash + 1);
      }
      names.push_back(name);
      widest = std::max(widest, name.size());
    }
    const std::size_t cell = widest + 2;
    const std::size_t per_row = std::max<std::size_t>(1, columns_ / cell);
    const std::size_t rows = (names.size() + per_row - 1) / per_row;
    output_ += "\n";
    for (std::size_t row = 0; row < rows; ++row) {
      for (std::size_t column = 0; column < per_row; ++column) {
        std::size_t i = column * rows + row;
        if (i >= names.size()) break;
        output_ += names[i];
        if (column + 1 < per_row && i + rows < names.size()) {
          output_.append(cell - names[i].size(), ' ');
        }
      }
      output_ += "\n";
    }
    draw_prompt_and_line();
  }

  // set -b: notices of jobs that changed, written below the line; then the prompt and the line
  // again, the cursor where it was (as the readline source does).
  void show_job_notices() {
    std::string text = take_job_notices(shell_);
    if (text.empty()) return;
    output_ += "\n";
    flush();
    [[maybe_unused]] ssize_t n = ::write(out_, text.data(), text.size());
    draw_prompt_and_line();
  }

  // ---- drawing ----
  // Where the line starts: after the prompt's last line, which the terminal wrapped if it is
  // wider than a row.
  std::size_t prompt_column() const { return prompt_.width % columns_; }

  std::size_t room() const {
    return columns_ > prompt_column() + 1 ? columns_ - prompt_column() - 1 : std::size_t{1};
  }

  bool appends_in_place(std::string_view typed) const {
    if (scroll_ != 0 || buffer_.cursor() != buffer_.text().size()) return false;
    if (is_control(static_cast<unsigned char>(typed.front()))) return false;
    std::size_t shown = 0;  // columns: every character one, a control character two
    for (char c : buffer_.text()) {
      const auto byte = static_cast<unsigned char>(c);
      if ((byte & 0xC0) != 0x80) shown += is_control(byte) ? 2 : 1;
    }
    return shown + 1 < room();
  }

  std::size_t terminal_width() const {
    struct winsize size {};
    if (::ioctl(out_, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    return kFallbackWidth;
  }

  void draw_prompt_and_line() {
    output_ += prompt_.before_last_line;  // the terminal's ONLCR makes each \n a new line
    output_ += prompt_.last_line;
    if (prompt_.width > 0 && prompt_column() == 0) {
      // The prompt ends at the last column. Terminals defer that wrap (xterm, the Linux
      // console): the cursor stays on the prompt's row until the next character, and the CR
      // of a redraw would go back over the prompt. A space then CR leaves the cursor at the
      // start of the next row whether the terminal deferred the wrap or not (as zsh and
      // readline do); the space is drawn over by the line or stays blank.
      output_ += " \r";
    }
    if (!buffer_.empty()) render(/*after_prompt=*/true);
  }

  // The prompt's last line and the part of the line that fits after it, the rest of the row
  // cleared, the cursor put back in place. The line scrolls sideways to keep the cursor shown.
  void render(bool after_prompt = false) {
    const std::string& text = buffer_.text();
    // Each character's byte offset; control characters (a newline in a recalled command) are
    // shown as ^X and take two columns.
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size(); i += utf8_length(static_cast<unsigned char>(text[i]))) {
      starts.push_back(i);
    }
    auto width_of = [&](std::size_t index) {
      return is_control(static_cast<unsigned char>(text[starts[index]])) ? 2u : 1u;
    };
    const std::size_t count = starts.size();
    const std::size_t cursor_index =
        std::lower_bound(starts.begin(), starts.end(), buffer_.cursor()) - starts.begin();
    const std::size_t room = this->room();
    if (cursor_index < scroll_) scroll_ = cursor_index > room / 2 ? cursor_index - room / 2 : 0;
    std::size_t before_cursor = 0;  // columns from scroll_ to the cursor
    for (std::size_t i = scroll_; i < cursor_index; ++i) before_cursor += width_of(i);
    while (before_cursor >= room && scroll_ < cursor_index) before_cursor -= width_of(scroll_++);
    // The prompt stays where it was drawn (draw_prompt_and_line): written again on each key it
    // would scroll past a reader of the screen as many prompts.
    if (!after_prompt) {
      output_ += '\r';
      if (prompt_column() > 0) output_ += "\x1b[" + std::to_string(prompt_column()) + "C";
    }
    std::size_t used = 0;
    std::size_t last_shown = scroll_;
    for (std::size_t i = scroll_; i < count; ++i) {
      const std::size_t w = width_of(i);
      if (used + w > room) break;
      const std::size_t end = i + 1 < count ? starts[i + 1] : text.size();
      const auto byte = static_cast<unsigned char>(text[starts[i]]);
      if (is_control(byte)) {
        output_ += '^';
        output_ += static_cast<char>(byte == 0x7f ? '?' : byte + '@');
      } else {
        output_.append(text, starts[i], end - starts[i]);
      }
      used += w;
      last_shown = i + 1;
    }
    output_ += "\x1b[K";
    if (cursor_index == count && last_shown == count) return;  // already after the last one
    output_ += '\r';
    const std::size_t column = prompt_column() + before_cursor;
    if (column > 0) output_ += "\x1b[" + std::to_string(column) + "C";
  }

  void flush() {
    std::size_t done = 0;
    while (done < output_.size()) {
      ssize_t n = ::write(out_, output_.data() + done, output_.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    output_.clear();
  }

  Shell& shell_;
  int in_;
  int out_;
  ShownPrompt prompt_;
  LineBuffer buffer_;
  std::string pending_;  // bytes read, not yet a whole key
  std::string output_;   // written at once per round of keys (fewer writes on a slow line)
  std::size_t history_at_ = 0;
  std::string draft_;  // the typed line, while older commands are shown
  std::size_t scroll_ = 0;
  std::size_t columns_ = kFallbackWidth;
  bool last_was_complete_ = false;
  bool completion_changed_line_ = false;
  std::unique_ptr<LineSource> fallback_;
};

}  // namespace

std::unique_ptr<LineSource> make_line_editor(Shell& shell) {
  // TERM=dumb: a terminal that cannot take even the few sequences above (Emacs' shell buffer).
  const char* term = std::getenv("TERM");
  if (term != nullptr && std::strcmp(term, "dumb") == 0) return make_fd_source(STDIN_FILENO, true);
  int out = ::isatty(STDERR_FILENO) ? STDERR_FILENO
            : ::isatty(STDOUT_FILENO) ? STDOUT_FILENO
                                      : STDERR_FILENO;
  return std::make_unique<LineEditor>(shell, STDIN_FILENO, out);
}

#ifndef SPAWNSH_WITH_READLINE
std::unique_ptr<LineSource> make_terminal_source(Shell& shell) { return make_line_editor(shell); }
#endif

}  // namespace spawnsh
