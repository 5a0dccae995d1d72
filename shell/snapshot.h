// The state a child inherits (shell/state/inherited.h), as bytes: what the emulated backend
// hands to a fresh spawnsh through a pipe or memfd so that it can go on as the child.
//
// Format (version 2), every integer little-endian and of fixed width:
//   magic "SPSHSNAP", u32 version, u64 length of the rest, u64 id and u64 size of the shared
//   value file the snapshot refers to (both 0: none; shell/shared_values.h), then the sections
//   in a fixed order. A string is a u64 length and its bytes (any bytes, NUL included); a list
//   is a u64 count and its elements; a flag is one byte, 0 or 1. A variable's value is a byte 0
//   and a string, or a byte 1 and the u64 offset and u64 length of its bytes in the shared file.
//   No pointers: functions travel as their text and are parsed again when read; traps as their
//   action texts, set again when read.
//
// Reading checks everything before it changes anything: a snapshot that is truncated, of
// another version or otherwise malformed is refused with a SnapshotError saying why, and the
// shell is left as it was.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shell/options.h"
#include "shell/vars.h"

namespace spawnsh {

struct InheritedState;
class SignalState;
class Shell;

namespace snapshot {

namespace codec {
class Writer;
}

inline constexpr std::string_view kMagic = "SPSHSNAP";
inline constexpr std::uint32_t kVersion = 2;

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class SharedValues;

// What a snapshot says, whichever channel carried it (this byte stream, or the image of
// shell/image.h): the inherited state in plain values. The variables are views of where their
// bytes lie (the parent's table when gathered, the received bytes when decoded).
struct Contents {
  struct Function {
    std::string name, text, file;
    std::uint32_t line = 1, column = 1;
  };
  std::string cwd;
  mode_t umask = 0;
  std::vector<int> ignored_on_entry;
  std::string name, arg0;
  std::vector<std::string> positional;
  Options options;
  bool interactive = false, reads_stdin = false;
  std::vector<BorrowedVariable> variables;  // sorted by name, each name once
  std::vector<Function> functions;          // sorted by name
  std::vector<std::pair<std::string, std::string>> aliases;  // sorted by name
  bool traps_inherited = false;
  std::vector<std::pair<int, std::optional<std::string>>> traps;
  pid_t root_pid = 0, last_background = 0;
  int last_status = 0;
  bool getopts_valid = false;
  std::string getopts_word;
  std::size_t getopts_offset = 0;
  std::string where_source, source_name;
  int where_line = 0;
};

// The inherited state and the process state a child starts with, read now; the variables are
// views of `state`'s table, valid while it is unchanged.
Contents gather(const InheritedState& state, const SignalState& signals);

// Makes `shell` the shell `contents` describe: see read().
void apply(Contents&& contents, Shell& shell, std::shared_ptr<const void> storage);

// The inherited state, with the process state a child must start with, read now: the working
// directory, the umask, and the signals the shell treats as ignored on entry (`signals`). A
// function whose definition came from an alias value has no text of its own: its parsed body
// is written back as text (shell/syntax/unparse.h).
std::string write(const InheritedState& state, const SignalState& signals);
// The same from gathered contents, appended to `out`; a by-reference Writer refers to big values
// where they are (`contents` and the state it views must outlive its pieces). With `shared`,
// the values it holds are written as ranges of its file, which the reader must be given.
void encode(codec::Writer& out, const Contents& contents, const SharedValues* shared = nullptr);

// Makes `shell`, fresh from start-up (no variables, functions or traps of its own yet), the
// shell the snapshot was written from: the inherited state, the working directory and umask,
// and the traps set again through Traps::set so the dispositions are real.
// With `storage` (what keeps `bytes` and `shared` alive), the variables are borrowed where they
// lie (Variables::borrow), copied only when used; without, they are copied now. `shared`: the
// bytes of the shared value file handed over with the snapshot (empty: none), checked against
// the id and size the snapshot names.
void read(std::string_view bytes, Shell& shell, std::shared_ptr<const void> storage = nullptr,
          std::string_view shared = {});

}  // namespace snapshot
}  // namespace spawnsh
