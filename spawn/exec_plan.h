// Owning storage for the parts of an ExecPlan that are arrays of C strings (argv, envp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spawnsh::spawn {

// A null-terminated char* array backed by one contiguous buffer: two allocations however many
// strings, and data() is ready to hand to execve.
class CStringArray {
 public:
  CStringArray() { pointers_.push_back(nullptr); }
  template <typename Range>
  explicit CStringArray(const Range& strings) {
    assign(strings);
  }

  template <typename Range>
  void assign(const Range& strings) {
    std::size_t bytes = 0, count = 0;
    for (const auto& s : strings) {
      bytes += std::string_view(s).size() + 1;
      ++count;
    }
    buffer_.clear();
    buffer_.reserve(bytes);  // no reallocation below, so the pointers taken stay valid
    pointers_.clear();
    pointers_.reserve(count + 1);
    for (const auto& s : strings) {
      pointers_.push_back(buffer_.data() + buffer_.size());
      buffer_.append(std::string_view(s));
      buffer_.push_back('\0');
    }
    pointers_.push_back(nullptr);
  }

  char* const* data() const noexcept { return pointers_.data(); }
  std::size_t size() const noexcept { return pointers_.size() - 1; }

 private:
  std::string buffer_;
  std::vector<char*> pointers_;
};

}  // namespace spawnsh::spawn
