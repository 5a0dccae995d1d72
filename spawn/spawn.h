// The spawn interface: two plain requests (ExecPlan: run a program; ShellCodeRequest: run shell
// code in a child), several ways to carry them out (Spawner).
//
// Everything a child needs is decided in the parent and written into the plan: the resolved
// path, argv/envp as ready char* arrays, the fd actions in order, the process-group policy,
// terminal hand-over and signal state. A backend only reads the plan; it never allocates on the
// child side, so the same plan is safe for fork, vfork and clone(CLONE_VM) children alike.
#pragma once

#include <csignal>
#include <cstdint>
#include <span>
#include <string_view>
#include <sys/types.h>

namespace spawnsh::spawn {

enum class Backend : std::uint8_t { Fork, Vfork, Clone, PosixSpawn, Emulated, Auto };

inline constexpr Backend kConcreteBackends[] = {Backend::Fork, Backend::Vfork, Backend::Clone,
                                                Backend::PosixSpawn};

std::string_view backend_name(Backend b) noexcept;
// Parses "fork", "vfork", "clone", "posix_spawn", "emulated" or "auto"; false if none matches.
bool parse_backend(std::string_view name, Backend& out) noexcept;

// One step of the child's fd set-up. Actions run in order, exactly as listed.
struct FdAction {
  enum class Kind : std::uint8_t {
    Open,  // fd = open(path, flags, mode), moved to `fd` if the kernel chose another number
    Dup2,  // dup2(src, fd); when src == fd, only clears FD_CLOEXEC (as POSIX 2024 asks)
    Close  // close(fd); closing an fd that is not open is not an error
  };
  Kind kind;
  int fd;
  int src = -1;
  const char* path = nullptr;
  int flags = 0;
  mode_t mode = 0;

  static FdAction open(int fd, const char* path, int flags, mode_t mode = 0666) noexcept {
    return {Kind::Open, fd, -1, path, flags, mode};
  }
  static FdAction dup2(int src, int fd) noexcept { return {Kind::Dup2, fd, src, nullptr, 0, 0}; }
  static FdAction close(int fd) noexcept { return {Kind::Close, fd, -1, nullptr, 0, 0}; }
};

// Which process group the child is put in before it execs.
struct ProcessGroup {
  enum class Policy : std::uint8_t { Inherit, NewGroup, Join };
  Policy policy = Policy::Inherit;
  pid_t pgid = 0;  // the group to join, for Policy::Join
};

struct ExecPlan {
  const char* path = nullptr;        // resolved; execve'd as is (no PATH search in the child)
  char* const* argv = nullptr;       // null-terminated
  char* const* envp = nullptr;       // null-terminated
  std::span<const FdAction> fd_actions;
  ProcessGroup group;
  int terminal_fd = -1;              // >= 0: the child's group takes this terminal (tcsetpgrp)
  sigset_t signal_mask{};            // the mask the child execs with
  sigset_t reset_signals{};          // signals whose disposition the shell changed: set to SIG_DFL

  bool takes_terminal() const noexcept { return terminal_fd >= 0; }
  bool has_open_actions() const noexcept;
};

// The second kind of child: one that runs shell code (a subshell, a command substitution, a
// builtin or function in a pipeline, a background list). It needs the whole shell, which only a
// real copy of the process gives natively (fork); the emulated backend will start a fresh
// spawnsh and hand it the shell state instead. The child's fd set-up, group and terminal are
// described exactly as for a program, so every backend and a test's fake see the same request.
struct ShellCodeRequest {
  // What the backend runs once the child is set up.
  enum class Payload : std::uint8_t {
    Callback,  // fork: call run(context) in the copy of the process; it never returns
    Snapshot   // emulated: a fresh process of this executable inherits `state_fd` (the shell
               // state and the continuation, as bytes) and runs it (spawn/emulated.cpp)
  };
  // The shell side ends the child itself (exit_shell_child); if run returns anyway, the child
  // exits with what it returned.
  using Run = int (*)(void* context) noexcept;

  std::span<const FdAction> fd_actions;  // applied in the child, in order, before run
  ProcessGroup group;
  int terminal_fd = -1;                  // >= 0: the child's group takes this terminal
  Payload payload = Payload::Callback;
  Run run = nullptr;
  void* context = nullptr;

  // Payload::Snapshot. A request may carry both payloads (run for fork, state for emulated):
  // the backend chosen takes the one it can run. `state_fd` is the caller's: a close-on-exec
  // fd positioned at the start of the bytes (a memfd, or a pipe holding them all).
  int state_fd = -1;
  // A second close-on-exec fd the child inherits with the state (-1: none): the sealed file of
  // large values the state refers to (shell/shared_values.h). argv[1] names both, "STATE/SHARED".
  int shared_fd = -1;
  // The emulated child is to receive an image (a socket: shell/exec/emulated_image.h), not read
  // a stream from state_fd: its argv[1] says so.
  bool state_is_image = false;
  char* const* envp = nullptr;           // the new process's environment
  sigset_t signal_mask{};                // what a program of the shell would exec with
  sigset_t reset_signals{};

  bool takes_terminal() const noexcept { return terminal_fd >= 0; }
  bool has_state() const noexcept { return state_fd >= 0; }
};

// The hidden entry of the emulated backend: a spawnsh started with this argv[0] and the number
// of an inherited fd as argv[1] reads its state from that fd instead of parsing a command line
// (kEmulatedImagePrefix before the number: the fd is the image channel's socket; a second
// number after kEmulatedSharedSeparator: the fd of the shared value file).
// The control character makes it a name no user types by accident (login shells start with
// '-', scripts with their path).
inline constexpr const char* kEmulatedChildArg0 = "\x01spawnsh-emulated-child";
inline constexpr char kEmulatedImagePrefix = 'i';
inline constexpr char kEmulatedSharedSeparator = '/';

// Where a failed spawn went wrong. Reported the same way by every backend.
struct SpawnError {
  enum class Stage : std::uint8_t {
    None,       // no error
    Create,     // the process could not be made (fork/clone/posix_spawn failed: EAGAIN, ENOMEM)
    FdAction,   // fd_actions[action] failed
    Group,      // setpgid failed
    Terminal,   // tcsetpgrp failed
    Exec,       // execve failed
    Unsupported // the backend cannot honour this plan (see Spawner::supports)
  };
  Stage stage = Stage::None;
  int error = 0;   // errno value
  int action = -1; // index into fd_actions for Stage::FdAction

  explicit operator bool() const noexcept { return stage != Stage::None; }
};

struct SpawnResult {
  pid_t pid = -1;      // > 0 on success; on failure the child (if any) has already been reaped
  SpawnError error;
};

// A way of making a child. Implementations never throw and keep no per-spawn heap state.
class Spawner {
 public:
  virtual ~Spawner() = default;
  virtual Backend backend() const noexcept = 0;
  // False when this backend cannot carry out `plan` faithfully; the caller then uses another.
  virtual bool supports(const ExecPlan& plan) const noexcept = 0;
  virtual SpawnResult spawn(const ExecPlan& plan) noexcept = 0;

  // Shell code in a child. Only a backend that can copy the whole shell supports it (fork
  // today); the others refuse, and the Launcher falls back visibly.
  virtual bool supports_shell_code(const ShellCodeRequest&) const noexcept { return false; }
  virtual SpawnResult spawn_shell_code(const ShellCodeRequest&) noexcept {
    return {-1, {SpawnError::Stage::Unsupported, 0, -1}};
  }
};

// The process-wide instance of a backend (Fork, Vfork, Clone, PosixSpawn or Emulated); nullptr
// for Auto (see Launcher). Emulated runs shell code only: it refuses every ExecPlan.
Spawner* spawner_for(Backend b) noexcept;

}  // namespace spawnsh::spawn
