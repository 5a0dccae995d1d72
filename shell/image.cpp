#include "shell/image.h"

#include <sys/mman.h>

#include <algorithm>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>

#include "shell/platform/memory_map.h"
#include "shell/snapshot_codec.h"

namespace spawnsh::image {
namespace {

// ---- the records ----------------------------------------------------------------------------
// Every pointer is an address in the image. No field holds a size: a string or an array is its
// [begin, end). Every other field is a word of its own holding a small number (a line, a pid,
// a signal, a set of flags, all below 4 MiB), never two numbers packed in one word, which could
// make a large one. So the audit, which looks at every word, meets only addresses inside the
// image and numbers below the lowest address a program is mapped at (4 MiB for a non-PIE one).

struct Str {
  const char* begin;
  const char* end;
};
template <typename T>
struct Array {
  const T* begin;
  const T* end;
};
struct Var {
  Str name, value;
  std::uint8_t set, exported, readonly, pad[5];  // one word, at most 0x010101
};
struct Func {
  Str name, text, file;
  std::uint64_t line, column;
};
struct Alias {
  Str name, value;
};
struct Trap {
  std::uint64_t number;
  std::uint64_t has_action;
  Str action;
};

constexpr std::size_t kMaxOptions = 22;  // the options are bits of one word below 4 MiB
constexpr char kMagic[8] = {'S', 'P', 'S', 'H', 'I', 'M', 'G', '1'};

struct Root {
  char magic[8];
  std::uint64_t option_count;
  std::uint64_t umask;
  const char* end;  // kBase + the image's size
  Str cwd, name, arg0;
  Array<std::int64_t> ignored;
  Array<Str> positional;
  std::uint64_t options;  // bit i: option i is set
  std::uint64_t interactive, reads_stdin, traps_inherited, getopts_valid;
  Array<Var> variables;
  Array<Func> functions;
  Array<Alias> aliases;
  Array<Trap> traps;
  std::int64_t root_pid, last_background, last_status, where_line;
  std::uint64_t getopts_offset;
  Str getopts_word, where_source, source_name;
  Str continuation;
};

static_assert(static_cast<std::size_t>(Option::Count) <= kMaxOptions);
static_assert(std::is_trivially_copyable_v<Root> && std::is_standard_layout_v<Root>);
static_assert(std::is_trivially_copyable_v<Var> && std::is_trivially_copyable_v<Func>);
static_assert(sizeof(Var) % 8 == 0 && sizeof(Func) % 8 == 0 && sizeof(Alias) % 8 == 0 &&
              sizeof(Trap) % 8 == 0 && sizeof(Root) % 8 == 0);

const char* address(std::size_t offset) {
  return reinterpret_cast<const char*>(kBase + offset);
}

// ---- the parent's arena -----------------------------------------------------------------------

// Mapped at kBase on first use, never elsewhere; grown by mapping it again (each build writes
// it whole). The arena holds the records only; its capacity follows the biggest one built.
struct Arena {
  char* memory = nullptr;
  std::size_t capacity = 0;

  bool ensure(std::size_t size) {
    if (memory != nullptr && capacity >= size) return true;
    if (memory != nullptr) ::munmap(memory, capacity);
    memory = nullptr;
    capacity = 0;
    constexpr std::size_t kStep = std::size_t{2} << 20;
    std::size_t wanted = (std::max(size, kStep) + kStep - 1) / kStep * kStep;
    void* p = ::mmap(reinterpret_cast<void*>(kBase), wanted, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) return false;
    if (p != reinterpret_cast<void*>(kBase)) {  // a kernel before 4.17 took it as a hint
      ::munmap(p, wanted);
      return false;
    }
    memory = static_cast<char*>(p);
    capacity = wanted;
    return true;
  }
};

Arena& arena() {
  static Arena instance;
  return instance;
}

// Writes the records: arrays first (8-aligned, their sizes known from the counts), then the
// short strings packed after them; long strings (codec::Writer::kReferenceMin bytes or more)
// get addresses after the records and become pieces of their own.
class Layout {
 public:
  Layout(char* memory, std::size_t arrays_size, std::size_t records_size,
         std::vector<std::string_view>& pieces)
      : memory_(memory), records_size_(records_size), strings_at_(arrays_size), pieces_(pieces) {}

  template <typename T>
  T* array(std::size_t count, const T*& begin, const T*& end) {
    std::size_t offset = arrays_at_;
    arrays_at_ += (count * sizeof(T) + 7) / 8 * 8;
    begin = reinterpret_cast<const T*>(address(offset));
    end = begin + count;
    return reinterpret_cast<T*>(memory_ + offset);
  }
  // Bytes that are data, not records (the continuation: the codec's bytes, whose integers may
  // look like anything): placed after the records like a big value, and not audited.
  Str data(std::string_view s) {
    const char* at = address(records_size_ + referred_);
    referred_ += s.size();
    if (!s.empty()) pieces_.push_back(s);
    return {at, at + s.size()};
  }
  Str string(std::string_view s) {
    if (s.size() >= snapshot::codec::Writer::kReferenceMin) {
      const char* at = address(records_size_ + referred_);
      referred_ += s.size();
      pieces_.push_back(s);
      return {at, at + s.size()};
    }
    if (!s.empty()) std::memcpy(memory_ + strings_at_, s.data(), s.size());
    const char* at = address(strings_at_);
    strings_at_ += s.size();
    return {at, at + s.size()};
  }
  std::size_t arrays_end() const { return arrays_at_; }
  std::size_t strings_end() const { return strings_at_; }
  std::size_t referred() const { return referred_; }

 private:
  char* memory_;
  std::size_t records_size_;
  std::size_t arrays_at_ = 0;
  std::size_t strings_at_;
  std::size_t referred_ = 0;
  std::vector<std::string_view>& pieces_;
};

// The bytes of the short strings build() will pack, counted the same way it packs them.
std::size_t short_strings(const snapshot::Contents& c) {
  std::size_t total = 0;
  auto add = [&total](std::string_view s) {
    if (s.size() < snapshot::codec::Writer::kReferenceMin) total += s.size();
  };
  add(c.cwd);
  add(c.name);
  add(c.arg0);
  for (const std::string& p : c.positional) add(p);
  for (const BorrowedVariable& v : c.variables) {
    add(v.name);
    add(v.value);
  }
  for (const auto& f : c.functions) {
    add(f.name);
    add(f.text);
    add(f.file);
  }
  for (const auto& [name, value] : c.aliases) {
    add(name);
    add(value);
  }
  for (const auto& trap : c.traps) add(trap.second ? std::string_view(*trap.second) : "");
  add(c.getopts_word);
  add(c.where_source);
  add(c.source_name);
  return total;
}

// ---- reading ------------------------------------------------------------------------------

// Views of an image laid out for kBase that lies at `at`, each address checked to be inside it.
class Checked {
 public:
  Checked(const char* at, std::size_t size) : at_(at), size_(size) {}

  std::string_view string(const Str& s, const char* what) const {
    std::size_t from = offset(s.begin, what), to = offset(s.end, what);
    if (to < from) fail(std::string("a string ending before its start in ") + what);
    return {at_ + from, to - from};
  }
  template <typename T>
  std::span<const T> array(const Array<T>& a, const char* what) const {
    std::size_t from = offset(reinterpret_cast<const char*>(a.begin), what);
    std::size_t to = offset(reinterpret_cast<const char*>(a.end), what);
    if (to < from || (to - from) % sizeof(T) != 0 || from % alignof(T) != 0) {
      fail(std::string("a malformed array of ") + what);
    }
    return {reinterpret_cast<const T*>(at_ + from), (to - from) / sizeof(T)};
  }
  [[noreturn]] void fail(const std::string& why) const { throw ImageError("image: " + why); }

 private:
  std::size_t offset(const void* p, const char* what) const {
    auto a = reinterpret_cast<std::uintptr_t>(p);
    if (a < kBase || a - kBase > size_) fail(std::string("an address outside the image in ") + what);
    return static_cast<std::size_t>(a - kBase);
  }
  const char* at_;
  std::size_t size_;
};

bool flag(std::uint64_t v, const Checked& in, const char* what) {
  if (v > 1) in.fail(std::string("a bad flag in ") + what);
  return v == 1;
}

}  // namespace

bool build(const snapshot::Contents& c, std::string_view continuation, Built& out) {
  const std::size_t arrays = sizeof(Root) + c.ignored_on_entry.size() * sizeof(std::int64_t) +
                             c.positional.size() * sizeof(Str) + c.variables.size() * sizeof(Var) +
                             c.functions.size() * sizeof(Func) + c.aliases.size() * sizeof(Alias) +
                             c.traps.size() * sizeof(Trap);
  const std::size_t records = arrays + short_strings(c);
  if (!arena().ensure(records)) return false;
  char* memory = arena().memory;
  out.pieces.clear();
  out.pieces.emplace_back(memory, records);
  Layout l(memory, arrays, records, out.pieces);

  const Root* root_begin;
  const Root* root_end;
  Root& root = *l.array<Root>(1, root_begin, root_end);
  std::memset(&root, 0, sizeof root);
  std::memcpy(root.magic, kMagic, sizeof kMagic);
  root.option_count = static_cast<std::uint32_t>(Option::Count);
  root.umask = static_cast<std::uint32_t>(c.umask);
  root.cwd = l.string(c.cwd);
  root.name = l.string(c.name);
  root.arg0 = l.string(c.arg0);
  std::int64_t* ignored = l.array(c.ignored_on_entry.size(), root.ignored.begin, root.ignored.end);
  for (std::size_t i = 0; i < c.ignored_on_entry.size(); ++i) ignored[i] = c.ignored_on_entry[i];
  Str* positional = l.array(c.positional.size(), root.positional.begin, root.positional.end);
  for (std::size_t i = 0; i < c.positional.size(); ++i) positional[i] = l.string(c.positional[i]);
  for (std::size_t i = 0; i < static_cast<std::size_t>(Option::Count); ++i) {
    if (c.options.get(static_cast<Option>(i))) root.options |= std::uint64_t{1} << i;
  }
  root.interactive = c.interactive;
  root.reads_stdin = c.reads_stdin;
  Var* vars = l.array(c.variables.size(), root.variables.begin, root.variables.end);
  for (std::size_t i = 0; i < c.variables.size(); ++i) {
    const BorrowedVariable& v = c.variables[i];
    vars[i] = Var{l.string(v.name), l.string(v.value), v.set, v.exported, v.readonly, {}};
  }
  Func* functions = l.array(c.functions.size(), root.functions.begin, root.functions.end);
  for (std::size_t i = 0; i < c.functions.size(); ++i) {
    const auto& f = c.functions[i];
    functions[i] = Func{l.string(f.name), l.string(f.text), l.string(f.file), f.line, f.column};
  }
  Alias* aliases = l.array(c.aliases.size(), root.aliases.begin, root.aliases.end);
  for (std::size_t i = 0; i < c.aliases.size(); ++i) {
    aliases[i] = Alias{l.string(c.aliases[i].first), l.string(c.aliases[i].second)};
  }
  Trap* traps = l.array(c.traps.size(), root.traps.begin, root.traps.end);
  for (std::size_t i = 0; i < c.traps.size(); ++i) {
    const auto& [number, action] = c.traps[i];
    traps[i] = Trap{static_cast<std::uint64_t>(number), action ? 1u : 0u,
                    l.string(action ? std::string_view(*action) : std::string_view())};
  }
  root.traps_inherited = c.traps_inherited;
  root.root_pid = c.root_pid;
  root.last_background = c.last_background;
  root.last_status = c.last_status;
  root.getopts_valid = c.getopts_valid;
  root.getopts_word = l.string(c.getopts_word);
  root.getopts_offset = c.getopts_offset;
  root.where_source = l.string(c.where_source);
  root.where_line = c.where_line;
  root.source_name = l.string(c.source_name);
  root.continuation = l.data(continuation);

  // The two passes must agree, or the addresses given out are wrong.
  if (l.arrays_end() != arrays || l.strings_end() != records) {
    throw ImageError("image: the layout does not add up");
  }
  out.size = records + l.referred();
  root.end = address(out.size);
  out.records = out.pieces.front();
  return true;
}

std::vector<std::size_t> audit(std::string_view records, std::size_t image_size) {
  struct Range {
    std::uintptr_t from, to;
  };
  std::vector<Range> mapped;
  if (!platform::for_each_mapping([&](std::uintptr_t from, std::uintptr_t to) {
        mapped.push_back({from, to});
        return true;
      })) {
    throw ImageError("image audit: cannot read /proc/self/maps");
  }
  std::vector<std::size_t> outside;
  for (std::size_t at = 0; at + 8 <= records.size(); at += 8) {
    std::uint64_t word;
    std::memcpy(&word, records.data() + at, sizeof word);
    if (word >= kBase && word - kBase <= image_size) continue;
    for (const Range& r : mapped) {
      if (word >= r.from && word < r.to) {
        outside.push_back(at);
        break;
      }
    }
  }
  return outside;
}

bool reserve(std::size_t size) {
  // Images from half a huge page up come in 2 MiB pages where the kernel has them: a fresh
  // page is zeroed before process_vm_writev copies into it, and one 2 MiB page is zeroed and
  // faulted in far cheaper than 512 small ones (bench/README.md: 0.85 ms per MiB in 4 KiB
  // pages, 0.2-0.4 in 2 MiB ones). So the reservation ends on a 2 MiB boundary (kBase is on
  // one) and the last page can be a huge one too; what lies past the image is never touched.
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  const bool huge = size >= kHuge / 2;
  const std::size_t length = huge ? (size + kHuge - 1) / kHuge * kHuge : size;
  void* p = ::mmap(reinterpret_cast<void*>(kBase), length, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  if (p != reinterpret_cast<void*>(kBase)) {
    ::munmap(p, length);
    return false;
  }
  if (huge) ::madvise(p, length, MADV_HUGEPAGE);
  return true;
}

std::string_view read(std::size_t size, snapshot::Contents& contents) {
  return read_at(reinterpret_cast<const char*>(kBase), size, contents);
}

std::string_view read_at(const char* at, std::size_t size, snapshot::Contents& c) {
  Checked in(at, size);
  if (size < sizeof(Root) || std::memcmp(at, kMagic, sizeof kMagic) != 0) {
    in.fail("not a spawnsh image (bad magic)");
  }
  Root root;
  std::memcpy(&root, at, sizeof root);
  if (root.end != address(size)) in.fail("its size is not the size received");
  if (root.option_count != static_cast<std::uint32_t>(Option::Count)) in.fail("option count differs");
  c.cwd = in.string(root.cwd, "working directory");
  c.umask = static_cast<mode_t>(root.umask & 07777);
  c.name = in.string(root.name, "program name");
  c.arg0 = in.string(root.arg0, "$0");
  for (std::int64_t sig : in.array(root.ignored, "ignored signals")) {
    if (sig <= 0 || sig >= NSIG) in.fail("a bad signal number in ignored signals");
    c.ignored_on_entry.push_back(static_cast<int>(sig));
  }
  for (const Str& p : in.array(root.positional, "positional parameters")) {
    c.positional.emplace_back(in.string(p, "positional parameters"));
  }
  if (root.options >> static_cast<std::size_t>(Option::Count) != 0) in.fail("unknown options set");
  for (std::size_t i = 0; i < static_cast<std::size_t>(Option::Count); ++i) {
    c.options.set(static_cast<Option>(i), (root.options >> i & 1) != 0);
  }
  c.interactive = flag(root.interactive, in, "interactive");
  c.reads_stdin = flag(root.reads_stdin, in, "reads_stdin");
  auto vars = in.array(root.variables, "variables");
  c.variables.reserve(vars.size());
  for (const Var& v : vars) {
    BorrowedVariable b;
    b.name = in.string(v.name, "variable name");
    if (!Variables::is_name(b.name)) in.fail("a bad variable name");
    if (!c.variables.empty() && !(c.variables.back().name < b.name)) in.fail("variables out of order");
    b.value = in.string(v.value, "variable value");
    b.set = flag(v.set, in, "variable attributes");
    b.exported = flag(v.exported, in, "variable attributes");
    b.readonly = flag(v.readonly, in, "variable attributes");
    if (!b.set && !b.value.empty()) in.fail("an unset variable with a value");
    c.variables.push_back(b);
  }
  for (const Func& f : in.array(root.functions, "functions")) {
    snapshot::Contents::Function function;
    function.name = in.string(f.name, "function name");
    if (function.name.empty()) in.fail("a function without a name");
    function.text = in.string(f.text, "function text");
    function.file = in.string(f.file, "function file");
    if (f.line > UINT32_MAX || f.column > UINT32_MAX) in.fail("a bad function location");
    function.line = static_cast<std::uint32_t>(f.line);
    function.column = static_cast<std::uint32_t>(f.column);
    c.functions.push_back(std::move(function));
  }
  for (const Alias& a : in.array(root.aliases, "aliases")) {
    c.aliases.emplace_back(in.string(a.name, "alias name"), in.string(a.value, "alias value"));
  }
  c.traps_inherited = flag(root.traps_inherited, in, "traps");
  for (const Trap& t : in.array(root.traps, "traps")) {
    if (t.number >= static_cast<std::uint32_t>(NSIG)) in.fail("a bad signal number in traps");
    std::optional<std::string> action;
    if (flag(t.has_action, in, "trap action")) {
      action = std::string(in.string(t.action, "trap action"));
    }
    c.traps.emplace_back(static_cast<int>(t.number), std::move(action));
  }
  c.root_pid = static_cast<pid_t>(root.root_pid);
  c.last_background = static_cast<pid_t>(root.last_background);
  c.last_status = static_cast<int>(root.last_status);
  c.getopts_valid = flag(root.getopts_valid, in, "getopts position");
  c.getopts_word = in.string(root.getopts_word, "getopts position");
  c.getopts_offset = static_cast<std::size_t>(root.getopts_offset);
  if (c.getopts_offset > c.getopts_word.size()) in.fail("getopts position past its word");
  c.where_source = in.string(root.where_source, "location");
  c.where_line = static_cast<int>(root.where_line);
  c.source_name = in.string(root.source_name, "script name");
  return in.string(root.continuation, "continuation");
}

}  // namespace spawnsh::image
