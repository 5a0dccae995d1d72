#include "shell/shared_values.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "shell/exec/shell_fds.h"
#include "shell/platform/anonymous_file.h"
#include "shell/snapshot.h"

namespace spawnsh::snapshot {
namespace {

void put_fixed(std::string& out, std::uint64_t v, int width) {
  for (int i = 0; i < width; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}

std::uint64_t next_id() {
  static std::uint64_t made = 0;  // process-wide: two files of one process never share an id
  return (static_cast<std::uint64_t>(::getpid()) << 32) | ++made;
}

}  // namespace

SharedValues::File::~File() {
  if (fd >= 0) ::close(fd);
}

const SharedValues* SharedValues::update(const std::vector<BorrowedVariable>& variables,
                                         unsigned long generation) {
  if (built_ && generation == generation_) return file_ != nullptr ? this : nullptr;
  built_ = true;
  generation_ = generation;
  file_.reset();
  entries_.clear();
  id_ = size_ = 0;

  std::string header;
  std::vector<std::string_view> pieces{std::string_view()};  // the header, once known
  std::uint64_t at = kSharedHeaderSize;
  for (const BorrowedVariable& v : variables) {
    if (v.value.size() < Variables::kLargeValue) continue;
    entries_.push_back({std::string(v.name), at, v.value.size()});
    pieces.push_back(v.value);
    at += v.value.size();
  }
  if (entries_.empty()) return nullptr;
  const std::uint64_t id = next_id();
  header.append(kSharedMagic);
  put_fixed(header, kSharedVersion, 4);
  put_fixed(header, 0, 4);
  put_fixed(header, id, 8);
  put_fixed(header, at, 8);
  pieces[0] = header;
  int fd = move_to_shell_range(platform::sealed_file_with(pieces));
  if (fd < 0) {  // e.g. `ulimit -f` below the values: they travel in each stream, as before
    entries_.clear();
    return nullptr;
  }
  file_ = std::make_shared<File>();
  file_->fd = fd;
  id_ = id;
  size_ = at;
  return this;
}

void SharedValues::release() noexcept {
  // built_ and generation_ stay: no new file until the large values change (under the same fd
  // limit a new one would be refused again).
  file_.reset();
  entries_.clear();
  id_ = size_ = 0;
}

const SharedValues::Entry* SharedValues::find(std::string_view name, std::size_t length) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                             [](const Entry& e, std::string_view n) { return e.name < n; });
  if (it == entries_.end() || it->name != name || it->length != length) return nullptr;
  return &*it;
}

SharedMapping::SharedMapping(int fd) {
  auto refuse = [](const std::string& why) {
    return SnapshotError("emulated child: the shared value file " + why);
  };
  struct stat st;
  if (::fstat(fd, &st) != 0) throw refuse(std::string("is not open: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw refuse("is not a file");
  // Only a sealed file keeps its size and bytes while mapped here (a shrunk file would make
  // reading a value a SIGBUS).
  if (!platform::is_sealed(fd)) throw refuse("is not sealed");
  if (static_cast<std::uint64_t>(st.st_size) < kSharedHeaderSize) throw refuse("is truncated");
  size_ = static_cast<std::size_t>(st.st_size);
  void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
  if (p == MAP_FAILED) throw refuse(std::string("cannot be mapped: ") + std::strerror(errno));
  data_ = p;
}

SharedMapping::~SharedMapping() {
  if (data_ != nullptr) ::munmap(data_, size_);
}

}  // namespace spawnsh::snapshot
