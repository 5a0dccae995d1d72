// The shared value file of the serialize channel (shell/shared_values.h): large values written
// once into a sealed memfd and referred to by range from each child's snapshot. Round trips
// through the file; the file kept while the large values stay and made again when one changes;
// and a file that is missing, stale, truncated, of the wrong size, unsealed or not a shared file
// at all, and ranges outside it, refused with a SnapshotError before the shell is touched.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "builtins/builtins.h"
#include "shell/platform/anonymous_file.h"
#include "shell/shared_values.h"
#include "shell/shell.h"
#include "shell/snapshot.h"
#include "shell/snapshot_codec.h"

using spawnsh::Shell;
namespace snapshot = spawnsh::snapshot;

namespace {

void start(Shell& shell) {
  shell.builtins = spawnsh::BuiltinTable(spawnsh::builtins::table());
  shell.root_pid = ::getpid();
}

// Every byte value but NUL, over and over: a large value no text transformation leaves alone.
std::string binary_value(std::size_t size) {
  std::string value(size, '\0');
  for (std::size_t i = 0; i < size; ++i) value[i] = static_cast<char>(1 + i % 255);
  return value;
}

// The stream of `shell`'s state as the emulated parent writes it: large values as ranges of
// the shell's shared file.
std::string stream_of(Shell& shell, const snapshot::SharedValues*& shared) {
  snapshot::Contents contents = snapshot::gather(shell, shell.signals);
  shared = shell.shared_values.update(contents.variables, shell.vars.large_value_generation());
  snapshot::codec::Writer out;
  snapshot::encode(out, contents, shared);
  return out.flatten();
}

std::string le64(std::uint64_t v) {
  std::string bytes;
  for (int i = 0; i < 8; ++i) bytes.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  return bytes;
}

// A sealed file holding `bytes`, mapped as the child maps one.
std::unique_ptr<snapshot::SharedMapping> sealed(const std::string& bytes) {
  std::string_view piece = bytes;
  int fd = spawnsh::platform::sealed_file_with(spawnsh::platform::Pieces(&piece, 1));
  REQUIRE(fd >= 0);
  auto mapping = std::make_unique<snapshot::SharedMapping>(fd);
  ::close(fd);
  return mapping;
}

void require_untouched(Shell& fresh) {
  CHECK(fresh.vars.find("big") == nullptr);
  CHECK(fresh.vars.find("small") == nullptr);
}

}  // namespace

TEST_CASE("large values travel as ranges of the shared file and come back whole") {
  Shell shell;
  start(shell);
  const std::string big = binary_value(1 << 20);
  shell.vars.assign("big", big);
  shell.vars.assign("edge", std::string(spawnsh::Variables::kLargeValue, 'e'));
  shell.vars.assign("under", std::string(spawnsh::Variables::kLargeValue - 1, 'u'));
  shell.vars.assign("small", "s");
  shell.vars.set_exported("big");
  const snapshot::SharedValues* shared = nullptr;
  const std::string bytes = stream_of(shell, shared);
  REQUIRE(shared != nullptr);
  REQUIRE(shared->fd() >= 10);  // the shell's range, never a script's fd
  // Referred to, not copied: the stream holds the value under the limit, not the large ones.
  CHECK(bytes.size() < spawnsh::Variables::kLargeValue * 2);
  CHECK(shared->size() ==
        snapshot::kSharedHeaderSize + big.size() + spawnsh::Variables::kLargeValue);

  snapshot::SharedMapping mapping(shared->fd());
  for (bool borrowed : {false, true}) {
    Shell child;
    start(child);
    std::shared_ptr<const void> storage;
    if (borrowed) storage = std::make_shared<int>(0);
    snapshot::read(bytes, child, storage, mapping.view());
    REQUIRE(child.vars.value("big") != nullptr);
    CHECK(*child.vars.value("big") == big);
    CHECK(child.vars.find("big")->exported);
    CHECK(*child.vars.value("edge") == std::string(spawnsh::Variables::kLargeValue, 'e'));
    CHECK(*child.vars.value("under") == std::string(spawnsh::Variables::kLargeValue - 1, 'u'));
    CHECK(*child.vars.value("small") == "s");
  }
}

TEST_CASE("the shared file is kept while the large values stay, and made again when one changes") {
  Shell shell;
  start(shell);
  shell.vars.assign("big", std::string(100000, 'b'));
  const snapshot::SharedValues* shared = nullptr;
  stream_of(shell, shared);
  REQUIRE(shared != nullptr);
  const std::uint64_t first = shared->id();

  // Small values come and go (a loop counter): the same file.
  shell.vars.assign("i", "1");
  shell.vars.assign("i", "2");
  shell.vars.unset("i");
  shell.vars.set_exported("big");
  stream_of(shell, shared);
  REQUIRE(shared != nullptr);
  CHECK(shared->id() == first);

  // A large value changed (even to one of the same length), made, dropped, or a small one made
  // large: a new file each time, holding the new bytes.
  auto changes_file = [&](const char* what, auto change) {
    INFO(what);
    const std::uint64_t before = shared != nullptr ? shared->id() : 0;
    change();
    std::string bytes = stream_of(shell, shared);
    REQUIRE(shared != nullptr);
    CHECK(shared->id() != before);
    snapshot::SharedMapping mapping(shared->fd());
    Shell child;
    start(child);
    snapshot::read(bytes, child, nullptr, mapping.view());
    CHECK(*child.vars.value("big") == *shell.vars.value("big"));
  };
  changes_file("same length", [&] { shell.vars.assign("big", std::string(100000, 'c')); });
  changes_file("a new one", [&] { shell.vars.assign("other", std::string(5000, 'o')); });
  changes_file("one dropped", [&] { shell.vars.unset("other"); });
  changes_file("made large", [&] {
    shell.vars.assign("grown", "x");
    shell.vars.assign("grown", std::string(5000, 'g'));
  });
  changes_file("put back", [&] {
    shell.vars.put("grown", std::optional<spawnsh::Variable>(spawnsh::Variable{"y"}));
  });

  // Released (its fd wanted under a low fd limit): no new file until the large values change,
  // and the stream then holds them itself.
  shell.shared_values.release();
  std::string bytes = stream_of(shell, shared);
  CHECK(shared == nullptr);
  CHECK(bytes.size() > 100000);
  Shell child;
  start(child);
  snapshot::read(bytes, child);
  CHECK(*child.vars.value("big") == *shell.vars.value("big"));
  changes_file("after a release", [&] { shell.vars.assign("big", std::string(100000, 'd')); });

  // No large value left: no file.
  shell.vars.unset("big");
  stream_of(shell, shared);
  CHECK(shared == nullptr);
}

TEST_CASE("a missing, stale, truncated or foreign shared file, or a range outside it, is refused") {
  Shell shell;
  start(shell);
  shell.vars.assign("big", std::string(10000, 'b'));
  shell.vars.assign("small", "s");
  const snapshot::SharedValues* shared = nullptr;
  const std::string bytes = stream_of(shell, shared);
  REQUIRE(shared != nullptr);
  auto mapping = std::make_unique<snapshot::SharedMapping>(shared->fd());
  const std::string file(mapping->view());

  auto refused = [&](std::string_view stream, std::string_view with, const std::string& why) {
    Shell fresh;
    start(fresh);
    CHECK_THROWS_WITH(snapshot::read(stream, fresh, nullptr, with), Catch::Contains(why));
    require_untouched(fresh);
  };
  refused(bytes, {}, "not handed over");
  refused(bytes, std::string_view(file).substr(0, file.size() - 1), "stale or truncated");
  refused(bytes, file + "x", "stale or truncated");

  // Stale: the file of an earlier state, same size, other id (and other bytes).
  std::string older = file;
  older[16] = static_cast<char>(older[16] ^ 1);
  refused(bytes, sealed(older)->view(), "another one");
  // Not a shared file: its magic or version changed.
  std::string foreign = file;
  foreign[0] = 'X';
  refused(bytes, sealed(foreign)->view(), "bad magic or version");
  foreign = file;
  foreign[8] = static_cast<char>(snapshot::kSharedVersion + 1);
  refused(bytes, sealed(foreign)->view(), "bad magic or version");

  // The range of `big` (offset = the header's size, length 10000) pointed past the file's end.
  const std::string range =
      std::string(1, '\x01') + le64(snapshot::kSharedHeaderSize) + le64(10000);
  const std::size_t at = bytes.find(range);
  REQUIRE(at != std::string::npos);
  for (auto [offset, length] : {std::pair<std::uint64_t, std::uint64_t>{32, 10001},
                                {33, 10000},
                                {0, 10},
                                {~std::uint64_t{0}, 2},
                                {32, ~std::uint64_t{0}}}) {
    INFO(offset << " " << length);
    std::string outside = bytes;
    outside.replace(at + 1, 16, le64(offset) + le64(length));
    refused(outside, file, "outside the shared value file");
  }
  std::string bad_kind = bytes;
  bad_kind[at] = '\x02';
  refused(bad_kind, file, "bad kind of variable value");

  // Cut short anywhere, the stream is refused whatever file comes with it.
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    Shell fresh;
    start(fresh);
    CHECK_THROWS_AS(snapshot::read(std::string_view(bytes).substr(0, size), fresh, nullptr, file),
                    snapshot::SnapshotError);
  }
  // And the whole of it is read.
  Shell whole;
  start(whole);
  snapshot::read(bytes, whole, nullptr, file);
  CHECK(*whole.vars.value("big") == std::string(10000, 'b'));
}

TEST_CASE("the child maps only a sealed file with a whole header") {
  // A memfd anyone could still write or shrink: a value read later could change or fault.
  int unsealed = ::memfd_create("test", MFD_CLOEXEC);
  REQUIRE(unsealed >= 0);
  REQUIRE(::write(unsealed, std::string(64, 'x').data(), 64) == 64);
  CHECK_THROWS_WITH(snapshot::SharedMapping(unsealed), Catch::Contains("not sealed"));
  ::close(unsealed);

  CHECK_THROWS_WITH(snapshot::SharedMapping(-1), Catch::Contains("not open"));
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  CHECK_THROWS_WITH(snapshot::SharedMapping(pipe_fds[0]), Catch::Contains("not a file"));
  ::close(pipe_fds[0]);
  ::close(pipe_fds[1]);

  CHECK_THROWS_WITH(sealed("SPSHSHRD"), Catch::Contains("truncated"));
  CHECK(sealed(std::string(snapshot::kSharedHeaderSize, 'h'))->view().size() ==
        snapshot::kSharedHeaderSize);
}
