// A readable fd holding given bytes, with no name in the file system: here-documents.
// The one place that knows how the platform makes one (memfd_create on Linux), so a port
// replaces this file.
#pragma once

#include <span>
#include <string_view>

namespace spawnsh::platform {

// Returns a close-on-exec fd, positioned at the start, from which `bytes` can be read to
// their end; -1 with errno set when none can be made.
//
// Linux: an anonymous memory file (memfd). A memfd counts against RLIMIT_FSIZE, and writing
// past that limit raises SIGXFSZ (which would kill the shell), so when the bytes exceed the
// limit (`ulimit -f 0`), or the memfd cannot be made or written, they go into a pipe instead,
// whose buffer is grown (F_SETPIPE_SZ, up to /proc/sys/fs/pipe-max-size, 1 MiB by default) to
// hold them all: written at once, with nothing left to write, no reader can deadlock. Bytes
// that fit in neither fail with EFBIG. (A writer process or thread would lift that bound, but
// only spawn/ makes processes and a thread in the shell would be copied half-way by fork.)
int anonymous_file_with(std::string_view bytes);

// The same for bytes in pieces, written with writev from where they are (no joined copy).
using Pieces = std::span<const std::string_view>;
int anonymous_file_with(Pieces bytes);

// A close-on-exec memory file holding `bytes` that nobody can change any more: sealed against
// writing, shrinking and growing (memfd seals F_SEAL_WRITE|F_SEAL_SHRINK|F_SEAL_GROW), so a
// process that maps it may trust its size and its bytes. -1 with errno set when none can be made
// (no memfd, or more bytes than RLIMIT_FSIZE allows: EFBIG); there is no pipe fallback here.
int sealed_file_with(Pieces bytes);

// True when `fd` is a file sealed as sealed_file_with() seals one.
bool is_sealed(int fd);

}  // namespace spawnsh::platform
