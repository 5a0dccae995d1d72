#include "shell/platform/anonymous_file.h"

#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace spawnsh::platform {
namespace {

// Writes all of `pieces`, in order, with as few writev calls as IOV_MAX allows; false with
// errno set on failure (EAGAIN: a non-blocking fd is full).
bool write_all(int fd, Pieces pieces) {
  std::vector<iovec> vectors;
  vectors.reserve(std::min<std::size_t>(pieces.size(), IOV_MAX));
  std::size_t next = 0;   // the first piece not yet in `vectors` or written
  std::size_t skip = 0;   // bytes of pieces[next] written already
  while (next < pieces.size()) {
    vectors.clear();
    for (std::size_t i = next; i < pieces.size() && vectors.size() < IOV_MAX; ++i) {
      std::string_view piece = i == next ? pieces[i].substr(skip) : pieces[i];
      if (!piece.empty()) vectors.push_back({const_cast<char*>(piece.data()), piece.size()});
    }
    if (vectors.empty()) return true;
    ssize_t n = ::writev(fd, vectors.data(), static_cast<int>(vectors.size()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    // Advance past what was written.
    auto left = static_cast<std::size_t>(n);
    while (next < pieces.size() && left >= pieces[next].size() - skip) {
      left -= pieces[next].size() - skip;
      skip = 0;
      ++next;
    }
    skip += left;
  }
  return true;
}

std::size_t total_size(Pieces pieces) {
  std::size_t size = 0;
  for (std::string_view piece : pieces) size += piece.size();
  return size;
}

// True when a file of `size` bytes stays within RLIMIT_FSIZE (writing past it is SIGXFSZ).
bool fits_file_size_limit(std::size_t size) {
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_FSIZE, &limit) != 0) return false;
  return limit.rlim_cur == RLIM_INFINITY || size <= limit.rlim_cur;
}

int memory_file_with(Pieces bytes) {
  int fd = ::memfd_create("spawnsh-heredoc", MFD_CLOEXEC);
  if (fd < 0) return -1;
  if (!write_all(fd, bytes) || ::lseek(fd, 0, SEEK_SET) != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

// The largest pipe buffer an unprivileged process may ask for.
long pipe_max_size() {
  long size = 1 << 20;
  int fd = ::open("/proc/sys/fs/pipe-max-size", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return size;
  char text[32];
  ssize_t n = ::read(fd, text, sizeof text - 1);
  ::close(fd);
  if (n <= 0) return size;
  text[n] = '\0';
  long value = 0;
  for (ssize_t i = 0; i < n && text[i] >= '0' && text[i] <= '9'; ++i) value = value * 10 + (text[i] - '0');
  return value > 0 ? value : size;
}

int pipe_with(Pieces bytes) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) return -1;
  auto fail = [&fds](int error) {
    ::close(fds[0]);
    ::close(fds[1]);
    errno = error;
    return -1;
  };
  long capacity = ::fcntl(fds[1], F_GETPIPE_SZ);
  const std::size_t size = total_size(bytes);
  if (capacity >= 0 && static_cast<std::size_t>(capacity) < size) {
    long wanted = pipe_max_size();
    if (static_cast<std::size_t>(wanted) >= size) wanted = static_cast<long>(size);
    long grown = ::fcntl(fds[1], F_SETPIPE_SZ, static_cast<int>(wanted));
    if (grown > capacity) capacity = grown;
  }
  if (capacity < 0 || static_cast<std::size_t>(capacity) < size) return fail(EFBIG);
  // Non-blocking: should the buffer hold less than it said, this fails instead of waiting for
  // a reader that will never come.
  if (!write_all(fds[1], bytes)) return fail(errno == EAGAIN ? EFBIG : errno);
  ::close(fds[1]);
  // The reader (cat, read...) must block as usual.
  int flags = ::fcntl(fds[0], F_GETFL);
  if (flags >= 0) ::fcntl(fds[0], F_SETFL, flags & ~O_NONBLOCK);
  return fds[0];
}

}  // namespace

namespace {
constexpr int kSeals = F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW;
}

int sealed_file_with(Pieces bytes) {
  if (!fits_file_size_limit(total_size(bytes))) {
    errno = EFBIG;
    return -1;
  }
  int fd = ::memfd_create("spawnsh-shared-values", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  if (fd < 0) return -1;
  // F_SEAL_SEAL last: the seals themselves can no longer be lifted.
  if (!write_all(fd, bytes) || ::fcntl(fd, F_ADD_SEALS, kSeals | F_SEAL_SEAL) != 0) {
    int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  return fd;
}

bool is_sealed(int fd) {
  int seals = ::fcntl(fd, F_GET_SEALS);
  return seals >= 0 && (seals & kSeals) == kSeals;
}

int anonymous_file_with(std::string_view bytes) { return anonymous_file_with(Pieces(&bytes, 1)); }

int anonymous_file_with(Pieces bytes) {
  if (fits_file_size_limit(total_size(bytes))) {
    int fd = memory_file_with(bytes);
    if (fd >= 0) return fd;
  }
  return pipe_with(bytes);
}

}  // namespace spawnsh::platform
