// The two system files the shell parses itself (shell/platform/): /proc/self/maps, for the
// stack's bounds and the emulated image's audit, and /etc/passwd, for ~user and its completion.
// They replaced sscanf and <fstream>, which cost the static binary 82 KB and 490 KB.
#include <catch2/catch.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "shell/platform/memory_map.h"
#include "shell/platform/passwd.h"
#include "tests/support/thread_stack.h"

using namespace spawnsh;

TEST_CASE("memory map: every mapping, ascending, the stack and the heap among them", "[platform]") {
  int on_stack = 0;
  auto on_heap = std::make_unique<std::vector<char>>(1 << 20);
  const auto stack_address = reinterpret_cast<std::uintptr_t>(&on_stack);
  const auto heap_address = reinterpret_cast<std::uintptr_t>(on_heap->data());
  std::vector<std::pair<std::uintptr_t, std::uintptr_t>> mappings;
  REQUIRE(platform::for_each_mapping([&](std::uintptr_t from, std::uintptr_t to) {
    mappings.emplace_back(from, to);
    return true;
  }));
  REQUIRE(mappings.size() > 3);
  bool stack_found = false;
  bool heap_found = false;
  for (std::size_t i = 0; i < mappings.size(); ++i) {
    auto [from, to] = mappings[i];
    CHECK(from < to);
    if (i > 0) CHECK(mappings[i - 1].second <= from);
    stack_found = stack_found || (from <= stack_address && stack_address < to);
    heap_found = heap_found || (from <= heap_address && heap_address < to);
  }
  CHECK(stack_found);
  CHECK(heap_found);
}

TEST_CASE("memory map: the stack pthread_getattr_np reports ends inside the mapping found", "[platform]") {
  // pthread_getattr_np's own parse of the file, for the main thread: its stack ends at the page
  // above __libc_stack_end, inside the mapping found here.
  const std::uintptr_t top = testing::this_thread_stack().top();
  int here = 0;
  const auto address = reinterpret_cast<std::uintptr_t>(&here);
  std::uintptr_t stack_to = 0;
  platform::for_each_mapping([&](std::uintptr_t from, std::uintptr_t to) {
    if (from <= address && address < to) {
      stack_to = to;
      return false;  // stops: nothing after it is visited
    }
    return true;
  });
  REQUIRE(stack_to != 0);
  CHECK(top <= stack_to);
  CHECK(address < top);
}

TEST_CASE("passwd: every line, without its newline, root's first field", "[platform]") {
  std::vector<std::string> lines;
  platform::for_each_passwd_line([&](std::string_view line) {
    lines.emplace_back(line);
    return true;
  });
  REQUIRE_FALSE(lines.empty());
  bool root = false;
  for (const std::string& line : lines) {
    CHECK(line.find('\n') == std::string::npos);
    root = root || line.rfind("root:", 0) == 0;
  }
  CHECK(root);
  int visited = 0;
  platform::for_each_passwd_line([&](std::string_view) { return ++visited < 1; });
  CHECK(visited == 1);
}
