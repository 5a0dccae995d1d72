// `spawnsh compare` end to end, through the real binary: option errors (one line, status 2), a
// pipeline with $( ) measured under every backend, the exports on disk, failures with and
// without -i, --prepare, a ballast that does not fit, and no progress bar off a terminal.
#include <catch2/catch.hpp>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <unistd.h>

#include "shell/image.h"
#include "tests/support/mini_json.h"
#include "tests/support/shell_runner.h"
#include "tests/support/temp_paths.h"

using spawnsh::testing::RunResult;
using spawnsh::testing::run_in_empty_directory;
using spawnsh::testing::read_file;
using spawnsh::testing::TempDir;

namespace {

RunResult compare(std::vector<std::string> args) {
  args.insert(args.begin(), {SPAWNSH_BINARY, "compare"});
  return run_in_empty_directory(args);
}

int lines(const std::string& text) {
  int n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

}  // namespace

TEST_CASE("compare: a bad option or value is one line on stderr and status 2", "[compare][cli]") {
  for (std::vector<std::string> args :
       {std::vector<std::string>{"--runs", "zero", "--", "true"}, {"--backends=spoon", "true"},
        {"--min-time", "-3", "true"}, {"--ballast", "12X", "true"}, {"--warmup"}, {"-r", "3"},
        {"--no-such-option", "true"}, {"--ballast", "1000T", "-r", "1", "true"}}) {
    RunResult r = compare(args);
    INFO(args.front() << ": " << r.err);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(lines(r.err) == 1);
    CHECK(r.err.rfind("spawnsh compare: ", 0) == 0);
  }
  RunResult big = compare({"--ballast", "1000T", "-r", "1", "true"});
  CHECK(big.err.find("does not fit") != std::string::npos);
  RunResult help = compare({"--help"});
  CHECK(help.status == 0);
  CHECK(help.out.find("--ballast SIZE") != std::string::npos);
}

TEST_CASE("compare: shell code with a pipeline and $( ), every backend, exports on disk",
          "[compare][cli]") {
  TempDir dir;
  RunResult r = compare({"-r", "3", "--seed", "5", "--export-json", dir / "r.json", "--export-csv",
                         dir / "r.csv", "--export-markdown", dir / "r.md", "--plot", dir / "r.svg",
                         "--", "{ exec 3>&-; } | cat; x=$(exec 3>&- && echo a); test \"$x\" = a"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.err.empty());  // no progress bar: stderr is not a terminal
  for (const char* b :
       {"fork", "vfork", "clone", "posix_spawn", "emulated-serialize", "emulated-image"}) {
    CHECK(r.out.find(std::string("\n") + b + " ") != std::string::npos);
  }
  CHECK(r.out.find("Summary: ") != std::string::npos);
  CHECK(r.out.find("times faster than") != std::string::npos);
  CHECK(r.out.find("seed 5") != std::string::npos);

  mini_json::Value doc = mini_json::parse(read_file(dir / "r.json"));
  REQUIRE(doc["results"].array.size() == 6);  // every backend, emulated once per channel
  for (const mini_json::Value& j : doc["results"].array) {
    CHECK(j["times"].array.size() == 3);
    CHECK(j["mean"].number > 0);
    // cat is a program (made by the backend asked for); exec in the pipeline and $( ) is
    // shell code that needs a child (forked), so three processes per run. (cd no longer
    // does: a virtual subshell runs it, shell/exec/virtual_subshell.h.)
    for (const mini_json::Value& p : j["processes"].array) CHECK(p.number == 3);
    const mini_json::Value& by = j["processes_by_backend"];
    double total = 0;
    for (const auto& [name, n] : by.object) total += n.number;
    CHECK(total == 9);
    CHECK(by.object.count(j["backend"].string) == 1);
  }
  CHECK(lines(read_file(dir / "r.csv")) == 7);
  CHECK(read_file(dir / "r.md").find("| Backend |") == 0);
  CHECK(read_file(dir / "r.svg").find("data-backend=\"posix_spawn\"") != std::string::npos);
  CHECK(read_file(dir / "r.svg").find("data-backend=\"emulated-image\"") != std::string::npos);
}

// A child that says which channel made it: only the image channel maps the state at its fixed
// address (image::kBase) in the new process. A background job always gets a child.
namespace {
std::string image_probe() {
  char base[32];
  std::snprintf(base, sizeof base, "%lx", static_cast<unsigned long>(spawnsh::image::kBase));
  return std::string("{ while read -r l; do case $l in ") + base +
         "-*) exit 7;; esac; done </proc/self/maps; exit 0; } & wait $!";
}
}  // namespace

TEST_CASE("compare: each emulated channel is its own row, switched per run", "[compare][cli]") {
  TempDir dir;
  RunResult r = compare({"-r", "2", "-i", "--no-output-check", "--backends", "emulated",
                         "--export-json", dir / "r.json", "--export-csv", dir / "r.csv", "--",
                         image_probe()});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("\nemulated-serialize ") != std::string::npos);
  CHECK(r.out.find("\nemulated-image ") != std::string::npos);
  mini_json::Value doc = mini_json::parse(read_file(dir / "r.json"));
  REQUIRE(doc["results"].array.size() == 2);
  std::map<std::string, double> status_of;  // channel -> the probe's status (every run alike)
  for (const mini_json::Value& j : doc["results"].array) {
    CHECK(j["backend"].string == "emulated");
    for (const mini_json::Value& code : j["exit_codes"].array) {
      CHECK(code.number == j["exit_codes"].array.front().number);
    }
    status_of[j["channel"].string] = j["exit_codes"].array.front().number;
    CHECK(j["processes_by_backend"]["emulated"].number == 2);
  }
  CHECK(status_of["serialize"] == 0);
  CHECK(status_of["image"] == 7);
  std::string csv = read_file(dir / "r.csv");
  CHECK(csv.rfind("command,backend,channel,", 0) == 0);
  CHECK(csv.find(",emulated,serialize,") != std::string::npos);
  CHECK(csv.find(",emulated,image,") != std::string::npos);

  // The measuring shell's own channel comes back after the comparison.
  RunResult after = run_in_empty_directory(
      {SPAWNSH_BINARY, "--spawn=emulated", "-c",
       "compare -r 1 -i --no-output-check --backends emulated-image -- '" + image_probe() +
           "' >/dev/null; " + image_probe() + "; echo \"after $?\""});
  INFO(after.err);
  CHECK(after.out == "after 0\n");
}

TEST_CASE("compare: a failing command stops it, unless -i; exit ends the run, not the shell",
          "[compare][cli]") {
  RunResult failing = compare({"-r", "2", "--", "echo oops; false"});
  CHECK(failing.status == 1);
  CHECK(failing.out.empty());
  CHECK(failing.err.find("non-zero exit code 1") != std::string::npos);
  CHECK(failing.err.find("--ignore-failure") != std::string::npos);
  CHECK(failing.err.find("oops") != std::string::npos);

  TempDir dir;
  RunResult ignored = compare({"-r", "2", "-i", "--export-json", dir / "r.json", "--", "exit 3"});
  INFO(ignored.err);
  REQUIRE(ignored.status == 0);
  mini_json::Value doc = mini_json::parse(read_file(dir / "r.json"));
  for (const mini_json::Value& j : doc["results"].array) {
    REQUIRE(j["exit_codes"].array.size() == 2);
    for (const mini_json::Value& code : j["exit_codes"].array) CHECK(code.number == 3);
  }
}

TEST_CASE("compare: --prepare runs before every timed run, outside it", "[compare][cli]") {
  TempDir dir;
  RunResult r = compare({"-r", "3", "--backends", "fork,vfork", "-w", "1", "-p",
                         "echo p >> " + dir / "log", "--", "true"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(lines(read_file(dir / "log")) == 8);  // (1 warm-up + 3 timed) x 2 backends

  RunResult failing = compare({"-r", "1", "-p", "false", "--", "true"});
  CHECK(failing.status == 1);
  CHECK(failing.err.find("--prepare command failed") != std::string::npos);
}

TEST_CASE("compare: a ballast scan reports each size and the growth per GiB", "[compare][cli]") {
  TempDir dir;
  RunResult r = compare({"-r", "2", "--backends=fork,vfork", "--ballast", "0,64M", "--plot",
                         dir / "r.svg", "--", "/bin/true"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Ballast: 0 ") != std::string::npos);
  CHECK(r.out.find("Ballast: 64M ") != std::string::npos);
  CHECK(r.out.find("growth per GiB") != std::string::npos);
  CHECK(read_file(dir / "r.svg").find("[GiB]") != std::string::npos);
}
