// GNU Readline through its callback interface: the shell waits for input itself (ppoll), so a
// Ctrl-C at the prompt can end the read with the line dropped, which readline(3)'s blocking call
// cannot do without longjmp (readline would re-display the typed line after the signal).
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <readline/history.h>
#include <readline/readline.h>

#include "shell/interactive/completion.h"
#include "shell/interactive/line_source.h"
#include "shell/interactive/prompt_signals.h"
#include "shell/interactive/prompt_text.h"
#include "shell/jobs/job_control.h"
#include "shell/shell.h"

namespace spawnsh {
namespace {

// The signal mask while waiting for a key: the prompt's signals unblocked (PromptSignals).
sigset_t g_during_wait;

// Readline's key reader. Readline's own polls and then read()s with the prompt's signals
// blocked; a Ctrl-C between the two flushes the terminal's input (ISIG), and the read then
// blocks for good with the SIGINT pending (seen: typed text, then ^C at once, hung the prompt).
// This one waits only in ppoll, where those signals are delivered, and never in read. Once a
// signal has ended the wait it answers a newline: readline ends the line (an EOF would be taken
// as ^D, or as the end of input), and wait_for_line, which looks at the flags first, drops it.
int read_key(FILE* stream) {
  const int fd = ::fileno(stream);
  for (;;) {
    deliver_pending_signals(g_during_wait);
    if (g_prompt_interrupted != 0 || g_prompt_hung_up != 0) return '\n';
    struct pollfd input {fd, POLLIN, 0};
    int ready = ::ppoll(&input, 1, nullptr, &g_during_wait);
    if (ready < 0) {
      if (errno == EINTR) continue;
      return EOF;
    }
    if ((input.revents & POLLHUP) != 0) {
      g_prompt_hung_up = 1;  // the terminal is gone; its SIGHUP may not have arrived yet
      return EOF;
    }
    unsigned char key;
    ssize_t n = read_byte_now(fd, key);
    const int error = errno;
    if (n == 1) return key;
    if (n < 0 && (error == EINTR || error == EAGAIN)) continue;  // flushed: wait again
    return EOF;
  }
}


// Backslash-quotes a completed file name (readline's default would wrap it in a quote).
// Inside quotes the name goes in as it is.
char* quote_file_name(char* text, int /*match_type*/, char* quote_pointer) {
  const bool in_quotes = quote_pointer != nullptr && *quote_pointer != '\0';
  return ::strdup(in_quotes ? text : backslash_quote_file_name(text).c_str());
}

char* dequote_file_name(char* text, int quote_char) {
  return ::strdup(quote_char != 0 ? text : backslash_dequote(text).c_str());
}

// readline's form of escaped_at (completion.h).
int char_is_quoted(char* text, int index) {
  return escaped_at(text, static_cast<std::size_t>(index)) ? 1 : 0;
}

class ReadlineSource;
ReadlineSource* g_active = nullptr;  // readline's callbacks are plain functions

std::vector<std::string> g_candidates;
std::size_t g_next_candidate = 0;

char* next_candidate(const char*, int state) {
  if (state == 0) g_next_candidate = 0;
  if (g_next_candidate >= g_candidates.size()) return nullptr;
  return ::strdup(g_candidates[g_next_candidate++].c_str());
}

class ReadlineSource final : public LineSource {
 public:
  explicit ReadlineSource(Shell& shell) : shell_(shell) {
    g_active = this;
    rl_readline_name = "spawnsh";  // for $if spawnsh in ~/.inputrc
    // The shell handles SIGINT and SIGWINCH itself around the wait for input (read_line).
    rl_catch_signals = 0;
    rl_catch_sigwinch = 0;
    rl_getc_function = read_key;
    rl_attempted_completion_function = complete;
    rl_completer_word_break_characters = const_cast<char*>(kCompletionWordBreaks);
    rl_completer_quote_characters = "'\"";
    rl_filename_quote_characters = kSpecialInFileNames;
    rl_filename_quoting_function = quote_file_name;
    rl_filename_dequoting_function = dequote_file_name;
    rl_char_is_quoted_p = char_is_quoted;
    using_history();
    // ~/.inputrc is read now, once; its editing mode counts unless the command line chose one.
    rl_initialize();
    if (!shell.options.get(Option::Vi) && !shell.options.get(Option::Emacs)) {
      shell.options.set(rl_editing_mode == 0 ? Option::Vi : Option::Emacs, true);
    }
    vi_ = rl_editing_mode == 0;
  }
  ~ReadlineSource() override { g_active = nullptr; }

  InputLine read_line(std::string_view prompt) override {
    follow_editing_mode();
    mirror_history();
    rl_reset_screen_size();  // a program run since the last prompt may have seen a resize
    Ending ending = wait_for_line(mark_invisible_sequences(prompt));
    switch (ending) {
      case Ending::HungUp:
        // The shell is leaving: a second SIGHUP (the terminal's owner insisting) must not cut
        // short the EXIT trap and the saving of the history.
        shell_.signals.set(SIGHUP, SIG_IGN);
        return InputLine::hung_up();
      case Ending::Interrupted:
        return InputLine::interrupted();
      case Ending::Done:
        break;
    }
    if (!line_) {
      // End of file leaves the cursor at the start of a line, as the fd source does: readline
      // moves there itself only when bracketed paste is on.
      const char* paste = rl_variable_value("enable-bracketed-paste");
      if (paste == nullptr || std::strcmp(paste, "on") != 0) rl_crlf();
      return InputLine::end();
    }
    return InputLine::line(std::move(*line_));
  }

 private:
  enum class Ending { Done, Interrupted, HungUp };

  // Feeds readline a key at a time until it has a line (or the end of input), a Ctrl-C or a
  // hangup; readline's state is cleaned up whichever way the read ends.
  Ending wait_for_line(const std::string& prompt) {
    PromptSignals signals;
    g_during_wait = signals.during_wait;
    g_prompt_interrupted = 0;
    g_prompt_hung_up = 0;
    done_ = false;
    line_.reset();
    rl_eof_found = 0;  // readline leaves it set after an end of file in callback mode
    rl_callback_handler_install(prompt.c_str(), on_line);
    for (;;) {
      deliver_pending_signals(signals.during_wait);  // a ^C or a resize before later keys
      if (done_ || g_prompt_interrupted != 0 || g_prompt_hung_up != 0) break;
      if (g_prompt_resized) {
        g_prompt_resized = 0;
        rl_resize_terminal();
      }
      if (g_prompt_child_changed) {
        g_prompt_child_changed = 0;
        if (notify_at_once(shell_)) show_job_notices();
      }
      struct pollfd input {STDIN_FILENO, POLLIN, 0};
      int ready = ::ppoll(&input, 1, nullptr, &signals.during_wait);
      if (ready < 0) {
        if (errno == EINTR) continue;
        break;  // the terminal cannot be polled: end of input
      }
      if ((input.revents & POLLHUP) != 0) {
        g_prompt_hung_up = 1;  // the terminal is gone; its SIGHUP may not have arrived yet
      } else if ((input.revents & (POLLIN | POLLERR)) != 0) {
        rl_callback_read_char();
      }
    }
    if (signals.take_pending_hang_up()) g_prompt_hung_up = 1;
    if (g_prompt_hung_up != 0) {
      rl_callback_sigcleanup();
      rl_clear_pending_input();
      rl_callback_handler_remove();
      return Ending::HungUp;
    }
    if (g_prompt_interrupted != 0) {
      if (done_) {
        // read_key's newline ended the line (readline has moved to the next one): drop it.
        rl_clear_pending_input();
        rl_echo_signal_char(SIGINT);
        rl_crlf();
        line_.reset();
        done_ = false;
        using_history();
        return Ending::Interrupted;
      }
      // Drop what was typed (and any undo list or argument), show ^C, and end the line.
      rl_free_line_state();
      rl_callback_sigcleanup();
      rl_clear_pending_input();
      rl_echo_signal_char(SIGINT);
      rl_replace_line("", 0);
      rl_point = rl_end = 0;
      rl_crlf();
      rl_callback_handler_remove();
      using_history();  // back to the end of the list after browsing it
      return Ending::Interrupted;
    }
    if (!done_) rl_callback_handler_remove();
    return Ending::Done;
  }

  // set -b: the notices of jobs that changed, written while a line is being typed. The line
  // stays on the screen as it was; the notices go below it, then the prompt and the line are
  // drawn again, the cursor where it was (as bash does).
  void show_job_notices() {
    std::string text = take_job_notices(shell_);
    if (text.empty()) return;
    const int point = rl_point;
    rl_point = rl_end;  // to the end of the typed text, so that the notices go below all of it
    rl_redisplay();
    rl_point = point;
    std::fflush(rl_outstream);
    text.insert(0, "\n");
    [[maybe_unused]] ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
    rl_on_new_line();
    rl_redisplay();
  }

  static void on_line(char* line) {
    // Removing the handler here keeps readline from showing the prompt again (its manual's
    // advice for the callback interface).
    rl_callback_handler_remove();
    ReadlineSource& self = *g_active;
    self.done_ = true;
    if (line != nullptr) {
      self.line_ = std::string(line);
      std::free(line);
    }
  }

  // Completion: the kind of word decides the candidates; file names come from readline.
  static char** complete(const char* text, int start, int /*end*/) {
    rl_attempted_completion_over = 1;  // never readline's default (file names) as a fallback
    std::string_view before(rl_line_buffer, static_cast<std::size_t>(start));
    WordKind kind = classify_word(before, text);
    if (kind == WordKind::File) {
      char* plain = dequote_file_name(const_cast<char*>(text), rl_completion_quote_character);
      char** matches = rl_completion_matches(plain, rl_filename_completion_function);
      std::free(plain);
      return matches;
    }
    g_candidates = completion_candidates(g_active->shell_, kind, text);
    if (kind == WordKind::User) rl_completion_suppress_append = 1;  // ends in '/'
    if (kind == WordKind::Variable && std::string_view(text).find("${") != std::string_view::npos) {
      rl_completion_suppress_append = 1;  // `${HOME}` may go on: `${HOME}/bin`
    }
    return rl_completion_matches(text, next_candidate);
  }

  void follow_editing_mode() {
    bool vi = shell_.options.get(Option::Vi);
    if (vi == vi_) return;
    vi_ = vi;
    rl_variable_bind("editing-mode", vi ? "vi" : "emacs");
  }

  // Readline's list follows shell.history: new commands are copied, anything else (fc's
  // replacement of its own line, the file loaded) rebuilds it.
  void mirror_history() {
    const History& history = shell_.history;
    if (history.generation() != generation_) {
      clear_history();
      for (std::size_t n = history.first_number(); !history.empty() && n <= history.last_number(); ++n) {
        add_history(history.at(n).c_str());
      }
      generation_ = history.generation();
    } else {
      std::uint64_t fresh = history.appended() - appended_;
      std::size_t count = std::min<std::size_t>(fresh, history.size());
      for (std::size_t n = history.next_number() - count; n < history.next_number(); ++n) {
        add_history(history.at(n).c_str());
      }
    }
    appended_ = history.appended();
    stifle_history(static_cast<int>(std::min<std::size_t>(history.max_size(), 1u << 30)));
    using_history();
  }

  Shell& shell_;
  bool done_ = false;
  std::optional<std::string> line_;
  bool vi_ = false;
  std::uint64_t generation_ = 0;
  std::uint64_t appended_ = 0;
};

}  // namespace

std::unique_ptr<LineSource> make_readline_source(Shell& shell) {
  return std::make_unique<ReadlineSource>(shell);
}

std::unique_ptr<LineSource> make_terminal_source(Shell& shell) { return make_readline_source(shell); }

}  // namespace spawnsh
