// The image channel of the emulated backend: the state a child inherits laid out in one arena at
// a fixed address (kBase), so that the child, given the same bytes at the same address, uses
// them where they lie: no byte stream to decode, the variables borrowed in place
// (Variables::borrow), pointers that mean the same in both processes.
//
// The arena holds only plain records (no vtables, no std containers, no FILE*) whose pointers
// all point into the image: a string is a [begin, end) pair of addresses, an array too, and the
// other fields are small integers. Big values are not copied into the parent's arena at all:
// they are pieces of the image taken from where they lie (the parent's variable table), placed
// after the records, and copied once into the child (process_vm_writev, or writev into a memfd
// the child maps at kBase: shell/exec/emulated_child.cpp). The continuation (the codec's bytes
// of shell/exec/emulated_child.cpp) is data placed after the records the same way. audit()
// proves the "no pointer out" rule on the records of a built image; the tests run every image
// of the case suite through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "shell/snapshot.h"

namespace spawnsh::image {

// 60 TiB: far below where Linux x86-64 maps libraries, anonymous memory and the stack (near
// 128 TiB), far above the program and its heap; 2 MiB-aligned for huge pages. A process that
// has something there cannot have the image (MAP_FIXED_NOREPLACE says so) and uses serialize.
inline constexpr std::uintptr_t kBase = 0x3c0000000000;

class ImageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One child's image, ready to be copied: `pieces`, in order, are the bytes from kBase on. The
// first is the records in this process's arena (at kBase: the addresses they will have in the
// child); the others are big values where they lie. Valid while the contents it was built from
// and the arena (until the next build) are.
struct Built {
  std::vector<std::string_view> pieces;
  std::size_t size = 0;      // of the whole image
  std::string_view records;  // pieces[0]
};

// Lays `contents` and `continuation` (bytes the child gets back as they are) out in the arena.
// False when the arena cannot be had at kBase (the address is taken, no memory): the caller
// falls back to serialize.
bool build(const snapshot::Contents& contents, std::string_view continuation, Built& out);

// The offsets of the 8-byte words of `records` that point into this process's memory (a mapping
// in /proc/self/maps) but not into the image [kBase, kBase + image_size): empty when the image
// holds no pointer out of itself. Throws ImageError when the maps cannot be read.
std::vector<std::size_t> audit(std::string_view records, std::size_t image_size);

// The child's side: maps [kBase, kBase + size) (false: the address is taken or no memory).
bool reserve(std::size_t size);

// Checks the image of `size` bytes at kBase (every address inside it, every count possible,
// names valid and sorted) and describes it in `contents`, the variables as views of the image;
// returns the continuation. A malformed image is an ImageError saying what is wrong.
std::string_view read(std::size_t size, snapshot::Contents& contents);
// The same for an image of `size` bytes at `at` that was laid out for kBase (tests: an image
// copied anywhere is read as if it lay at kBase; only its checks are meaningful).
std::string_view read_at(const char* at, std::size_t size, snapshot::Contents& contents);

}  // namespace spawnsh::image
