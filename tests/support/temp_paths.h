// Temporary files and directories for tests, under $TMPDIR (or the system's temporary
// directory), removed with everything in them when the test ends.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

#include <catch2/catch.hpp>
#include <stdlib.h>
#include <unistd.h>

namespace spawnsh::testing {

inline std::string temp_template(const char* stem) {
  return (std::filesystem::temp_directory_path() / (std::string(stem) + "-XXXXXX")).string();
}

// A fresh directory; `dir / "name"` is a path inside it.
struct TempDir {
  std::string path;
  explicit TempDir(const char* stem = "spawnsh-test") {
    std::string name = temp_template(stem);
    REQUIRE(::mkdtemp(name.data()) != nullptr);
    path = name;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string operator/(const std::string& name) const { return path + "/" + name; }
};

// A fresh empty file.
struct TempFile {
  std::string path;
  explicit TempFile(const char* stem = "spawnsh-test") {
    std::string name = temp_template(stem);
    int fd = ::mkstemp(name.data());
    REQUIRE(fd >= 0);
    ::close(fd);
    path = name;
  }
  ~TempFile() { ::unlink(path.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace spawnsh::testing
