// The user database as /etc/passwd has it, read directly (for ~user and its completion): glibc's
// NSS modules cannot be loaded safely into a static binary (see expand/home_directory.h).
#pragma once

#include <functional>
#include <string_view>

namespace spawnsh::platform {

// Calls `visit` with each line of /etc/passwd, without its newline, until it returns false.
// A missing or unreadable file has no lines. With stdio rather than <fstream>: the streams
// would bring the whole of std::locale into the binary (~300 KB in the static build).
void for_each_passwd_line(const std::function<bool(std::string_view line)>& visit);

}  // namespace spawnsh::platform
