#include "shell/exec/emulated_child.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <vector>

#include "shell/exec/child.h"
#include "shell/exec/emulated_image.h"
#include "shell/exec/evaluator.h"
#include "shell/exec/exec_tail.h"
#include "shell/exec/simple_command.h"
#include "shell/log.h"
#include "shell/platform/anonymous_file.h"
#include "shell/shared_values.h"
#include "shell/shell.h"
#include "shell/snapshot.h"
#include "shell/snapshot_codec.h"
#include "shell/syntax/parser.h"
#include "shell/syntax/unparse.h"
#include "spawn/subshell.h"

namespace spawnsh::exec {
namespace {

// The section after the snapshot: what the child runs and what of the execution context a
// subshell keeps (it may `return` from the function it is in, `break` the loop it is in, and
// it stays exempt from set -e inside a condition).
constexpr std::string_view kContinuationMagic = "SPSHCONT";
constexpr int kStatusBadState = 2;

syntax::UnparsedText unparse_continuation(const Continuation& c) {
  switch (c.kind) {
    case Continuation::Kind::Program:
      return syntax::unparse(*static_cast<const syntax::Program*>(c.node));
    case Continuation::Kind::List:
      return syntax::unparse(*static_cast<const syntax::CommandList*>(c.node));
    case Continuation::Kind::AndOr:
      return syntax::unparse(*static_cast<const syntax::AndOr*>(c.node));
    case Continuation::Kind::Command:
    case Continuation::Kind::ExpandedCommand:
      return syntax::unparse(*static_cast<const syntax::Command*>(c.node));
    case Continuation::Kind::None: break;
  }
  return {};
}

const syntax::SourceRange& range_of(const Continuation& c) {
  switch (c.kind) {
    case Continuation::Kind::Program: return static_cast<const syntax::Program*>(c.node)->range;
    case Continuation::Kind::List: return static_cast<const syntax::CommandList*>(c.node)->range;
    case Continuation::Kind::AndOr: return static_cast<const syntax::AndOr*>(c.node)->range;
    default: return static_cast<const syntax::Command*>(c.node)->range;
  }
}

void write_continuation(Shell& shell, const ChildSetup& setup, snapshot::codec::Writer& out) {
  const Continuation& c = setup.continuation;
  syntax::UnparsedText text = unparse_continuation(c);
  snapshot::codec::Writer w;
  w.bytes().append(kContinuationMagic);
  w.u8(static_cast<std::uint8_t>(c.kind));
  w.string(text.text);
  w.string(range_of(c).file_name());
  w.u32(text.first_line);
  w.flag(setup.ignore_interrupts);
  w.u32(static_cast<std::uint32_t>(shell.function_depth));
  w.u32(static_cast<std::uint32_t>(shell.loop_depth));
  w.u32(static_cast<std::uint32_t>(shell.errexit_suppressed));
  w.u32(static_cast<std::uint32_t>(shell.local_scopes.size()));
  w.u8(static_cast<std::uint8_t>(shell.launcher.backend()));
  w.flag(shell.launcher.no_fork());
  w.flag(shell.launcher.emulated_image());
  w.u64(c.expanded != nullptr ? c.expanded->size() : 0);
  if (c.expanded != nullptr) {
    for (const std::string& field : *c.expanded) w.string(field);
  }
  const auto& hashed = shell.command_hash.entries(shell.vars.path_generation());
  w.u64(hashed.size());
  for (const auto& [name, path] : hashed) {
    w.string(name);
    w.string(path);
  }
  // Copied, never referred to: `w` ends here, and `out` may be a by-reference Writer that would
  // keep only a view of a continuation of 4 kB or more (ASan: heap-use-after-free in the writev
  // of the state, a 1000-line here-document in a pipeline under --spawn=emulated).
  out.bytes().append(w.bytes());
}

// The state's bytes: the memfd mapped (no copy: its pages are the ones the parent wrote), or a
// pipe's content read to its end.
class StateBytes {
 public:
  explicit StateBytes(int fd);
  ~StateBytes() {
    if (mapped_ != nullptr) ::munmap(mapped_, size_);
  }
  StateBytes(const StateBytes&) = delete;
  StateBytes& operator=(const StateBytes&) = delete;
  std::string_view view() const {
    return mapped_ != nullptr ? std::string_view(static_cast<const char*>(mapped_), size_)
                              : std::string_view(read_);
  }

 private:
  void* mapped_ = nullptr;
  std::size_t size_ = 0;
  std::string read_;
};

StateBytes::StateBytes(int fd) {
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    throw snapshot::SnapshotError(std::string("emulated child: no state fd: ") +
                                  std::strerror(errno));
  }
  if (S_ISREG(st.st_mode) && st.st_size > 0) {
    // Not populated: a value is read only if the child uses it, and most pages are never
    // touched.
    void* p = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      mapped_ = p;
      size_ = static_cast<std::size_t>(st.st_size);
      ::close(fd);
      return;
    }
  }
  // A pipe (under `ulimit -f`), read to its end.
  read_.resize(65536);
  std::size_t done = 0;
  for (;;) {
    if (done == read_.size()) read_.resize(read_.size() * 2);
    ssize_t n = ::read(fd, read_.data() + done, read_.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int error = errno;
      ::close(fd);
      throw snapshot::SnapshotError(std::string("emulated child: cannot read the state: ") +
                                    std::strerror(error));
    }
    if (n == 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
  read_.resize(done);
}

int state_fd(std::string_view text) {
  int fd = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), fd);
  if (ec != std::errc() || end != text.data() + text.size() || fd < 0) {
    throw snapshot::SnapshotError("emulated child: bad state fd " + std::string(text));
  }
  return fd;
}

// The state and the shared value file it refers to, kept together for the life of the process:
// the variables are read where they lie in either.
struct ReceivedState {
  explicit ReceivedState(int fd) : stream(fd) {}
  StateBytes stream;
  std::unique_ptr<snapshot::SharedMapping> shared;
};

// What the continuation section says, checked.
struct Resumption {
  Continuation::Kind kind = Continuation::Kind::None;
  std::string text, file;
  std::uint32_t first_line = 1;
  bool ignore_interrupts = false;
  std::vector<std::string> expanded;
};

Resumption read_continuation(std::string_view bytes, Shell& shell) {
  snapshot::codec::Reader in(bytes);
  for (char expected : kContinuationMagic) {
    if (static_cast<char>(in.u8("continuation magic")) != expected) {
      in.fail("not a continuation (bad magic)");
    }
  }
  Resumption r;
  std::uint8_t kind = in.u8("continuation kind");
  if (kind == 0 || kind > static_cast<std::uint8_t>(Continuation::Kind::ExpandedCommand)) {
    in.fail("bad continuation kind");
  }
  r.kind = static_cast<Continuation::Kind>(kind);
  r.text = in.string("continuation text");
  r.file = in.string("continuation file");
  r.first_line = in.u32("continuation line");
  r.ignore_interrupts = in.flag("continuation signals");
  shell.function_depth = static_cast<int>(in.u32("function depth"));
  shell.loop_depth = static_cast<int>(in.u32("loop depth"));
  shell.errexit_suppressed = static_cast<int>(in.u32("set -e suppression"));
  std::uint32_t scopes = in.u32("local scopes");
  if (scopes > static_cast<std::uint32_t>(shell.function_depth) + 1) in.fail("bad local scopes");
  shell.local_scopes.resize(scopes);
  std::uint8_t backend = in.u8("backend");
  if (backend > static_cast<std::uint8_t>(spawn::Backend::Auto)) in.fail("bad backend");
  shell.launcher.set_backend(static_cast<spawn::Backend>(backend));
  shell.launcher.set_no_fork(in.flag("no-fork"));
  shell.launcher.set_emulated_image(in.flag("emulated channel"));
  for (std::size_t n = in.count("expanded words", 8); n > 0; --n) {
    r.expanded.push_back(in.string("expanded words"));
  }
  for (std::size_t n = in.count("hashed commands", 16); n > 0; --n) {
    std::string name = in.string("hashed command");
    std::string path = in.string("hashed command");
    shell.command_hash.remember(std::move(name), std::move(path), shell.vars.path_generation());
  }
  if (in.remaining() != 0) in.fail("trailing bytes after the continuation");
  return r;
}

// The snapshot states its own length in its header (magic, version, length of the rest).
std::size_t snapshot_size(std::string_view bytes) {
  if (!bytes.starts_with(snapshot::kMagic)) {
    throw snapshot::SnapshotError("snapshot: not a spawnsh snapshot (bad magic)");
  }
  snapshot::codec::Reader in(bytes);
  for (std::size_t i = 0; i < snapshot::kMagic.size(); ++i) in.u8("magic");
  in.u32("version");
  std::uint64_t rest = in.u64("length");
  if (rest > in.remaining()) in.fail("truncated snapshot");
  return in.position() + static_cast<std::size_t>(rest);
}

// The node the parent ran, found again in the tree parsed from its text.
const syntax::Command* only_command(const syntax::Program& program) {
  if (program.commands.size() != 1 || program.commands[0].items.size() != 1) return nullptr;
  const syntax::AndOr& and_or = program.commands[0].items[0].and_or;
  if (and_or.links.size() != 1 || and_or.links[0].pipeline.commands.size() != 1) return nullptr;
  return &and_or.links[0].pipeline.commands[0];
}

}  // namespace

EmulatedState::EmulatedState() = default;

EmulatedState::~EmulatedState() {
  if (fd >= 0) ::close(fd);
}

void finish_emulated_launch(EmulatedState& state, pid_t child) {
  if (state.image == nullptr) return;
  // The child's end closed here first, so a child that dies makes the wait end.
  if (state.fd >= 0) ::close(state.fd);
  state.fd = -1;
  if (child > 0) image_channel::deliver(*state.image, child);
  state.image.reset();
}

bool prepare_emulated_state(Shell& shell, const ChildSetup& setup, EmulatedState& state,
                            spawn::ShellCodeRequest& request) {
  if (setup.continuation.kind == Continuation::Kind::None) {
    if (shell.launcher.no_fork()) {
      shell.error("no-fork mode: this child cannot be described to a new process");
      return false;
    }
    return true;
  }
  // Big values are referred to where they live and written once, by the kernel, into the file.
  snapshot::codec::Writer bytes(/*by_reference=*/true);
  snapshot::Contents contents;
  const snapshot::SharedValues* shared = nullptr;
  try {
    contents = snapshot::gather(shell, shell.signals);
    if (shell.launcher.emulated_image()) {
      auto pending = std::make_unique<image_channel::Pending>();
      pending->contents = std::move(contents);
      snapshot::codec::Writer continuation;
      write_continuation(shell, setup, continuation);
      pending->continuation = std::move(continuation.bytes());
      int child_end = -1;
      if (image_channel::prepare(*pending, child_end)) {
        state.fd = child_end;
        state.image = std::move(pending);
        request.state_fd = child_end;
        request.state_is_image = true;
      } else {
        contents = std::move(pending->contents);  // the address is taken: serialize
      }
    }
    if (state.image == nullptr) {
      // The large values: referred to in the file every child shares (built again only when
      // they changed), not copied into this child's stream.
      shared = shell.shared_values.update(contents.variables,
                                          shell.vars.large_value_generation());
      snapshot::encode(bytes, contents, shared);
      write_continuation(shell, setup, bytes);
    }
  } catch (const std::runtime_error& error) {  // SnapshotError, ImageError
    if (shell.launcher.no_fork() || shell.launcher.emulated_image()) {
      shell.error(error.what());
      return false;
    }
    log::debug("emulated backend: {}; the child is forked", error.what());
    return true;
  }
  if (state.image == nullptr) {
    state.fd = platform::anonymous_file_with(bytes.pieces());
    if (state.fd < 0 && errno == EMFILE && shared != nullptr) {
      // The shared file holds an fd for good; under a low fd limit the stream's may be the one
      // too many. Then the values travel in the stream, as they did before there was a file.
      shell.shared_values.release();
      shared = nullptr;
      snapshot::codec::Writer inline_bytes(/*by_reference=*/true);
      snapshot::encode(inline_bytes, contents, nullptr);
      write_continuation(shell, setup, inline_bytes);
      state.fd = platform::anonymous_file_with(inline_bytes.pieces());
    }
    if (state.fd < 0) {
      shell.error(std::string("cannot hand the state to a new spawnsh: ") + std::strerror(errno));
      return false;
    }
    request.state_fd = state.fd;
    request.shared_fd = shared != nullptr ? shared->fd() : -1;
  }
  request.envp = shell.vars.environment();
  request.signal_mask = shell.signals.child_mask();
  request.reset_signals = shell.signals.changed();
  return true;
}

void run_emulated_child(Shell& shell, std::string_view fd_argument) {
  Resumption resumption;
  std::shared_ptr<const void> kept_state;
  std::shared_ptr<syntax::Arena> arena;
  std::optional<syntax::Program> program;
  try {
    const bool image = !fd_argument.empty() && fd_argument[0] == spawn::kEmulatedImagePrefix;
    if (image) fd_argument.remove_prefix(1);
    int shared_fd = -1;
    if (std::size_t slash = fd_argument.find(spawn::kEmulatedSharedSeparator);
        !image && slash != std::string_view::npos) {
      shared_fd = state_fd(fd_argument.substr(slash + 1));
      fd_argument = fd_argument.substr(0, slash);
      // Never inherited by what this child runs, whatever happens below.
      ::fcntl(shared_fd, F_SETFD, FD_CLOEXEC);
    }
    int fd = state_fd(fd_argument);
    std::string_view continuation;
    if (image) continuation = image_channel::receive(fd, shell, fd);
    if (!image || fd >= 0) {
      // Kept for the life of the process: the variables are read where they lie in it.
      auto state = std::make_shared<ReceivedState>(fd);
      if (shared_fd >= 0) {
        try {
          state->shared = std::make_unique<snapshot::SharedMapping>(shared_fd);
        } catch (...) {
          ::close(shared_fd);
          throw;
        }
        ::close(shared_fd);  // the mapping keeps the pages
      }
      std::string_view all = state->stream.view();
      std::size_t size = snapshot_size(all);
      snapshot::read(all.substr(0, size), shell, state,
                     state->shared != nullptr ? state->shared->view() : std::string_view());
      continuation = all.substr(size);
      kept_state = std::move(state);
    }
    resumption = read_continuation(continuation, shell);
    // Aliases were replaced when the parent parsed the tree: the text is parsed without them.
    syntax::Source source(resumption.file.empty() ? std::string_view("spawnsh")
                                                  : std::string_view(resumption.file),
                          resumption.text, resumption.first_line);
    syntax::ParseResult parsed = syntax::parse_program(source);
    if (!parsed.ok()) {
      throw snapshot::SnapshotError("emulated child: the continuation does not parse: " +
                                    parsed.error->message);
    }
    arena = parsed.arena;
    program = std::move(parsed.program);
  } catch (const std::exception& error) {
    std::string message = std::string(error.what());
    shell.error(message);
    spawn::exit_shell_child(kStatusBadState);
  }

  const syntax::Program& tree = *program;
  const syntax::Command* command = only_command(tree);
  using Kind = Continuation::Kind;
  bool needs_command = resumption.kind == Kind::Command || resumption.kind == Kind::ExpandedCommand;
  if (needs_command && (command == nullptr ||
                        (resumption.kind == Kind::ExpandedCommand &&
                         !std::holds_alternative<syntax::SimpleCommand>(command->value)))) {
    shell.error("emulated child: the continuation is not one command");
    spawn::exit_shell_child(kStatusBadState);
  }
  const bool one_and_or = !tree.commands.empty() && tree.commands[0].items.size() == 1;
  if (resumption.kind == Kind::AndOr && (tree.commands.size() != 1 || !one_and_or)) {
    shell.error("emulated child: the continuation is not one and-or list");
    spawn::exit_shell_child(kStatusBadState);
  }
  Continuation resumed;
  switch (resumption.kind) {
    case Kind::Command: resumed = Continuation(*command); break;
    case Kind::ExpandedCommand: resumed = Continuation(*command, resumption.expanded); break;
    case Kind::AndOr: resumed = Continuation(tree.commands[0].items[0].and_or); break;
    default: resumed = Continuation(tree); break;
  }
  finish_shell_child(shell, resumption.ignore_interrupts, [&](Shell& child) {
    switch (resumption.kind) {
      case Kind::Command: return execute_command(child, *command);
      case Kind::ExpandedCommand:
        return execute_expanded(child, std::get<syntax::SimpleCommand>(command->value),
                                resumption.expanded);
      case Kind::AndOr: return execute_and_or(child, tree.commands[0].items[0].and_or);
      default: return execute(child, tree);
    }
  }, exec_tail(resumed));
}

}  // namespace spawnsh::exec
