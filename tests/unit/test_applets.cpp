// Multi-call (app/applets.h): the applet table against the builtin table, and what a case file
// cannot do: `spawnsh --install` with hard links (they need a directory on the binary's own file
// system, so the links are made beside the binary), across file systems (EXDEV), and into a
// directory the user cannot write. The applets' behaviour is in tests/cases/applets.case.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <sys/stat.h>
#include <unistd.h>

#include "app/applets.h"
#include "builtins/builtins.h"
#include "tests/support/shell_runner.h"

using spawnsh::testing::run_in_empty_directory;
namespace fs = std::filesystem;

namespace {

// A fresh directory beside the binary (so on its file system), removed at the end.
struct DirBesideBinary {
  std::string path;
  DirBesideBinary() {
    std::string name = (fs::path(SPAWNSH_BINARY).parent_path() / "applets-test-XXXXXX").string();
    REQUIRE(::mkdtemp(name.data()) != nullptr);
    path = name;
  }
  ~DirBesideBinary() {
    std::error_code ignored;
    fs::permissions(path, fs::perms::owner_all, fs::perm_options::add, ignored);
    fs::remove_all(path, ignored);
  }
};

struct stat stat_of(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st;
}

}  // namespace

TEST_CASE("every utility applet runs the builtin of the same name", "[applets]") {
  auto builtins = spawnsh::builtins::table();
  std::size_t utilities = 0;
  for (const spawnsh::app::Applet& applet : spawnsh::app::applets()) {
    INFO(applet.name);
    if (applet.name == "sh" || applet.name == "spawnsh") {
      CHECK(applet.run == nullptr);
      continue;
    }
    const spawnsh::Builtin* builtin = nullptr;
    for (const spawnsh::Builtin& b : builtins) {
      if (b.name == applet.name) builtin = &b;
    }
    REQUIRE(builtin != nullptr);
    CHECK(builtin->run == applet.run);
    CHECK_FALSE(builtin->special);  // a special builtin acts on the shell: no program can
    ++utilities;
  }
  CHECK(utilities == 8);
  CHECK(spawnsh::app::find_applet("[") != nullptr);
  CHECK(spawnsh::app::find_applet("cd") == nullptr);
  CHECK(spawnsh::app::base_name("/usr/bin/[") == "[");
  CHECK(spawnsh::app::base_name("echo") == "echo");
}

TEST_CASE("--install makes hard links by default, then finds them there", "[applets]") {
  DirBesideBinary dir;
  auto r = run_in_empty_directory({SPAWNSH_BINARY, "--install", dir.path});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 0);
  CHECK(r.err.empty());
  struct stat binary {};
  REQUIRE(::stat(SPAWNSH_BINARY, &binary) == 0);
  std::size_t links = 0;
  for (const spawnsh::app::Applet& applet : spawnsh::app::applets()) {
    std::string path = dir.path + "/" + std::string(applet.name);
    if (applet.name == "spawnsh") {
      CHECK_FALSE(fs::exists(path));
      continue;
    }
    struct stat st = stat_of(path);
    CHECK(S_ISREG(st.st_mode));
    CHECK(st.st_ino == binary.st_ino);
    CHECK(r.out.find(path + ": created (hard link to ") != std::string::npos);
    ++links;
  }
  CHECK(links == spawnsh::app::applets().size() - 1);

  auto echo = run_in_empty_directory({dir.path + "/echo", "-n", "linked"});
  CHECK(echo.out == "linked");

  auto again = run_in_empty_directory({SPAWNSH_BINARY, "--install", dir.path});
  CHECK(again.status == 0);
  CHECK(again.out.find("echo: exists, already a link to ") != std::string::npos);

  // -f over a hard link to the binary itself: nothing to replace, no temporary name left.
  auto forced = run_in_empty_directory({SPAWNSH_BINARY, "--install", "-f", dir.path});
  CHECK(forced.status == 0);
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir.path)) {
    CHECK(entry.path().filename().string().find("spawnsh-install") == std::string::npos);
    ++entries;
  }
  CHECK(entries == links);

  // -s -f turns them into symbolic links to the binary's absolute path.
  auto symbolic = run_in_empty_directory({SPAWNSH_BINARY, "--install", "-s", "-f", dir.path});
  CHECK(symbolic.status == 0);
  CHECK(S_ISLNK(stat_of(dir.path + "/sh").st_mode));
  CHECK(fs::read_symlink(dir.path + "/sh").is_absolute());
  CHECK(fs::equivalent(dir.path + "/sh", SPAWNSH_BINARY));
}

TEST_CASE("--install across file systems explains EXDEV and suggests -s", "[applets]") {
  // /dev/shm is a tmpfs on Linux; the build tree seldom is.
  struct stat shm {}, binary {};
  if (::stat("/dev/shm", &shm) != 0 || ::stat(SPAWNSH_BINARY, &binary) != 0 ||
      shm.st_dev == binary.st_dev || ::access("/dev/shm", W_OK) != 0) {
    WARN("no writable file system other than the binary's at /dev/shm: EXDEV not tested");
    return;
  }
  std::string name = "/dev/shm/spawnsh-applets-XXXXXX";
  REQUIRE(::mkdtemp(name.data()) != nullptr);
  auto r = run_in_empty_directory({SPAWNSH_BINARY, "--install", name});
  auto s = run_in_empty_directory({SPAWNSH_BINARY, "--install", "-s", name});
  std::error_code ignored;
  fs::remove_all(name, ignored);
  INFO("stderr: " << r.err);
  CHECK(r.status == 1);
  CHECK_THAT(r.err,
             Catch::Matchers::Contains(name + "/echo: cannot link: Invalid cross-device link"));
  CHECK_THAT(r.err, Catch::Matchers::Contains("-s makes symbolic links"));
  CHECK(s.status == 0);
}

TEST_CASE("--install into a directory the user cannot write: a line per link, status 1",
          "[applets]") {
  DirBesideBinary dir;
  REQUIRE(::chmod(dir.path.c_str(), 0555) == 0);
  // root writes anywhere: run it as nobody then (setpriv, as tests/unit/test_invocation.cpp).
  // Symbolic links: a hard link to a file nobody does not own is refused anyway (EPERM, the
  // kernel's protected_hardlinks), which would hide the directory's refusal.
  std::string as = ::geteuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : "";
  auto r = run_in_empty_directory(
      {SPAWNSH_BINARY, "-c", as + "\"$0\" --install -s \"$1\"", SPAWNSH_BINARY, dir.path});
  INFO("stdout: " << r.out << "\nstderr: " << r.err);
  CHECK(r.status == 1);
  CHECK(r.out.empty());
  std::size_t lines = 0;
  for (char c : r.err) lines += c == '\n';
  CHECK(lines == spawnsh::app::applets().size() - 1);
  CHECK_THAT(r.err, Catch::Matchers::Contains("/echo: cannot link: Permission denied"));
}
