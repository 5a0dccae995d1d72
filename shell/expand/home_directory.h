// The home directory of a user, for ~user.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace spawnsh::expand {

// nullopt when there is no such user. A static build reads /etc/passwd itself, as busybox
// does: glibc's NSS modules cannot be loaded safely into a static binary (getpwnam crashed for
// an unknown user). A dynamic build (-DSPAWNSH_STATIC=OFF) asks getpwnam, so LDAP and the
// other NSS sources count there.
std::optional<std::string> home_directory(std::string_view user);

}  // namespace spawnsh::expand
