#include "shell/compare/comparison.h"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <unistd.h>

#include "compare/driver.h"
#include "compare/exports.h"
#include "compare/options.h"
#include "compare/plot.h"
#include "compare/progress.h"
#include "compare/report.h"
#include "shell/compare/run_once.h"
#include "shell/exec/shell_fds.h"
#include "shell/platform/anonymous_file.h"
#include "shell/platform/write_all.h"
#include "shell/shell.h"

namespace spawnsh::compare_run {
namespace {

// A closed or full output: the callers that print a result say so; for the others the exit
// status still says what happened.
using platform::write_all;

// FNV-1a: enough to tell two outputs apart; the first run's text is kept to show them.
std::uint64_t digest(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Measures in this very process (so the ballast, and the shell's own size, are in the parent
// that spawns). The command's output goes to an anonymous file, read back after each run for
// the check that every backend printed the same.
class ShellMeasurer final : public compare::Measurer {
 public:
  ShellMeasurer(Shell& shell, std::string command, std::string prepare)
      : shell_(shell), command_(std::move(command)), prepare_(std::move(prepare)),
        capture_fd_(move_to_shell_range(platform::anonymous_file_with(std::string_view()))) {}
  ~ShellMeasurer() override {
    if (capture_fd_ >= 0) ::close(capture_fd_);
  }
  ShellMeasurer(const ShellMeasurer&) = delete;
  ShellMeasurer& operator=(const ShellMeasurer&) = delete;

  bool ready() const { return capture_fd_ >= 0; }

  bool prepare(compare::Variant variant, std::string& error) override {
    RunOnce r = run_once(shell_, prepare_, variant, emptied_output());
    if (r.figures.status == 0) return true;
    error = "the --prepare command failed with status " + std::to_string(r.figures.status) +
            " (" + shown_output() + ")";
    return false;
  }

  compare::RunSample run(compare::Variant variant) override {
    RunOnce r = run_once(shell_, command_, variant, emptied_output());
    compare::RunSample s;
    const timing::JobFigures& f = r.figures;
    s.wall = static_cast<double>(f.real.count()) / 1e6;
    s.user = static_cast<double>(f.usage.user.count()) / 1e6;
    s.system = static_cast<double>(f.usage.system.count()) / 1e6;
    s.max_rss_kib = f.usage.max_rss_kib;
    s.minor_faults = f.usage.minor_faults;
    s.major_faults = f.usage.major_faults;
    s.voluntary_switches = f.usage.voluntary_switches;
    s.involuntary_switches = f.usage.involuntary_switches;
    s.exit_code = f.status;
    s.processes = f.processes;
    for (std::size_t i = 0; i < s.by_backend.size(); ++i) s.by_backend[i] = r.by_backend[i];
    s.fallbacks = r.fallbacks;
    s.output = read_output();
    s.output_digest = digest(s.output);
    return s;
  }

 private:
  int emptied_output() {
    // If the file cannot be emptied the next run's output follows the last one's: the equality
    // check then reports a difference rather than hiding one.
    (void)::ftruncate(capture_fd_, 0);
    (void)::lseek(capture_fd_, 0, SEEK_SET);
    return capture_fd_;
  }
  std::string read_output() {
    std::string text;
    char buffer[4096];
    for (off_t at = 0;;) {
      ssize_t n = ::pread(capture_fd_, buffer, sizeof buffer, at);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
      at += n;
    }
    return text;
  }
  std::string shown_output() {
    std::string text = read_output();
    if (text.size() > 200) text.resize(200);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    return text.empty() ? "no output" : "output: " + text;
  }

  Shell& shell_;
  std::string command_;
  std::string prepare_;
  int capture_fd_;
};

bool write_export(const std::string& path, const std::string& text, std::string_view who) {
  if (path.empty()) return true;
  std::string error;
  if (compare::write_file(path, text, error)) return true;
  write_all(STDERR_FILENO, std::string(who) + ": " + error + "\n");
  return false;
}

}  // namespace

int run_comparison(Shell& shell, const std::vector<std::string>& args, std::string_view who) {
  compare::Options options;
  std::string error, help;
  if (auto status = compare::parse_options(args, options, error, help)) {
    if (*status != 0) {
      write_all(STDERR_FILENO, std::string(who) + ": " + error + "\n");
      return *status;
    }
    if (write_all(STDOUT_FILENO, help)) return 0;
    const int write_error = errno;
    write_all(STDERR_FILENO, std::string(who) + ": --help: write error: " +
                                 std::strerror(write_error) + "\n");
    return 1;
  }

  ShellMeasurer measurer(shell, options.command, options.prepare);
  if (!measurer.ready()) {
    write_all(STDERR_FILENO, std::string(who) + ": cannot make a file for the command's output\n");
    return 1;
  }
  auto progress = compare::make_progress(STDERR_FILENO, STDOUT_FILENO);
  compare::Comparison result;
  int status = compare::run_comparison(options, measurer, *progress, result, error);
  if (status != 0) {
    write_all(STDERR_FILENO, std::string(who) + ": " + error + "\n");
    return status;
  }
  write_all(STDOUT_FILENO, compare::report_text(result));
  bool written = write_export(options.export_json, compare::export_json(result), who) &&
                 write_export(options.export_csv, compare::export_csv(result), who) &&
                 write_export(options.export_markdown, compare::export_markdown(result), who) &&
                 write_export(options.plot, compare::plot_svg(result), who);
  return written ? 0 : 1;
}

}  // namespace spawnsh::compare_run
