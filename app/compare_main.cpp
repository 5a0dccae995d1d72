#include "app/compare_main.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <unistd.h>
#include <vector>

#include "builtins/builtins.h"
#include "compare/driver.h"
#include "compare/exports.h"
#include "compare/plot.h"
#include "compare/progress.h"
#include "compare/report.h"
#include "shell/compare/run_once.h"
#include "shell/init.h"
#include "shell/shell.h"

extern char** environ;

namespace spawnsh::app {
namespace {

// FNV-1a: enough to tell two outputs apart; the first run's text is kept to show them.
std::uint64_t digest(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

// Measures in this very process (so the ballast is in the parent that spawns): the command's
// output goes to an unlinked temporary file, read back after each run for the equality check.
class ShellMeasurer final : public compare::Measurer {
 public:
  ShellMeasurer(Shell& shell, std::string command, std::string prepare)
      : shell_(shell), command_(std::move(command)), prepare_(std::move(prepare)) {
    capture_ = std::tmpfile();
  }
  ~ShellMeasurer() override {
    if (capture_ != nullptr) std::fclose(capture_);
  }
  ShellMeasurer(const ShellMeasurer&) = delete;
  ShellMeasurer& operator=(const ShellMeasurer&) = delete;

  bool ready() const { return capture_ != nullptr; }

  bool prepare(spawn::Backend backend, std::string& error) override {
    compare_run::RunOnce r = compare_run::run_once(shell_, prepare_, backend, empty_output());
    if (r.figures.status == 0) return true;
    error = "the --prepare command failed with status " + std::to_string(r.figures.status) +
            " (" + shown_output() + ")";
    return false;
  }

  compare::RunSample run(spawn::Backend backend) override {
    compare_run::RunOnce r = compare_run::run_once(shell_, command_, backend, empty_output());
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
  int empty_output() {
    int fd = ::fileno(capture_);
    if (::ftruncate(fd, 0) != 0 || ::lseek(fd, 0, SEEK_SET) != 0) return fd;
    return fd;
  }
  std::string read_output() {
    int fd = ::fileno(capture_);
    std::string text;
    if (::lseek(fd, 0, SEEK_SET) != 0) return text;
    char buffer[4096];
    for (;;) {
      ssize_t n = ::read(fd, buffer, sizeof buffer);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
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
  std::FILE* capture_ = nullptr;
};

bool write_export(const std::string& path, const std::string& text) {
  if (path.empty()) return true;
  std::string error;
  if (compare::write_file(path, text, error)) return true;
  std::fprintf(stderr, "spawnsh compare: %s\n", error.c_str());
  return false;
}

}  // namespace

int compare_main(int argc, char** argv) {
  std::vector<std::string> args(argv + 2, argv + argc);
  compare::Options options;
  std::string error, help;
  if (auto status = compare::parse_options(args, options, error, help)) {
    if (*status == 0) {
      std::fputs(help.c_str(), stdout);
    } else {
      std::fprintf(stderr, "%s\n", error.c_str());
    }
    return *status;
  }

  // The measuring shell: a non-interactive shell like `spawnsh -c`, whose launcher is switched
  // per run.
  Shell shell;
  shell.builtins = BuiltinTable(builtins::table());
  shell.vars.import_environment(environ);
  shell.arg0 = "spawnsh";
  shell.root_pid = ::getpid();
  initialize_variables(shell);

  ShellMeasurer measurer(shell, options.command, options.prepare);
  if (!measurer.ready()) {
    std::fprintf(stderr, "spawnsh compare: cannot make a temporary file for the output\n");
    return 1;
  }
  auto progress = compare::make_progress(STDERR_FILENO);
  compare::Comparison result;
  int status = compare::run_comparison(options, measurer, *progress, result, error);
  if (status != 0) {
    std::fprintf(stderr, "spawnsh compare: %s\n", error.c_str());
    return status;
  }
  std::string report = compare::report_text(result);
  std::fputs(report.c_str(), stdout);
  std::fflush(stdout);
  bool written = write_export(options.export_json, compare::export_json(result)) &&
                 write_export(options.export_csv, compare::export_csv(result)) &&
                 write_export(options.export_markdown, compare::export_markdown(result)) &&
                 write_export(options.plot, compare::plot_svg(result));
  return written ? 0 : 1;
}

}  // namespace spawnsh::app
