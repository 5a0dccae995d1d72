// The state a child inherits (shell/state/inherited.h), as bytes: what the emulated backend
// hands to a fresh spawnsh through a pipe or memfd so that it can go on as the child.
//
// Format (version 1), every integer little-endian and of fixed width:
//   magic "SPSHSNAP", u32 version, u64 length of the rest, then the sections in a fixed order.
//   A string is a u64 length and its bytes (any bytes, NUL included); a list is a u64 count and
//   its elements; a flag is one byte, 0 or 1. No pointers: functions travel as their text and
//   are parsed again when read; traps as their action texts, set again when read.
//
// Reading checks everything before it changes anything: a snapshot that is truncated, of
// another version or otherwise malformed is refused with a SnapshotError saying why, and the
// shell is left as it was.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace spawnsh {

struct InheritedState;
class SignalState;
class Shell;

namespace snapshot {

inline constexpr std::string_view kMagic = "SPSHSNAP";
inline constexpr std::uint32_t kVersion = 1;

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The inherited state, with the process state a child must start with, read now: the working
// directory, the umask, and the signals the shell treats as ignored on entry (`signals`). A
// function whose definition came from an alias value has no text of its own: its parsed body
// is written back as text (shell/syntax/unparse.h).
std::string write(const InheritedState& state, const SignalState& signals);

// Makes `shell`, fresh from start-up (no variables, functions or traps of its own yet), the
// shell the snapshot was written from: the inherited state, the working directory and umask,
// and the traps set again through Traps::set so the dispositions are real.
void read(std::string_view bytes, Shell& shell);

}  // namespace snapshot
}  // namespace spawnsh
