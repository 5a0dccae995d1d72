// The calling thread's stack as glibc reports it (pthread_getattr_np, which for the main thread
// reads /proc/self/maps and RLIMIT_STACK): the reference the tests hold the shell's own stack
// readers to.
#pragma once

#include <cstddef>
#include <cstdint>

#include <catch2/catch.hpp>
#include <pthread.h>

namespace spawnsh::testing {

struct StackBounds {
  std::uintptr_t low = 0;  // the lowest address, where a growing stack ends
  std::size_t size = 0;
  std::uintptr_t top() const { return low + size; }
};

inline StackBounds this_thread_stack() {
  pthread_attr_t attributes;
  REQUIRE(pthread_getattr_np(pthread_self(), &attributes) == 0);
  void* low = nullptr;
  std::size_t size = 0;
  const int got = pthread_attr_getstack(&attributes, &low, &size);
  pthread_attr_destroy(&attributes);
  REQUIRE(got == 0);
  return {reinterpret_cast<std::uintptr_t>(low), size};
}

}  // namespace spawnsh::testing
