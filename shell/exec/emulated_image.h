// The image channel's hand-over (shell/image.h lays the image out): the parent builds the image
// before the child exists and keeps one end of a socket pair; the child, started with the other
// end, reads the image's size, maps [kBase, kBase + size) and says whether it could ('R') or
// not ('N'). The parent then
//   - copies the image into the child with process_vm_writev and says 'G', or, when that is
//     not permitted (ptrace rules, a seccomp filter) or fails,
//   - writes it into a memfd and sends that ('M' and the fd), which the child maps at kBase
//     over its reservation; or, when the child could not have kBase,
//   - writes the serialize stream into a memfd and sends that ('S' and the fd).
// The parent waits for the child's one byte only: the child answers before anything else, and
// a child that dies first closes the socket, which ends the wait.
//
// Test modes (environment): SPAWNSH_IMAGE_AUDIT=1 audits every image before it leaves
// (image::audit; a failure fails the child); SPAWNSH_IMAGE_FALLBACK=memfd or =serialize takes
// that fallback on purpose, so that each way is run by the case suite.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "shell/image.h"
#include "shell/snapshot.h"

namespace spawnsh {
class Shell;
}

namespace spawnsh::exec::image_channel {

// The parent's half of one hand-over, from prepare() to deliver().
struct Pending {
  int socket = -1;
  snapshot::Contents contents;  // what the image views (the variables: the shell's table)
  std::string continuation;
  image::Built built;
  Pending() = default;
  Pending(const Pending&) = delete;
  Pending& operator=(const Pending&) = delete;
  ~Pending();
};

// Builds the image of `pending.contents` and `pending.continuation` and opens the socket pair;
// `child_end` is the end the child inherits. False when the arena cannot be had (the caller
// uses serialize); an image that fails the audit (SPAWNSH_IMAGE_AUDIT set) is an ImageError.
bool prepare(Pending& pending, int& child_end);

// After the child is started: gives it its image, by the first way that works. Errors are the
// child's to report (it says that its state could not be read); the parent goes on.
void deliver(Pending& pending, pid_t child);

// The child's half: receives the image through `fd` and applies it to `shell` (variables
// borrowed in place); returns the continuation's bytes, valid for the life of the process. When
// the parent sent the serialize stream instead, returns nothing and sets `serialize_fd`.
std::string_view receive(int fd, Shell& shell, int& serialize_fd);

}  // namespace spawnsh::exec::image_channel
