// The ballast: private memory the measuring shell allocates and touches before it spawns, so
// that what a backend pays for a large parent (fork copies its page tables) becomes visible.
#pragma once

#include <cstdint>
#include <string>

namespace spawnsh::compare {

class Ballast {
 public:
  Ballast() = default;
  Ballast(const Ballast&) = delete;
  Ballast& operator=(const Ballast&) = delete;
  ~Ballast() { release(); }

  // Replaces the current ballast by `bytes` of anonymous private memory, every page written so
  // that it is resident. Returns false with `error` set when it cannot (mmap failed).
  bool resize(std::uint64_t bytes, std::string& error);
  void release();
  std::uint64_t size() const { return size_; }

 private:
  void* memory_ = nullptr;
  std::uint64_t size_ = 0;
};

// MemAvailable from /proc/meminfo, in bytes (0 when unknown).
std::uint64_t available_memory();
// Refuses (false, with a one-line reason) a size that does not fit in available memory with a
// margin of 256 MiB for the shell and its children. `already` is ballast that will be freed first.
bool ballast_fits(std::uint64_t bytes, std::uint64_t available, std::string& error);
// The transparent huge page mode in force ("always", "madvise", "never"; "unknown").
std::string transparent_huge_pages();
// AnonHugePages of this process, bytes (from /proc/self/smaps_rollup; 0 when unknown).
std::uint64_t anon_huge_pages();

}  // namespace spawnsh::compare
