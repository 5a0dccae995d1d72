// The process's memory mappings as /proc/self/maps lists them (Linux), for the stack's bounds
// (syntax/stack_limit.cpp) and the emulated image's audit (image.cpp).
#pragma once

#include <cstdint>
#include <functional>

namespace spawnsh::platform {

// Calls `visit` with each mapping's [from, to) in the file's order (ascending addresses) until
// it returns false. Returns false when the file cannot be read. Parsed with std::from_chars,
// not sscanf: in a static binary scanf brings some 75 KB of glibc (strtof128, strtold ...).
bool for_each_mapping(const std::function<bool(std::uintptr_t from, std::uintptr_t to)>& visit);

}  // namespace spawnsh::platform
