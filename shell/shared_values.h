// Large variable values handed to emulated children without copying them for each child.
//
// Writing a fresh state file for every child costs the kernel's page bookkeeping for every
// 4 KiB of it, every time (0.7 ms per MiB here). So the values of Variables::kLargeValue bytes
// or more go into one sealed memory file, built once and kept while the table's large values
// stay the same (Variables::large_value_generation()); every child's snapshot refers to ranges
// of it, and the child maps it, reading the values where they lie (the page cache's pages,
// never copied for the child until it uses a value).
//
// File format (version 1), integers little-endian: magic "SPSHSHRD", u32 version, u32 zero,
// u64 id (a number no other shared file of this process has had), u64 the file's size; then
// the values, back to back. The snapshot names the id and the size it expects (shell/snapshot.h),
// and a child refuses a file that is not sealed, is of another size or id, or is too short for
// a range the snapshot names: a stale, truncated or foreign file is an error, never garbage.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "shell/vars.h"

namespace spawnsh::snapshot {

inline constexpr std::string_view kSharedMagic = "SPSHSHRD";
inline constexpr std::uint32_t kSharedVersion = 1;
inline constexpr std::size_t kSharedHeaderSize = 32;

// The parent's side: the file of the large values it last handed over.
class SharedValues {
 public:
  struct Entry {
    std::string name;
    std::uint64_t offset = 0, length = 0;
  };

  // Makes sure the file holds the large values of `variables` (sorted by name), which are those
  // of a table at `generation`: built again when the generation moved, kept otherwise. Returns
  // null when there are none, or when no file can be made (then the values go in the stream).
  const SharedValues* update(const std::vector<BorrowedVariable>& variables,
                             unsigned long generation);

  // Closes the file (its fd is wanted for something else): update() makes no new one before
  // the large values change.
  void release() noexcept;

  int fd() const noexcept { return file_ != nullptr ? file_->fd : -1; }
  std::uint64_t id() const noexcept { return id_; }
  std::uint64_t size() const noexcept { return size_; }
  // Where the value of variable `name`, `length` bytes long, lies in the file; null when it is
  // not there (the caller writes it in the stream).
  const Entry* find(std::string_view name, std::size_t length) const;

 private:
  struct File {
    int fd = -1;
    File() = default;
    File(const File&) = delete;
    File& operator=(const File&) = delete;
    ~File();
  };
  std::shared_ptr<File> file_;  // shared by copies of the shell's services, closed by the last
  std::vector<Entry> entries_;  // sorted by name
  std::uint64_t id_ = 0, size_ = 0;
  unsigned long generation_ = 0;
  bool built_ = false;  // generation_ is what the file (or its absence) was made for
};

// The child's side: a shared file mapped read-only, checked (sealed, its header whole). The
// caller compares id and size with what the snapshot expects (snapshot::read does).
class SharedMapping {
 public:
  // Throws SnapshotError saying why the file cannot be used.
  explicit SharedMapping(int fd);
  ~SharedMapping();
  SharedMapping(const SharedMapping&) = delete;
  SharedMapping& operator=(const SharedMapping&) = delete;
  std::string_view view() const noexcept {
    return {static_cast<const char*>(data_), size_};
  }

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace spawnsh::snapshot
