#include "shell/exec/emulated_image.h"

#include <limits.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "shell/log.h"
#include "shell/platform/anonymous_file.h"
#include "shell/shell.h"
#include "shell/snapshot_codec.h"

namespace spawnsh::exec::image_channel {
namespace {

constexpr char kReady = 'R', kNoAddress = 'N', kWritten = 'G', kMemfd = 'M', kSerialized = 'S';

// The audit is a test mode: every image the shell builds is scanned before it leaves.
bool audit_wanted() {
  static const bool wanted = [] {
    const char* v = std::getenv("SPAWNSH_IMAGE_AUDIT");
    return v != nullptr && *v != '\0';
  }();
  return wanted;
}

// A test mode that takes a fallback on purpose: "memfd" (the parent does not try
// process_vm_writev) or "serialize" (the child behaves as if kBase were taken).
std::string_view forced_fallback() {
  const char* v = std::getenv("SPAWNSH_IMAGE_FALLBACK");
  return v != nullptr ? std::string_view(v) : std::string_view();
}

bool send_all(int fd, const void* data, std::size_t size) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::send(fd, p, size, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

bool receive_all(int fd, void* data, std::size_t size) {
  char* p = static_cast<char*>(data);
  while (size > 0) {
    ssize_t n = ::recv(fd, p, size, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// One byte with room for one fd beside it (SCM_RIGHTS): the message both ends use, set up once.
struct ByteWithFd {
  char byte = 0;
  alignas(cmsghdr) char control[CMSG_SPACE(sizeof(int))] = {};
  iovec io{};
  msghdr message{};
  ByteWithFd() {
    io = {&byte, 1};
    message.msg_iov = &io;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
  }
  ByteWithFd(const ByteWithFd&) = delete;
  ByteWithFd& operator=(const ByteWithFd&) = delete;
};

bool send_with_fd(int socket, char what, int fd) {
  ByteWithFd m;
  m.byte = what;
  cmsghdr* c = CMSG_FIRSTHDR(&m.message);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN(sizeof(int));
  std::memcpy(CMSG_DATA(c), &fd, sizeof fd);
  for (;;) {
    ssize_t n = ::sendmsg(socket, &m.message, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    return n == 1;
  }
}

// The byte the parent sent, and the fd that came with it (-1 if none).
bool receive_with_fd(int socket, char& what, int& fd) {
  ByteWithFd m;
  ssize_t n;
  do {
    n = ::recvmsg(socket, &m.message, MSG_CMSG_CLOEXEC);
  } while (n < 0 && errno == EINTR);
  if (n != 1) return false;
  what = m.byte;
  fd = -1;
  for (cmsghdr* c = CMSG_FIRSTHDR(&m.message); c != nullptr; c = CMSG_NXTHDR(&m.message, c)) {
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS) {
      std::memcpy(&fd, CMSG_DATA(c), sizeof fd);
    }
  }
  return true;
}

// The image into the child at kBase, IOV_MAX pieces at a time; false if any of it failed.
bool write_into(pid_t child, const std::vector<std::string_view>& pieces) {
  std::vector<iovec> local;
  local.reserve(std::min<std::size_t>(pieces.size(), IOV_MAX));
  std::uintptr_t remote_at = image::kBase;
  for (std::size_t next = 0; next < pieces.size();) {
    local.clear();
    std::size_t batch = 0;
    for (; next < pieces.size() && local.size() < IOV_MAX; ++next) {
      local.push_back({const_cast<char*>(pieces[next].data()), pieces[next].size()});
      batch += pieces[next].size();
    }
    iovec remote{reinterpret_cast<void*>(remote_at), batch};
    ssize_t n = ::process_vm_writev(child, local.data(), local.size(), &remote, 1, 0);
    if (n < 0 || static_cast<std::size_t>(n) != batch) {
      log::debug("image: process_vm_writev: {}", n < 0 ? std::strerror(errno) : "short write");
      return false;
    }
    remote_at += batch;
  }
  return true;
}

// Puts the image sent in a memfd at kBase (over the reservation), or reads a pipe's into it.
bool place_from(int fd, std::size_t size) {
  struct stat st;
  if (::fstat(fd, &st) != 0) return false;
  if (S_ISREG(st.st_mode)) {
    if (static_cast<std::size_t>(st.st_size) != size) return false;
    void* p = ::mmap(reinterpret_cast<void*>(image::kBase), size, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_FIXED, fd, 0);
    return p == reinterpret_cast<void*>(image::kBase);
  }
  char* at = reinterpret_cast<char*>(image::kBase);
  for (std::size_t done = 0; done < size;) {
    ssize_t n = ::read(fd, at + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

[[noreturn]] void refuse(const std::string& why) {
  throw image::ImageError("emulated child: " + why);
}

}  // namespace

Pending::~Pending() {
  if (socket >= 0) ::close(socket);
}

bool prepare(Pending& pending, int& child_end) {
  if (!image::build(pending.contents, pending.continuation, pending.built)) {
    log::debug("image: the arena cannot be had at its address; serialize instead");
    return false;
  }
  if (audit_wanted()) {
    std::vector<std::size_t> outside = image::audit(pending.built.records, pending.built.size);
    if (!outside.empty()) {
      std::uint64_t word = 0;
      std::memcpy(&word, pending.built.records.data() + outside.front(), sizeof word);
      char value[32];
      std::snprintf(value, sizeof value, "%#llx", static_cast<unsigned long long>(word));
      throw image::ImageError("image audit: " + std::to_string(outside.size()) +
                              " words point outside the image, the first at offset " +
                              std::to_string(outside.front()) + " (" + value + ")");
    }
  }
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) return false;
  std::uint64_t size = pending.built.size;
  // The size goes first, into the socket's buffer: the child reads it when it is ready.
  if (!send_all(fds[0], &size, sizeof size)) {
    ::close(fds[0]);
    ::close(fds[1]);
    return false;
  }
  pending.socket = fds[0];
  child_end = fds[1];
  return true;
}

void deliver(Pending& pending, pid_t child) {
  char answer = 0;
  if (!receive_all(pending.socket, &answer, 1)) return;  // gone: its status says so
  if (answer == kReady) {
    if (forced_fallback() != "memfd" && write_into(child, pending.built.pieces)) {
      send_all(pending.socket, &kWritten, 1);
      return;
    }
    int fd = platform::anonymous_file_with(platform::Pieces(pending.built.pieces));
    if (fd >= 0) {
      send_with_fd(pending.socket, kMemfd, fd);
      ::close(fd);
    }
    return;  // no fd: the child finds the socket closed and says so
  }
  // kBase is taken in the child: the same contents as a byte stream.
  snapshot::codec::Writer bytes(/*by_reference=*/true);
  snapshot::encode(bytes, pending.contents);
  bytes.raw(pending.continuation);
  const std::vector<std::string_view> pieces = bytes.pieces();
  int fd = platform::anonymous_file_with(platform::Pieces(pieces));
  if (fd >= 0) {
    send_with_fd(pending.socket, kSerialized, fd);
    ::close(fd);
  }
}

std::string_view receive(int fd, Shell& shell, int& serialize_fd) {
  serialize_fd = -1;
  std::uint64_t size = 0;
  if (!receive_all(fd, &size, sizeof size)) refuse("no image size from the parent");
  // An image has a root at least; one beyond the address space's room above kBase is no image.
  if (size == 0 || size > (std::uint64_t{1} << 44)) refuse("an impossible image size");
  const bool mapped =
      forced_fallback() != "serialize" && image::reserve(static_cast<std::size_t>(size));
  if (!send_all(fd, mapped ? &kReady : &kNoAddress, 1)) refuse("the parent is gone");
  char how = 0;
  int received = -1;
  if (!receive_with_fd(fd, how, received)) refuse("the parent sent no image");
  ::close(fd);
  if (how == kSerialized && received >= 0) {
    serialize_fd = received;
    return {};
  }
  if (!mapped) refuse("the image's address is taken here, and the parent sent no stream");
  if (how == kMemfd && received >= 0) {
    bool placed = place_from(received, static_cast<std::size_t>(size));
    ::close(received);
    if (!placed) refuse("the image in the memfd cannot be mapped at its address");
  } else if (how != kWritten) {
    if (received >= 0) ::close(received);
    refuse("an unknown answer from the parent");
  }
  snapshot::Contents contents;
  std::string_view continuation = image::read(static_cast<std::size_t>(size), contents);
  // The image stays mapped for the life of the process: a non-null owner-less pointer to it.
  std::shared_ptr<const void> storage(std::shared_ptr<void>(),
                                      reinterpret_cast<const void*>(image::kBase));
  snapshot::apply(std::move(contents), shell, std::move(storage));
  return continuation;
}

}  // namespace spawnsh::exec::image_channel
