#include "shell/snapshot.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

#include "shell/shared_values.h"
#include "shell/shell.h"
#include "shell/snapshot_codec.h"
#include "shell/syntax/parser.h"
#include "shell/syntax/unparse.h"

namespace spawnsh::snapshot {
namespace {

using codec::Reader;
using codec::Writer;

constexpr std::size_t kOptionCount = static_cast<std::size_t>(Option::Count);

// ---- writing ------------------------------------------------------------------------------

std::string current_directory() {
  std::vector<char> buffer(4096);
  for (;;) {
    if (::getcwd(buffer.data(), buffer.size()) != nullptr) return buffer.data();
    if (errno != ERANGE) return {};  // gone or unreadable: the child stays where it is
    buffer.resize(buffer.size() * 2);
  }
}

mode_t current_umask() {
  mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

// ---- reading ------------------------------------------------------------------------------

using FunctionRecord = Contents::Function;
using Decoded = Contents;

int signal_number(Reader& in, const char* what) {
  std::uint32_t n = in.u32(what);
  if (n >= static_cast<std::uint32_t>(NSIG)) in.fail(std::string("bad signal number in ") + what);
  return static_cast<int>(n);
}

std::uint64_t fixed_at(std::string_view bytes, std::size_t at, int width) {
  std::uint64_t v = 0;
  for (int i = 0; i < width; ++i) {
    v |= static_cast<std::uint64_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  }
  return v;
}

// The shared value file the snapshot names (`id`, `size`), checked: the one handed over must be
// that file, whole. Returns its bytes (empty when the snapshot names none).
std::string_view check_shared(Reader& in, std::string_view shared, std::uint64_t id,
                              std::uint64_t size) {
  if (id == 0 && size == 0) return {};
  if (shared.empty()) in.fail("it refers to a shared value file that was not handed over");
  if (shared.size() != size) {
    in.fail("the shared value file has " + std::to_string(shared.size()) + " bytes, not " +
            std::to_string(size) + " (stale or truncated)");
  }
  if (size < kSharedHeaderSize || !shared.starts_with(kSharedMagic) ||
      fixed_at(shared, kSharedMagic.size(), 4) != kSharedVersion) {
    in.fail("the shared value file is not one this spawnsh reads (bad magic or version)");
  }
  if (fixed_at(shared, 16, 8) != id || fixed_at(shared, 24, 8) != size) {
    in.fail("the shared value file is another one than the snapshot names (stale)");
  }
  return shared;
}

// A variable's value: in the stream, or a range of the shared file.
std::string_view value(Reader& in, std::string_view shared) {
  switch (in.u8("variable value")) {
    case 0: return in.view("variable value");
    case 1: {
      std::uint64_t offset = in.u64("variable value");
      std::uint64_t length = in.u64("variable value");
      if (shared.empty()) in.fail("a value in a shared value file, but there is none");
      if (offset < kSharedHeaderSize || offset > shared.size() || length > shared.size() - offset) {
        in.fail("a value outside the shared value file");
      }
      return shared.substr(static_cast<std::size_t>(offset), static_cast<std::size_t>(length));
    }
    default: in.fail("bad kind of variable value");
  }
}

Decoded decode(std::string_view bytes, std::string_view shared) {
  Reader in(bytes);
  if (bytes.size() < kMagic.size() || bytes.substr(0, kMagic.size()) != kMagic) {
    throw SnapshotError("snapshot: not a spawnsh snapshot (bad magic)");
  }
  for (std::size_t i = 0; i < kMagic.size(); ++i) in.u8("magic");
  std::uint32_t version = in.u32("version");
  if (version != kVersion) {
    throw SnapshotError("snapshot: version " + std::to_string(version) + " is not " +
                        std::to_string(kVersion) + ", the version this spawnsh reads");
  }
  std::uint64_t length = in.u64("length");
  if (length != in.remaining()) {
    in.fail(length > in.remaining() ? "truncated (" + std::to_string(in.remaining()) + " of " +
                                          std::to_string(length) + " bytes)"
                                    : "trailing bytes after the end");
  }
  std::uint64_t shared_id = in.u64("shared value file");
  std::uint64_t shared_size = in.u64("shared value file");
  shared = check_shared(in, shared, shared_id, shared_size);

  Decoded d;
  d.cwd = in.string("working directory");
  d.umask = static_cast<mode_t>(in.u32("umask") & 07777);
  for (std::size_t n = in.count("ignored signals", 4); n > 0; --n) {
    d.ignored_on_entry.push_back(signal_number(in, "ignored signals"));
  }

  d.name = in.string("program name");
  d.arg0 = in.string("$0");
  for (std::size_t n = in.count("positional parameters", 8); n > 0; --n) {
    d.positional.push_back(in.string("positional parameters"));
  }
  if (in.u32("option count") != kOptionCount) in.fail("option count differs");
  for (std::size_t i = 0; i < kOptionCount; ++i) {
    d.options.set(static_cast<Option>(i), in.flag("options"));
  }
  d.interactive = in.flag("interactive");
  d.reads_stdin = in.flag("reads_stdin");

  std::size_t variable_count = in.count("variables", 8 + 1 + 8 + 3);
  d.variables.reserve(variable_count);
  for (std::size_t n = variable_count; n > 0; --n) {
    BorrowedVariable v;
    v.name = in.view("variable name");
    if (!Variables::is_name(v.name)) in.fail("bad variable name");
    // Sorted and each name once: the order Variables::borrow looks them up in.
    if (!d.variables.empty() && !(d.variables.back().name < v.name)) {
      in.fail("variables out of order");
    }
    v.value = value(in, shared);
    v.set = in.flag("variable attributes");
    v.exported = in.flag("variable attributes");
    v.readonly = in.flag("variable attributes");
    if (!v.set && !v.value.empty()) in.fail("an unset variable with a value");
    d.variables.push_back(v);
  }

  for (std::size_t n = in.count("functions", 8 + 8 + 8 + 4 + 4); n > 0; --n) {
    FunctionRecord f;
    f.name = in.string("function name");
    if (f.name.empty()) in.fail("a function without a name");
    f.text = in.string("function text");
    f.file = in.string("function file");
    f.line = in.u32("function line");
    f.column = in.u32("function column");
    d.functions.push_back(std::move(f));
  }

  for (std::size_t n = in.count("aliases", 16); n > 0; --n) {
    std::string name = in.string("alias name");
    std::string value = in.string("alias value");
    d.aliases.emplace_back(std::move(name), std::move(value));
  }

  d.traps_inherited = in.flag("traps");
  for (std::size_t n = in.count("traps", 4 + 1); n > 0; --n) {
    int number = signal_number(in, "traps");
    std::optional<std::string> action;
    if (in.flag("trap action")) action = in.string("trap action");
    d.traps.emplace_back(number, std::move(action));
  }

  d.root_pid = static_cast<pid_t>(in.i64("$$"));
  d.last_background = static_cast<pid_t>(in.i64("$!"));
  d.last_status = static_cast<int>(in.i64("$?"));
  d.getopts_valid = in.flag("getopts position");
  d.getopts_word = in.string("getopts position");
  d.getopts_offset = static_cast<std::size_t>(in.u64("getopts position"));
  if (d.getopts_offset > d.getopts_word.size()) in.fail("getopts position past its word");
  d.where_source = in.string("location");
  d.where_line = static_cast<int>(in.i64("location"));
  d.source_name = in.string("script name");
  if (in.remaining() != 0) in.fail("trailing bytes after the end");
  return d;
}

// Parses a function's text again; the result shares the new arena the way a definition does.
Function parse_function(const FunctionRecord& record,
                        const std::vector<std::pair<std::string, std::string>>& aliases) {
  auto refuse = [&](const std::string& why) -> SnapshotError {
    return SnapshotError("snapshot: function " + record.name + ": " + why);
  };
  syntax::Source source(record.file.empty() ? std::string_view("snapshot") : record.file,
                        record.text, record.line, record.column);
  // Aliases apply as they did when the function was defined in the common case: defined
  // before it, and still there.
  syntax::ParseOptions options;
  if (!aliases.empty()) {
    options.aliases = [&aliases](std::string_view name) -> const std::string* {
      for (const auto& [alias, value] : aliases) {
        if (alias == name) return &value;
      }
      return nullptr;
    };
  }
  syntax::ParseResult result = syntax::parse_program(source, options);
  if (!result.ok()) throw refuse("its text does not parse: " + result.error->message);
  const syntax::Program& program = *result.program;
  const syntax::FunctionDefinition* definition = nullptr;
  if (program.commands.size() == 1 && program.commands[0].items.size() == 1) {
    const syntax::AndOr& and_or = program.commands[0].items[0].and_or;
    if (and_or.links.size() == 1 && and_or.links[0].pipeline.commands.size() == 1 &&
        !and_or.links[0].pipeline.negated && !program.commands[0].items[0].async) {
      definition =
          std::get_if<syntax::FunctionDefinition>(&and_or.links[0].pipeline.commands[0].value);
    }
  }
  if (definition == nullptr || definition->name != record.name) {
    throw refuse("its text is not one definition of it");
  }
  Function function;
  function.body = std::shared_ptr<const syntax::Command>(result.arena, definition->body);
  function.text = definition->text != nullptr ? *definition->text : std::string_view();
  function.file = record.file.empty() ? nullptr : syntax::intern_source_name(record.file);
  function.line = record.line;
  function.column = record.column;
  return function;
}

}  // namespace

Contents gather(const InheritedState& state, const SignalState& signals) {
  Contents c;
  c.cwd = current_directory();
  c.umask = current_umask();
  for (int sig = 1; sig < NSIG; ++sig) {
    if (signals.ignored_on_entry(sig)) c.ignored_on_entry.push_back(sig);
  }
  c.name = state.name;
  c.arg0 = state.arg0;
  c.positional = state.positional;
  c.options = state.options;
  c.interactive = state.interactive;
  c.reads_stdin = state.reads_stdin;
  c.variables = state.vars.sorted_views();
  // Functions and aliases in name order, so equal states give equal bytes.
  for (const auto& [name, function] : state.functions) {
    Contents::Function f;
    f.name = name;
    if (!function.text.empty()) {
      f.text = function.text;
    } else if (function.body != nullptr) {
      // Defined in an alias value: no text of its own, so its tree is written back as text.
      f.text = name + "() " + syntax::unparse(*function.body).text;
    } else {
      throw SnapshotError("snapshot: function " + name + " has no body");
    }
    if (function.file != nullptr) f.file = *function.file;
    f.line = function.line;
    f.column = function.column;
    c.functions.push_back(std::move(f));
  }
  std::sort(c.functions.begin(), c.functions.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  c.aliases.assign(state.aliases.begin(), state.aliases.end());
  std::sort(c.aliases.begin(), c.aliases.end());
  c.traps_inherited = state.traps.in_subshell_copy();
  for (int n = 0; n < NSIG; ++n) {
    if (state.traps.action(n)) c.traps.emplace_back(n, *state.traps.action(n));
  }
  c.root_pid = state.root_pid;
  c.last_background = state.last_background;
  c.last_status = state.last_status;
  const GetoptsPosition& g = state.getopts_position;
  c.getopts_valid = g.optind_generation == state.vars.optind_generation();
  c.getopts_word = g.word;
  c.getopts_offset = g.offset;
  c.where_source = state.where.source;
  c.where_line = state.where.line;
  c.source_name = state.source_name;
  return c;
}

void encode(codec::Writer& out, const Contents& c, const SharedValues* shared) {
  // Values are most of a big state: room for them at once, so the buffer is not copied as it
  // grows (each copy of a large state is fresh pages to fault in). Values referred to (not
  // copied: the by-reference Writer) need no room.
  std::size_t estimate = out.bytes().size() + 4096;
  auto room = [&out](std::size_t size) {
    return out.by_reference() && size >= codec::Writer::kReferenceMin ? std::size_t{0} : size;
  };
  for (const BorrowedVariable& v : c.variables) {
    estimate += v.name.size() + room(v.value.size()) + 28;
  }
  for (const std::string& p : c.positional) estimate += room(p.size()) + 8;
  out.bytes().reserve(estimate);
  out.raw(kMagic);
  out.u32(kVersion);
  const std::size_t length_at = out.bytes().size();
  const std::size_t start = out.size();
  out.u64(0);  // the length of the rest, filled in at the end
  out.u64(shared != nullptr ? shared->id() : 0);
  out.u64(shared != nullptr ? shared->size() : 0);

  out.string(c.cwd);
  out.u32(static_cast<std::uint32_t>(c.umask));
  out.u64(c.ignored_on_entry.size());
  for (int sig : c.ignored_on_entry) out.u32(static_cast<std::uint32_t>(sig));

  out.string(c.name);
  out.string(c.arg0);
  out.u64(c.positional.size());
  for (const std::string& p : c.positional) out.string(p);
  out.u32(static_cast<std::uint32_t>(kOptionCount));
  for (std::size_t i = 0; i < kOptionCount; ++i) out.flag(c.options.get(static_cast<Option>(i)));
  out.flag(c.interactive);
  out.flag(c.reads_stdin);

  out.u64(c.variables.size());
  for (const BorrowedVariable& v : c.variables) {
    out.string(v.name);
    const SharedValues::Entry* in_file =
        shared != nullptr && v.value.size() >= Variables::kLargeValue
            ? shared->find(v.name, v.value.size())
            : nullptr;
    if (in_file != nullptr) {
      out.u8(1);
      out.u64(in_file->offset);
      out.u64(in_file->length);
    } else {
      out.u8(0);
      out.string(v.value);
    }
    out.flag(v.set);
    out.flag(v.exported);
    out.flag(v.readonly);
  }
  out.u64(c.functions.size());
  for (const Contents::Function& f : c.functions) {
    out.string(f.name);
    out.string(f.text);
    out.string(f.file);
    out.u32(f.line);
    out.u32(f.column);
  }
  out.u64(c.aliases.size());
  for (const auto& [name, value] : c.aliases) {
    out.string(name);
    out.string(value);
  }
  out.flag(c.traps_inherited);
  out.u64(c.traps.size());
  for (const auto& [number, action] : c.traps) {
    out.u32(static_cast<std::uint32_t>(number));
    out.flag(action.has_value());
    if (action) out.string(*action);
  }
  out.i64(c.root_pid);
  out.i64(c.last_background);
  out.i64(c.last_status);
  out.flag(c.getopts_valid);
  out.string(c.getopts_word);
  out.u64(c.getopts_offset);
  out.string(c.where_source);
  out.i64(c.where_line);
  out.string(c.source_name);

  std::string& bytes = out.bytes();
  std::uint64_t length = out.size() - start - 8;
  for (int i = 0; i < 8; ++i) bytes[length_at + i] = static_cast<char>((length >> (8 * i)) & 0xff);
}

std::string write(const InheritedState& state, const SignalState& signals) {
  Contents contents = gather(state, signals);
  codec::Writer out;
  encode(out, contents);
  return out.flatten();
}

void read(std::string_view bytes, Shell& shell, std::shared_ptr<const void> storage,
          std::string_view shared) {
  apply(decode(bytes, shared), shell, std::move(storage));
}

void apply(Contents&& d, Shell& shell, std::shared_ptr<const void> storage) {
  std::vector<std::pair<std::string, Function>> functions;
  functions.reserve(d.functions.size());
  for (const FunctionRecord& record : d.functions) {
    functions.emplace_back(record.name, parse_function(record, d.aliases));
  }
  if (!d.cwd.empty() && ::chdir(d.cwd.c_str()) != 0) {
    throw SnapshotError("snapshot: cannot enter the working directory " + d.cwd + ": " +
                        std::strerror(errno));
  }
  ::umask(d.umask);

  shell.name = std::move(d.name);
  shell.arg0 = std::move(d.arg0);
  shell.positional = std::move(d.positional);
  shell.options = d.options;
  shell.vars.export_all = d.options.get(Option::AllExport);
  shell.interactive = d.interactive;
  shell.reads_stdin = d.reads_stdin;
  if (storage != nullptr) {
    shell.vars.borrow(std::move(d.variables), std::move(storage));
  } else {
    for (const BorrowedVariable& v : d.variables) {
      shell.vars.put(v.name, Variable{std::string(v.value), v.set, v.exported, v.readonly});
    }
  }
  for (auto& [name, value] : d.aliases) shell.aliases[name] = std::move(value);
  for (auto& [name, function] : functions) shell.functions[name] = std::move(function);

  // The dispositions: what the writer took as ignored on entry stays fixed here, whatever this
  // process was started with; then each trap is set for real.
  shell.signals.adopt_entry_ignored(d.ignored_on_entry);
  for (auto& [number, action] : d.traps) shell.traps.set(shell, number, std::move(action));
  // A subshell's listing of its parent's traps (not active in it) stays a listing.
  if (d.traps_inherited) shell.traps.reset_for_subshell(shell);

  shell.root_pid = d.root_pid;
  shell.last_background = d.last_background;
  shell.last_status = d.last_status;
  if (d.getopts_valid) {
    shell.getopts_position.optind_generation = shell.vars.optind_generation();
    shell.getopts_position.word = std::move(d.getopts_word);
    shell.getopts_position.offset = d.getopts_offset;
  }
  shell.source_name = std::move(d.source_name);
  shell.where.line = d.where_line;
  shell.where.source = d.where_source.empty()
                           ? std::string_view()
                           : std::string_view(*syntax::intern_source_name(d.where_source));
}

}  // namespace spawnsh::snapshot
