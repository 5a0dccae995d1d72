// Unit tests for shell/expand/pathname: a small tree in a temporary directory, expectations
// checked with `echo <pattern>` in dash in the same tree; and a directory of 100,000 files.
#include "shell/expand/pathname.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using spawnsh::expand::expand_pathname;
using Paths = std::vector<std::string>;

namespace {

// A fresh temporary directory, made the working directory for the test's lifetime.
class TemporaryTree {
public:
    explicit TemporaryTree(
        const std::filesystem::path& base = std::filesystem::temp_directory_path()) {
        std::string templ = (base / "spawnsh-glob-XXXXXX").string();
        REQUIRE(mkdtemp(templ.data()) != nullptr);
        root_ = templ;
        old_cwd_ = std::filesystem::current_path();
        std::filesystem::current_path(root_);
    }
    ~TemporaryTree() {
        std::filesystem::current_path(old_cwd_);
        std::error_code ignored;
        // Make unreadable test directories removable again.
        for (auto& entry : std::filesystem::recursive_directory_iterator(
                 root_, std::filesystem::directory_options::skip_permission_denied, ignored))
            if (entry.is_directory(ignored) && !entry.is_symlink(ignored))
                chmod(entry.path().c_str(), 0700);
        std::filesystem::remove_all(root_, ignored);
    }
    TemporaryTree(const TemporaryTree&) = delete;
    TemporaryTree& operator=(const TemporaryTree&) = delete;

    const std::filesystem::path& root() const { return root_; }

    static void file(const std::string& path) {
        int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        REQUIRE(fd >= 0);
        close(fd);
    }
    static void directory(const std::string& path) { REQUIRE(mkdir(path.c_str(), 0755) == 0); }
    static void symlink_to(const std::string& target, const std::string& path) {
        REQUIRE(symlink(target.c_str(), path.c_str()) == 0);
    }

private:
    std::filesystem::path root_;
    std::filesystem::path old_cwd_;
};

// The tree dash was run in:
//   a b .x st*r broken->nowhere d1/{f,.g,sub/,dangling->gone} d2/f .hid/ ldir->d1
void build_sample_tree() {
    TemporaryTree::file("a");
    TemporaryTree::file("b");
    TemporaryTree::file(".x");
    TemporaryTree::file("st*r");
    TemporaryTree::symlink_to("nowhere", "broken");
    TemporaryTree::directory("d1");
    TemporaryTree::file("d1/f");
    TemporaryTree::file("d1/.g");
    TemporaryTree::directory("d1/sub");
    TemporaryTree::symlink_to("gone", "d1/dangling");
    TemporaryTree::directory("d2");
    TemporaryTree::file("d2/f");
    TemporaryTree::directory(".hid");
    TemporaryTree::symlink_to("d1", "ldir");
}

} // namespace

TEST_CASE("pathname expansion in a small tree (expectations from dash)", "[pathname]") {
    TemporaryTree tree;
    build_sample_tree();

    CHECK(expand_pathname("*") == Paths{"a", "b", "broken", "d1", "d2", "ldir", "st*r"});
    CHECK(expand_pathname(".*") == Paths{".", "..", ".hid", ".x"});
    CHECK(expand_pathname("\\.*") == Paths{".", "..", ".hid", ".x"});
    CHECK(expand_pathname("*/") == Paths{"d1/", "d2/", "ldir/"});
    CHECK(expand_pathname(".*/") == Paths{"../", "./", ".hid/"});
    CHECK(expand_pathname("*/f") == Paths{"d1/f", "d2/f", "ldir/f"});
    CHECK(expand_pathname("*/.*") ==
          Paths{"d1/.", "d1/..", "d1/.g", "d2/.", "d2/..", "ldir/.", "ldir/..", "ldir/.g"});
    CHECK(expand_pathname("br*") == Paths{"broken"});
    CHECK(expand_pathname("broken*/").empty()); // dangling symlink is no directory
    CHECK(expand_pathname("./*") ==
          Paths{"./a", "./b", "./broken", "./d1", "./d2", "./ldir", "./st*r"});
    CHECK(expand_pathname(".//d*") == Paths{".//d1", ".//d2"});
    CHECK(expand_pathname("d1//*") == Paths{"d1//dangling", "d1//f", "d1//sub"});
    CHECK(expand_pathname("*//f") == Paths{"d1//f", "d2//f", "ldir//f"});
    CHECK(expand_pathname("d[12]/f") == Paths{"d1/f", "d2/f"});
    CHECK(expand_pathname("d1/../a*") == Paths{"d1/../a"});
    CHECK(expand_pathname("d1/sub/.*") == Paths{"d1/sub/.", "d1/sub/.."});
    CHECK(expand_pathname("*/sub/") == Paths{"d1/sub/", "ldir/sub/"});
    CHECK(expand_pathname("d?/sub") == Paths{"d1/sub"});
    // A literal last component is checked with lstat, so a dangling symlink counts.
    CHECK(expand_pathname("*/dangling") == Paths{"d1/dangling", "ldir/dangling"});
    CHECK(expand_pathname("*/dangling/").empty());
    // A quoted `*` is literal: `st"*"*` matches the file named st*r.
    CHECK(expand_pathname("st\\**") == Paths{"st*r"});
    CHECK(expand_pathname("\\st*") == Paths{"st*r"});
}

TEST_CASE("what pathname expansion leaves alone", "[pathname]") {
    TemporaryTree tree;
    build_sample_tree();
    CHECK(expand_pathname("nothing*").empty());
    CHECK(expand_pathname("a").empty());          // no glob characters: the caller keeps it
    CHECK(expand_pathname("st\\*r").empty());     // quoted: no glob characters
    CHECK(expand_pathname("[.]x").empty());       // a bracket cannot match a leading '.'
    CHECK(expand_pathname("?x").empty());
    CHECK(expand_pathname("*x").empty());
    CHECK(expand_pathname("a[").empty());         // no closing ']': literal, no glob
    CHECK(expand_pathname("d1[/]f").empty());     // '/' cuts the bracket: literal "d1[" and "]f"
    CHECK(expand_pathname("*.").empty());
    CHECK(expand_pathname("missing/*").empty());
    CHECK(expand_pathname("a/*").empty());        // not a directory
    CHECK(expand_pathname("").empty());
}

TEST_CASE("results are sorted as whole pathnames in byte order", "[pathname]") {
    TemporaryTree tree;
    for (const char* dir : {"a", "a-b", "B"}) {
        TemporaryTree::directory(dir);
        TemporaryTree::file(std::string(dir) + "/x");
    }
    TemporaryTree::file("_x");
    TemporaryTree::file("Zz");
    TemporaryTree::file("\xc3\xa9"); // bytes above ASCII sort last
    CHECK(expand_pathname("*/x") == Paths{"B/x", "a-b/x", "a/x"});
    CHECK(expand_pathname("*") == Paths{"B", "Zz", "_x", "a", "a-b", "\xc3\xa9"});
}

TEST_CASE("absolute patterns and appending to an existing list", "[pathname]") {
    TemporaryTree tree;
    TemporaryTree::file("one");
    TemporaryTree::file("two");
    const std::string root = tree.root().string();
    CHECK(expand_pathname(root + "/*o") == Paths{root + "/two"});
    CHECK(expand_pathname(root + "/[ot]*") == Paths{root + "/one", root + "/two"});
    Paths paths = {"keep"};
    CHECK(spawnsh::expand::expand_pathname("*", paths) == 2u);
    CHECK(paths == Paths{"keep", "one", "two"});
    CHECK(spawnsh::expand::expand_pathname("none*", paths) == 0u);
    CHECK(paths.size() == 3u);
}

TEST_CASE("unreadable directories give no matches and no error", "[pathname]") {
    if (geteuid() == 0) return; // root reads everything
    TemporaryTree tree;
    TemporaryTree::directory("closed");
    TemporaryTree::file("closed/z");
    REQUIRE(chmod("closed", 0) == 0);
    CHECK(expand_pathname("closed/*").empty());
    CHECK(expand_pathname("c*/z").empty()); // lstat fails: no search permission
}

// Creating 100,000 files costs seconds on a disk file system and a fraction of that on tmpfs;
// what is tested (readdir, matching, sorting) is the same on both.
std::filesystem::path fast_scratch_directory() {
    if (std::getenv("TMPDIR") == nullptr && access("/dev/shm", W_OK | X_OK) == 0)
        return "/dev/shm";
    return std::filesystem::temp_directory_path();
}

TEST_CASE("a directory of 100,000 files", "[pathname][large]") {
    TemporaryTree tree(fast_scratch_directory());
    TemporaryTree::directory("big");
    constexpr int count = 100000;
    // One directory descriptor and one assertion for all the files: Catch's per-assertion cost
    // would otherwise dominate the test.
    int directory = open("big", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    REQUIRE(directory >= 0);
    int failures = 0;
    for (int i = 0; i < count; ++i) {
        char name[16];
        std::snprintf(name, sizeof name, "f%d", i);
        int fd = openat(directory, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0) ++failures;
        else close(fd);
    }
    close(directory);
    REQUIRE(failures == 0);
    Paths all = expand_pathname("big/*");
    CHECK(all.size() == static_cast<std::size_t>(count));
    CHECK(std::is_sorted(all.begin(), all.end()));
    CHECK(all.front() == "big/f0");
    CHECK(expand_pathname("big/f9999?").size() == 10u);
    CHECK(expand_pathname("big/*[05]").size() == static_cast<std::size_t>(count / 5));
    CHECK(expand_pathname("big/f1234").empty()); // literal: not a glob
    CHECK(expand_pathname("b*/f1234") == Paths{"big/f1234"});
}
