#include "compare/ballast.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>
#include <sys/mman.h>
#include <unistd.h>

#include "compare/options.h"

namespace spawnsh::compare {

bool Ballast::resize(std::uint64_t bytes, std::string& error) {
  release();
  if (bytes == 0) return true;
  void* p = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (p == MAP_FAILED) {
    error = "cannot allocate " + format_size(bytes) + " of ballast: " + std::strerror(errno);
    return false;
  }
  // Small pages, as bench/plain_loop's ballast: a long-running shell's heap is fragmented, and
  // with THP=always a 2 MiB-backed ballast would give fork 512 times fewer entries to copy.
  ::madvise(p, bytes, MADV_NOHUGEPAGE);
  // Written, not only mapped: an untouched mapping has no page table entries for fork to copy.
  auto* bytes_p = static_cast<unsigned char*>(p);
  long page = ::sysconf(_SC_PAGESIZE);
  for (std::uint64_t offset = 0; offset < bytes; offset += static_cast<std::uint64_t>(page)) {
    bytes_p[offset] = 1;
  }
  memory_ = p;
  size_ = bytes;
  return true;
}

void Ballast::release() {
  if (memory_ != nullptr) ::munmap(memory_, size_);
  memory_ = nullptr;
  size_ = 0;
}

namespace {

// The lines of a small /proc or /sys file, without their newlines (none if it cannot be read).
// stdio rather than <fstream>: the streams would bring std::locale into the static binary.
std::vector<std::string> read_lines(const char* path) {
  std::vector<std::string> lines;
  std::FILE* file = std::fopen(path, "re");
  if (file == nullptr) return lines;
  char* buffer = nullptr;
  std::size_t capacity = 0;
  for (ssize_t length; (length = ::getline(&buffer, &capacity, file)) > 0;) {
    std::string& line = lines.emplace_back(buffer, static_cast<std::size_t>(length));
    if (line.back() == '\n') line.pop_back();
  }
  std::free(buffer);
  std::fclose(file);
  return lines;
}

// The value of a "Name:   123 kB" line of a /proc file, in bytes.
std::uint64_t proc_kib_field(const char* path, const std::string& field) {
  for (const std::string& line : read_lines(path)) {
    if (line.rfind(field + ":", 0) == 0) {
      return std::strtoull(line.c_str() + field.size() + 1, nullptr, 10) * 1024;
    }
  }
  return 0;
}

}  // namespace

std::uint64_t available_memory() { return proc_kib_field("/proc/meminfo", "MemAvailable"); }

bool ballast_fits(std::uint64_t bytes, std::uint64_t available, std::string& error) {
  constexpr std::uint64_t kMargin = 256ull << 20;
  if (bytes == 0 || available == 0) return true;
  if (bytes + kMargin <= available) return true;
  error = "--ballast: " + format_size(bytes) + " does not fit: " +
          std::to_string(available >> 20) + " MiB available (MemAvailable), and 256 MiB is kept "
          "for the shell and its children";
  return false;
}

std::string transparent_huge_pages() {
  std::vector<std::string> lines = read_lines("/sys/kernel/mm/transparent_hugepage/enabled");
  if (lines.empty()) return "unknown";
  const std::string& line = lines.front();
  auto open = line.find('[');
  auto close = line.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open) return "unknown";
  return line.substr(open + 1, close - open - 1);
}

std::uint64_t anon_huge_pages() {
  return proc_kib_field("/proc/self/smaps_rollup", "AnonHugePages");
}

}  // namespace spawnsh::compare
