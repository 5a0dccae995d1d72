// Writing a whole text to a file descriptor, for the few places that print without a stdio
// stream (history files, --dump-ast, `time` reports, the comparison mode).
#pragma once

#include <string_view>

namespace spawnsh::platform {

// Writes all of `text` to `fd`, retrying after EINTR and after short writes. False, with errno
// set, when a write fails (a full or closed output); errno is EIO if write returned 0.
bool write_all(int fd, std::string_view text);

}  // namespace spawnsh::platform
