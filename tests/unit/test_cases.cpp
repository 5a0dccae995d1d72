// Behaviour tests from tests/cases/*.case, each case run by spawnsh under every backend (and,
// where dash is installed, by dash too). The processes are made with our own spawn library.
//
// Case file format:
//   ### name                 starts a case; the lines up to the next "## " are its script
//   ## stdout:               the lines up to the next "## " or "### " are the expected stdout
//   ## status: N             expected exit status (default 0)
//   ## stderr-contains: T    stderr must contain T
//   ## dash: REASON          dash is known to differ here, for REASON: it is not compared
//   ## sanitizers: REASON    the case cannot run under ASan/LSan (the build of .ci/sanitize), for
//                            REASON (a limit the sanitizers' runtime cannot live with): it is
//                            skipped in that build only, counted and named in the output
// Blank lines at the end of a block separate cases; they are not part of it.
// A build without the comparison mode (SPAWNSH_COMPARE=OFF) leaves compare.case out (named in the
// output); CTest compare_not_built checks there that compare is refused.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

#include "spawn/spawn.h"
#include "tests/support/shell_runner.h"

using namespace spawnsh::spawn;
using spawnsh::testing::RunResult;
using spawnsh::testing::run_in_empty_directory;

namespace {

struct Case {
  std::string file;
  int line = 0;
  std::string name;
  std::string script;
  std::string expected_stdout;
  int expected_status = 0;
  std::vector<std::string> stderr_contains;
  std::string dash_differs;  // the reason, when dash is known to differ
  std::string not_under_sanitizers;  // the reason, when the sanitizers' runtime cannot run it
};

std::vector<Case> parse_cases(const std::string& path) {
  std::ifstream in(path);
  std::vector<Case> cases;
  std::string line;
  enum class Block { None, Script, Stdout } block = Block::None;
  int number = 0;
  std::string name = path.substr(path.rfind('/') + 1);
  while (std::getline(in, line)) {
    ++number;
    if (line.rfind("### ", 0) == 0) {
      cases.push_back({name, number, line.substr(4), {}, {}, 0, {}, {}, {}});
      block = Block::Script;
      continue;
    }
    if (cases.empty()) continue;  // a header before the first case
    Case& c = cases.back();
    if (line.rfind("## ", 0) == 0) {
      std::string directive = line.substr(3);
      block = Block::None;
      if (directive == "stdout:") {
        block = Block::Stdout;
      } else if (directive.rfind("status: ", 0) == 0) {
        c.expected_status = std::stoi(directive.substr(8));
      } else if (directive.rfind("stderr-contains: ", 0) == 0) {
        c.stderr_contains.push_back(directive.substr(17));
      } else if (directive.rfind("dash: ", 0) == 0) {
        c.dash_differs = directive.substr(6);
      } else if (directive.rfind("sanitizers: ", 0) == 0) {
        c.not_under_sanitizers = directive.substr(12);
      } else {
        FAIL(name << ":" << number << ": unknown directive '## " << directive << "'");
      }
      continue;
    }
    if (block == Block::Script) c.script += line + "\n";
    if (block == Block::Stdout) c.expected_stdout += line + "\n";
  }
  auto trim_blank_lines = [](std::string& text) {
    while (text.size() >= 2 && text.compare(text.size() - 2, 2, "\n\n") == 0) text.pop_back();
    if (text == "\n") text.clear();
  };
  for (Case& c : cases) {
    trim_blank_lines(c.script);
    trim_blank_lines(c.expected_stdout);
  }
  return cases;
}

#ifdef SPAWNSH_WITHOUT_COMPARE
constexpr bool kWithoutCompare = true;
#else
constexpr bool kWithoutCompare = false;
#endif

// Every tests/cases/*.case file; SPAWNSH_CASES=NAME narrows the run to the files whose name
// contains NAME (handy while working on one area; CI never sets it).
std::vector<std::string> case_files() {
  std::string dir = std::string(SPAWNSH_TEST_DATA) + "/cases";
  const char* only = std::getenv("SPAWNSH_CASES");
  std::vector<std::string> files;
  DIR* d = ::opendir(dir.c_str());
  REQUIRE(d != nullptr);
  while (dirent* e = ::readdir(d)) {
    std::string n = e->d_name;
    if (n.size() <= 5 || n.compare(n.size() - 5, 5, ".case") != 0) continue;
    if (only != nullptr && n.find(only) == std::string::npos) continue;
    if (kWithoutCompare && n == "compare.case") {
      WARN(n << ": not run (this build has no comparison mode: SPAWNSH_COMPARE=OFF)");
      continue;
    }
    files.push_back(dir + "/" + n);
  }
  ::closedir(d);
  std::sort(files.begin(), files.end());
  return files;
}

// Catch2 lays out a failed comparison's strings in columns, in time quadratic in their length:
// a runaway output must not hang the test run, so long texts are compared and then shown cut.
std::string shown(const std::string& text) {
  constexpr std::size_t kMaxShown = 2000;
  if (text.size() <= kMaxShown) return text;
  return text.substr(0, kMaxShown) + "\n[... " + std::to_string(text.size() - kMaxShown) +
         " more bytes]";
}

// Built by .ci/sanitize (SPAWNSH_SANITIZE): cases marked "## sanitizers:" are left out.
#ifdef SPAWNSH_SANITIZED_BUILD
constexpr bool kSanitizedBuild = true;
#else
constexpr bool kSanitizedBuild = false;
#endif

bool dash_installed() { return ::access("/bin/dash", X_OK) == 0; }

// Runs every case with spawnsh started with `options`; returns how many ran.
std::size_t run_every_case(const std::vector<std::string>& options) {
  std::size_t count = 0;
  std::string shown_options;
  for (const std::string& o : options) shown_options += (shown_options.empty() ? "" : " ") + o;
  for (const std::string& file : case_files()) {
    for (const Case& c : parse_cases(file)) {
      if (kSanitizedBuild && !c.not_under_sanitizers.empty()) {
        WARN(c.file << ":" << c.line << ": " << c.name << ": not run under the sanitizers ("
                    << c.not_under_sanitizers << ")");
        continue;
      }
      INFO(c.file << ":" << c.line << ": " << c.name << " [" << shown_options << "]\n" << c.script);
      std::vector<std::string> argv{SPAWNSH_BINARY};
      argv.insert(argv.end(), options.begin(), options.end());
      argv.insert(argv.end(), {"-c", c.script});
      RunResult r = run_in_empty_directory(argv);
      INFO("stderr: " << shown(r.err));
      bool same_output = r.out == c.expected_stdout;
      INFO("stdout: " << shown(r.out) << "\nexpected: " << shown(c.expected_stdout));
      CHECK(same_output);
      CHECK(r.status == c.expected_status);
      for (const std::string& text : c.stderr_contains) {
        CHECK_THAT(r.err, Catch::Matchers::Contains(text));
      }
      // A sanitizer's report fails the case even when the status happens to be the expected one
      // (ASan exits 1, which many cases expect) or the report went to a child's stderr.
      CHECK_THAT(r.err, !Catch::Matchers::Contains("Sanitizer") &&
                            !Catch::Matchers::Contains("runtime error: "));
      ++count;
    }
  }
  return count;
}

// The backends the cases run under: every one, or those named in SPAWNSH_CASE_BACKENDS
// (comma-separated; handy while working on one backend, CI never sets it).
std::vector<Backend> case_backends() {
  std::vector<Backend> all(std::begin(kConcreteBackends), std::end(kConcreteBackends));
  all.push_back(Backend::Emulated);
  const char* only = std::getenv("SPAWNSH_CASE_BACKENDS");
  if (only == nullptr || *only == '\0') return all;
  std::vector<Backend> chosen;
  std::string_view names = only;
  for (Backend b : all) {
    std::string_view name = backend_name(b);
    for (std::size_t at = names.find(name); at != std::string_view::npos;
         at = names.find(name, at + 1)) {
      bool starts = at == 0 || names[at - 1] == ',';
      bool ends = at + name.size() == names.size() || names[at + name.size()] == ',';
      if (starts && ends) chosen.push_back(b);
    }
  }
  return chosen;
}

}  // namespace

TEST_CASE("case files: spawnsh under every backend", "[cases]") {
  std::size_t count = 0;
  for (Backend b : case_backends()) {
    count += run_every_case({"--spawn=" + std::string(backend_name(b))});
  }
  CHECK(count > 0);
}

// No-fork mode, proven: a seccomp filter makes fork (and clone without CLONE_VM) fail with
// EPERM in spawnsh and everything it starts, and every case must still pass.
TEST_CASE("case files: spawnsh --spawn=emulated --no-fork under a filter that forbids fork",
          "[.][no-fork]") {
  CHECK(run_every_case({"--spawn=emulated", "--no-fork-seccomp"}) > 0);
}

// The emulated backend's other channel: the state as an image at a fixed address (shell/image.h).
// CTest runs it with SPAWNSH_IMAGE_AUDIT set, so every image a case makes is audited for words
// pointing outside it before it is handed over (a failed audit fails the child, and the case).
TEST_CASE("case files: spawnsh --spawn=emulated --emulated-channel=image", "[.][emulated-image]") {
  CHECK(run_every_case({"--spawn=emulated", "--emulated-channel=image"}) > 0);
}

TEST_CASE("case files: dash agrees, or the difference is recorded", "[cases][dash]") {
  if (!dash_installed()) {
    WARN("dash is not installed: the comparison with dash was not made");
    return;
  }
  for (const std::string& file : case_files()) {
    for (const Case& c : parse_cases(file)) {
      if (!c.dash_differs.empty()) continue;
      INFO(c.file << ":" << c.line << ": " << c.name << " [dash]\n" << c.script);
      RunResult r = run_in_empty_directory({"/bin/dash", "-c", c.script});
      INFO("stderr: " << shown(r.err));
      bool same_output = r.out == c.expected_stdout;
      INFO("stdout: " << shown(r.out) << "\nexpected: " << shown(c.expected_stdout));
      CHECK(same_output);
      CHECK(r.status == c.expected_status);
    }
  }
}
