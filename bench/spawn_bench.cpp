// spawn_bench: how fast each backend of the spawn library starts and reaps a trivial program,
// beside the physical limit (bench/plain_loop, the same loop as a minimal C program) and beside
// real shells running the same loop (`dash -c 'while ...; do /bin/true; done'`).
//
// Every runner does the same work: spawn /bin/true, wait for it with wait4 (spawn::reap for the
// library), check that it exited 0, N times in a row. Rounds are interleaved (round 1 of every
// runner, then round 2 ...) so that a burst of load from elsewhere on the machine hits all of
// them alike; the table shows the median round and the spread (max - min) / median.
//
// --ballast SIZE makes the parent map SIZE of private memory in 4 KiB pages and write every page
// before measuring, so that fork has page tables to copy; a comma list (0,1G) measures each size
// in turn in the same run and prints them side by side. See bench/README.md.
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spawn/exec_plan.h"
#include "spawn/spawn.h"
#include "spawn/wait.h"

extern char** environ;

namespace {

namespace sp = spawnsh::spawn;
using Clock = std::chrono::steady_clock;

[[noreturn]] void die(const std::string& message) {
  std::fprintf(stderr, "spawn_bench: %s\n", message.c_str());
  std::exit(1);
}

[[noreturn]] void usage_error(const std::string& message) {
  std::fprintf(stderr,
               "spawn_bench: %s\n"
               "usage: spawn_bench [--count N] [--rounds R] [--warmup W] [--ballast SIZE[,SIZE...]]\n"
               "                   [--backend fork|vfork|clone|posix_spawn]... [--thp]\n"
               "                   [--plain PATH|none] [--shells LIST|none] [--program PATH]\n"
               "                   [--max-round SECONDS] [--tsv]\n",
               message.c_str());
  std::exit(2);
}

// ---------------------------------------------------------------------------------------------
// Options

struct Ballast {
  std::string label;  // as the user wrote it
  std::size_t bytes = 0;
};

struct ShellSpec {
  std::string name;  // as shown in the table
  std::string path;  // resolved executable
  std::vector<std::string> leading_args;  // before -c (busybox: "ash")
};

struct Options {
  long count = 2000;
  long rounds = 7;
  long warmup = -1;  // -1: count / 10, at least 50
  std::vector<Ballast> ballasts{{"0", 0}};
  std::vector<sp::Backend> backends;  // empty: all concrete backends
  bool thp = false;
  std::string program = "/bin/true";
  std::string plain;  // path of plain_loop; empty: next to this executable; "none": skip
  std::optional<std::string> shells;  // comma list; unset: default list (unless --backend)
  bool tsv = false;
  double max_round = 10;  // seconds: slower runners get fewer spawns per round (0: no limit)
};

bool parse_size(std::string_view text, std::size_t& out) {
  std::size_t i = 0;
  unsigned long long value = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    value = value * 10 + static_cast<unsigned>(text[i] - '0');
    ++i;
  }
  if (i == 0) return false;
  unsigned long long unit = 1;
  if (i < text.size()) {
    switch (text[i]) {
      case 'k': case 'K': unit = 1ULL << 10; break;
      case 'm': case 'M': unit = 1ULL << 20; break;
      case 'g': case 'G': unit = 1ULL << 30; break;
      default: return false;
    }
    ++i;
    if (i < text.size() && text[i] == 'i') ++i;
    if (i < text.size() && (text[i] == 'B' || text[i] == 'b')) ++i;
  }
  if (i != text.size()) return false;
  out = static_cast<std::size_t>(value * unit);
  return true;
}

long parse_long(std::string_view option, const char* text, long minimum) {
  char* end = nullptr;
  errno = 0;
  long v = std::strtol(text, &end, 10);
  if (errno != 0 || end == text || *end != '\0' || v < minimum) {
    usage_error(std::string(option) + ": expected a number >= " + std::to_string(minimum) +
                ", got '" + text + "'");
  }
  return v;
}

std::vector<std::string> split_commas(std::string_view text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string_view::npos) comma = text.size();
    if (comma > start) parts.emplace_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return parts;
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage_error(std::string(a) + " needs a value");
      return argv[++i];
    };
    if (a == "--count") {
      o.count = parse_long(a, value(), 1);
    } else if (a == "--rounds") {
      o.rounds = parse_long(a, value(), 1);
    } else if (a == "--warmup") {
      o.warmup = parse_long(a, value(), 0);
    } else if (a == "--ballast") {
      o.ballasts.clear();
      for (const std::string& part : split_commas(value())) {
        Ballast b{part, 0};
        if (!parse_size(part, b.bytes)) usage_error("--ballast: bad size '" + part + "'");
        o.ballasts.push_back(b);
      }
      if (o.ballasts.empty()) usage_error("--ballast: no size given");
    } else if (a == "--backend") {
      sp::Backend b;
      const char* name = value();
      if (!sp::parse_backend(name, b) || sp::spawner_for(b) == nullptr) {
        usage_error(std::string("--backend: '") + name +
                    "' is not one of fork, vfork, clone, posix_spawn");
      }
      o.backends.push_back(b);
    } else if (a == "--thp") {
      o.thp = true;
    } else if (a == "--plain") {
      o.plain = value();
    } else if (a == "--shells") {
      o.shells = value();
    } else if (a == "--program") {
      o.program = value();
    } else if (a == "--max-round") {
      o.max_round = static_cast<double>(parse_long(a, value(), 0));
    } else if (a == "--tsv") {
      o.tsv = true;
    } else if (a == "--help" || a == "-h") {
      usage_error("runs /bin/true through every spawn backend; see bench/README.md");
    } else {
      usage_error("unknown option '" + std::string(a) + "'");
    }
  }
  if (o.warmup < 0) o.warmup = std::max(50L, o.count / 10);
  // Ballast sizes are measured in the order given while the mapping only grows: keep them sorted.
  std::stable_sort(o.ballasts.begin(), o.ballasts.end(),
                   [](const Ballast& x, const Ballast& y) { return x.bytes < y.bytes; });
  return o;
}

// ---------------------------------------------------------------------------------------------
// Ballast: private anonymous memory, every page written, grown from one size to the next.

class BallastMemory {
 public:
  explicit BallastMemory(bool thp) : thp_(thp) {}
  BallastMemory(const BallastMemory&) = delete;
  BallastMemory& operator=(const BallastMemory&) = delete;

  void grow_to(std::size_t bytes) {
    if (bytes <= size_) return;
    const std::size_t page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    std::size_t extra = (bytes - size_ + page - 1) / page * page;
    void* p = ::mmap(nullptr, extra, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) die("mmap ballast: " + std::string(std::strerror(errno)));
    // A kernel with THP "always" would back this with 2 MiB pages and leave fork 512 times fewer
    // entries to copy; a shell's heap, grown piecemeal, is mostly 4 KiB pages.
    ::madvise(p, extra, thp_ ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
    auto* bytes_p = static_cast<volatile unsigned char*>(p);
    for (std::size_t off = 0; off < extra; off += page) {
      bytes_p[off] = static_cast<unsigned char>((off / page) | 1);
    }
    size_ += extra;
    chunks_.push_back({p, extra});
  }

  ~BallastMemory() {
    for (const Chunk& c : chunks_) ::munmap(c.base, c.size);
  }

 private:
  struct Chunk {
    void* base;
    std::size_t size;
  };
  bool thp_;
  std::size_t size_ = 0;
  std::vector<Chunk> chunks_;
};

// ---------------------------------------------------------------------------------------------
// Helpers for the processes the driver runs itself (plain_loop, shells): through the library too.

struct Captured {
  std::string out;
  sp::Reaped reaped;
};

Captured run_capture(const std::string& path, const std::vector<std::string>& args,
                     bool capture_stdout) {
  sp::CStringArray argv(args);
  int pipe_fds[2] = {-1, -1};
  std::vector<sp::FdAction> actions;
  if (capture_stdout) {
    if (::pipe2(pipe_fds, O_CLOEXEC) < 0) die("pipe2: " + std::string(std::strerror(errno)));
    actions.push_back(sp::FdAction::dup2(pipe_fds[1], 1));
  }
  sp::ExecPlan plan;
  plan.path = path.c_str();
  plan.argv = argv.data();
  plan.envp = environ;
  plan.fd_actions = actions;
  sigprocmask(SIG_SETMASK, nullptr, &plan.signal_mask);
  sigemptyset(&plan.reset_signals);

  sp::SpawnResult r = sp::spawner_for(sp::Backend::Vfork)->spawn(plan);
  if (capture_stdout) ::close(pipe_fds[1]);
  if (r.error) die("cannot run " + path + ": " + std::strerror(r.error.error));
  Captured c;
  if (capture_stdout) {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(pipe_fds[0], buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      c.out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(pipe_fds[0]);
  }
  if (!sp::reap(r.pid, 0, c.reaped)) die("wait4: " + std::string(std::strerror(errno)));
  return c;
}

std::string find_in_path(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : "";
  const char* path = std::getenv("PATH");
  std::string_view rest = path ? path : "/usr/bin:/bin";
  while (true) {
    std::size_t colon = rest.find(':');
    std::string dir(rest.substr(0, colon));
    if (dir.empty()) dir = ".";
    std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return "";
}

std::string self_dir() {
  char buf[4096];
  ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return ".";
  std::string s(buf, static_cast<std::size_t>(n));
  std::size_t slash = s.rfind('/');
  return slash == std::string::npos ? "." : s.substr(0, slash);
}

// ---------------------------------------------------------------------------------------------
// Runners: one row of the table each.

struct Round {
  long count = 0;         // spawns in the round
  double seconds = 0;     // wall time of the round
  double parent_cpu = 0;  // the driver's own user+sys during the round (library rows only)
  double child_cpu = 0;   // children's user+sys from wait4's rusage
};

double cpu_seconds(const rusage& ru) {
  return static_cast<double>(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
         static_cast<double>(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

double cpu_seconds(const sp::ResourceUsage& u) {
  return std::chrono::duration<double>(u.user + u.system).count();
}

class Runner {
 public:
  virtual ~Runner() = default;
  Runner() = default;
  Runner(const Runner&) = delete;
  Runner& operator=(const Runner&) = delete;
  virtual std::string name() const = 0;
  virtual bool sees_ballast() const { return true; }  // shells run in their own small process
  virtual bool has_cpu_split() const { return false; }
  virtual void warm_up(long count) = 0;
  // How many spawns to put in a round when `requested` were asked for and a round should last
  // at most about `budget_seconds`.
  virtual long round_count(long requested, double /*budget_seconds*/) const { return requested; }
  virtual Round round(long count) = 0;
};

class LibraryRunner final : public Runner {
 public:
  LibraryRunner(sp::Backend b, const std::string& program)
      : backend_(b), spawner_(sp::spawner_for(b)), argv_(std::vector<std::string>{program}),
        program_(program) {
    plan_.path = program_.c_str();
    plan_.argv = argv_.data();
    plan_.envp = environ;
    sigprocmask(SIG_SETMASK, nullptr, &plan_.signal_mask);
    sigemptyset(&plan_.reset_signals);
    if (!spawner_->supports(plan_)) die(std::string(sp::backend_name(b)) + " refuses the plan");
  }
  std::string name() const override { return std::string(sp::backend_name(backend_)); }
  bool has_cpu_split() const override { return true; }

  // Warms up for `count` spawns or about a second, whichever comes first, and keeps the cost
  // per spawn it saw, so that round_count() can keep a slow case (fork with a large ballast)
  // inside the time budget.
  void warm_up(long count) override {
    auto t0 = Clock::now();
    long done = 0;
    double elapsed = 0;
    while (done < std::max(count, 3L) && (elapsed < 1.0 || done < 3)) {
      (void)spawn_many(1);
      ++done;
      elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
    }
    estimate_ = elapsed / static_cast<double>(done);
  }

  long round_count(long requested, double budget_seconds) const override {
    if (estimate_ <= 0 || budget_seconds <= 0) return requested;
    auto affordable = static_cast<long>(budget_seconds / estimate_);
    return std::clamp(affordable, std::min(requested, kMinimumRound), requested);
  }

  Round round(long count) override {
    rusage before{}, after{};
    ::getrusage(RUSAGE_SELF, &before);
    auto t0 = Clock::now();
    sp::ResourceUsage children = spawn_many(count);
    auto t1 = Clock::now();
    ::getrusage(RUSAGE_SELF, &after);
    Round r;
    r.count = count;
    r.seconds = std::chrono::duration<double>(t1 - t0).count();
    r.parent_cpu = cpu_seconds(after) - cpu_seconds(before);
    r.child_cpu = cpu_seconds(children);
    return r;
  }

 private:
  sp::ResourceUsage spawn_many(long count) {
    sp::ResourceUsage total;
    for (long i = 0; i < count; ++i) {
      sp::SpawnResult r = spawner_->spawn(plan_);
      if (r.error) {
        die(name() + ": spawn failed at stage " +
            std::to_string(static_cast<int>(r.error.stage)) + ": " + std::strerror(r.error.error));
      }
      sp::Reaped reaped;
      if (!sp::reap(r.pid, 0, reaped)) die(name() + ": wait4: " + std::strerror(errno));
      if (reaped.status.shell_status() != 0) {
        die(name() + ": " + program_ + " exited with status " +
            std::to_string(reaped.status.shell_status()));
      }
      total += reaped.usage;
    }
    return total;
  }

  static constexpr long kMinimumRound = 20;
  sp::Backend backend_;
  sp::Spawner* spawner_;
  double estimate_ = 0;  // seconds per spawn seen in the warm-up
  sp::CStringArray argv_;
  std::string program_;
  sp::ExecPlan plan_;
};

// bench/plain_loop, started once per round (with its own warm-up) at the current ballast.
class PlainRunner final : public Runner {
 public:
  PlainRunner(std::string path, std::string variant, const std::string& program, bool thp)
      : path_(std::move(path)), variant_(std::move(variant)), program_(program), thp_(thp) {}
  std::string name() const override { return "plain C " + variant_; }
  bool has_cpu_split() const override { return true; }
  void set_ballast(const std::string& label) { ballast_ = label; }
  void set_warmup(long w) { warmup_ = w; }

  void warm_up(long) override {}  // plain_loop warms up itself, every time it starts

  Round round(long count) override {
    std::vector<std::string> args{"plain_loop", variant_, "--count", std::to_string(count),
                                  "--rounds", "1", "--warmup", std::to_string(warmup_),
                                  "--ballast", ballast_, "--program", program_};
    if (thp_) args.emplace_back("--thp");
    Captured c = run_capture(path_, args, true);
    if (c.reaped.status.shell_status() != 0) die(path_ + " " + variant_ + " failed");
    long r = 0, n = 0;
    long long ns = 0, own_ns = 0, children_ns = 0;
    if (std::sscanf(c.out.c_str(), "round %ld %ld %lld %lld %lld", &r, &n, &ns, &own_ns,
                    &children_ns) != 5 ||
        n != count) {
      die("unexpected output from " + path_ + ": " + c.out);
    }
    Round out;
    out.count = count;
    out.seconds = static_cast<double>(ns) / 1e9;
    out.parent_cpu = static_cast<double>(own_ns) / 1e9;
    out.child_cpu = static_cast<double>(children_ns) / 1e9;
    return out;
  }

 private:
  std::string path_, variant_, program_;
  bool thp_;
  std::string ballast_ = "0";
  long warmup_ = 0;
};

// 'text', with each ' written as '\''.
std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) {
    if (c == '\'') {
      quoted += "'\\''";
    } else {
      quoted += c;
    }
  }
  return quoted + "'";
}

// `SHELL -c 'i=0; while [ $i -lt N ]; do /bin/true; i=$((i+1)); done'`, timed from the outside:
// the shell's own start-up is included and nothing is subtracted.
class ShellRunner final : public Runner {
 public:
  ShellRunner(ShellSpec spec, const std::string& program)
      : spec_(std::move(spec)), program_(program) {}
  std::string name() const override { return spec_.name + " -c loop"; }
  bool sees_ballast() const override { return false; }

  void warm_up(long count) override { (void)run(std::min(count, 200L)); }
  Round round(long count) override { return run(count); }

 private:
  Round run(long count) {
    std::string script = "i=0; while [ $i -lt " + std::to_string(count) + " ]; do " +
                         shell_quote(program_) + "; i=$((i+1)); done";
    std::vector<std::string> args{spec_.path};
    args.insert(args.end(), spec_.leading_args.begin(), spec_.leading_args.end());
    args.emplace_back("-c");
    args.push_back(script);
    auto t0 = Clock::now();
    Captured c = run_capture(spec_.path, args, false);
    auto t1 = Clock::now();
    if (c.reaped.status.shell_status() != 0) {
      die(name() + " exited with status " + std::to_string(c.reaped.status.shell_status()));
    }
    Round r;
    r.count = count;
    r.seconds = std::chrono::duration<double>(t1 - t0).count();
    r.child_cpu = cpu_seconds(c.reaped.usage);
    return r;
  }

  ShellSpec spec_;
  std::string program_;
};

std::vector<ShellSpec> resolve_shells(const std::string& list, bool explicit_list) {
  std::vector<ShellSpec> out;
  if (list == "none") return out;
  for (const std::string& name : split_commas(list)) {
    ShellSpec s;
    if (name == "busybox" || name == "ash" || name == "busybox-ash") {
      s.name = "busybox ash";
      s.path = find_in_path("busybox");
      s.leading_args = {"ash"};
    } else {
      s.name = name;
      s.path = find_in_path(name);
    }
    if (s.path.empty()) {
      if (explicit_list) std::fprintf(stderr, "spawn_bench: %s not found, skipped\n", name.c_str());
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Statistics and output

struct Summary {
  bool measured = false;
  double median_us = 0, min_us = 0, max_us = 0;
  double parent_cpu_us = 0, child_cpu_us = 0;  // medians per spawn
  double cpu_us = 0;                           // median of parent + child per spawn
  double ratio = 0;                            // median / plain C vfork median; 0: none
  double cpu_ratio = 0;                        // the same for cpu_us
  long count = 0;                              // spawns per round
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  std::size_t n = v.size();
  return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

Summary summarise(const std::vector<Round>& rounds) {
  Summary s;
  if (rounds.empty()) return s;
  std::vector<double> us, pcpu, ccpu, cpu;
  for (const Round& r : rounds) {
    const auto n = static_cast<double>(r.count);
    us.push_back(r.seconds * 1e6 / n);
    pcpu.push_back(r.parent_cpu * 1e6 / n);
    ccpu.push_back(r.child_cpu * 1e6 / n);
    cpu.push_back((r.parent_cpu + r.child_cpu) * 1e6 / n);
  }
  s.measured = true;
  s.count = rounds.front().count;
  s.median_us = median(us);
  s.min_us = *std::min_element(us.begin(), us.end());
  s.max_us = *std::max_element(us.begin(), us.end());
  s.parent_cpu_us = median(pcpu);
  s.child_cpu_us = median(ccpu);
  s.cpu_us = median(cpu);
  return s;
}

// Pads to a width in characters, not bytes (the table has a µ in it).
std::string pad(const std::string& s, std::size_t width, bool right) {
  std::size_t chars = 0;
  for (unsigned char c : s) chars += (c & 0xC0) != 0x80;
  if (chars >= width) return s;
  std::string fill(width - chars, ' ');
  return right ? fill + s : s + fill;
}

// Prints a table line without the padding that would trail it.
void print_line(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  std::printf("%s\n", line.c_str());
}

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&t, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", &tm);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  Options o = parse_options(argc, argv);
  if (::access(o.program.c_str(), X_OK) != 0) die(o.program + " is not executable");

  // Rows: plain C first (the reference), then the library backends, then shells.
  std::vector<Runner*> runners;
  std::vector<PlainRunner*> plains;
  std::vector<std::unique_ptr<Runner>> owned;
  if (o.plain != "none") {
    std::string path = o.plain.empty() ? self_dir() + "/plain_loop" : o.plain;
    if (::access(path.c_str(), X_OK) != 0) {
      if (!o.plain.empty()) die(path + " is not executable");
      std::fprintf(stderr, "spawn_bench: no plain_loop next to this program; ratios omitted\n");
    } else {
      for (const char* variant : {"vfork", "posix_spawn"}) {
        auto p = std::make_unique<PlainRunner>(path, variant, o.program, o.thp);
        p->set_warmup(o.warmup);
        plains.push_back(p.get());
        owned.push_back(std::move(p));
      }
    }
  }
  std::vector<sp::Backend> backends = o.backends;
  if (backends.empty()) backends.assign(std::begin(sp::kConcreteBackends),
                                        std::end(sp::kConcreteBackends));
  for (sp::Backend b : backends) owned.push_back(std::make_unique<LibraryRunner>(b, o.program));
  bool explicit_shells = o.shells.has_value();
  std::string shell_list = o.shells.value_or(o.backends.empty() ? "dash,bash,busybox,mksh" : "none");
  for (ShellSpec& s : resolve_shells(shell_list, explicit_shells)) {
    owned.push_back(std::make_unique<ShellRunner>(std::move(s), o.program));
  }
  for (auto& r : owned) runners.push_back(r.get());

  // results[ballast][runner]
  std::vector<std::vector<Summary>> results(o.ballasts.size(),
                                            std::vector<Summary>(runners.size()));
  BallastMemory memory(o.thp);
  for (std::size_t bi = 0; bi < o.ballasts.size(); ++bi) {
    const Ballast& ballast = o.ballasts[bi];
    memory.grow_to(ballast.bytes);
    for (PlainRunner* p : plains) p->set_ballast(ballast.label);
    if (!o.tsv) {
      std::fprintf(stderr, "spawn_bench: ballast %s: %ld rounds of %ld spawns...\n",
                   ballast.label.c_str(), o.rounds, o.count);
    }
    std::vector<std::size_t> active;
    for (std::size_t ri = 0; ri < runners.size(); ++ri) {
      // A shell's loop does not depend on the driver's ballast: measure it once, at the first.
      if (!runners[ri]->sees_ballast() && bi > 0) continue;
      active.push_back(ri);
      runners[ri]->warm_up(o.warmup);
    }
    std::vector<long> counts(runners.size(), o.count);
    for (std::size_t ri : active) counts[ri] = runners[ri]->round_count(o.count, o.max_round);
    std::vector<std::vector<Round>> rounds(runners.size());
    for (long r = 0; r < o.rounds; ++r) {
      for (std::size_t ri : active) rounds[ri].push_back(runners[ri]->round(counts[ri]));
    }
    const Summary* reference = nullptr;
    for (std::size_t ri : active) {
      results[bi][ri] = summarise(rounds[ri]);
      if (runners[ri]->name() == "plain C vfork") reference = &results[bi][ri];
    }
    if (reference != nullptr && reference->median_us > 0 && reference->cpu_us > 0) {
      const Summary ref = *reference;
      for (std::size_t ri : active) {
        results[bi][ri].ratio = results[bi][ri].median_us / ref.median_us;
        results[bi][ri].cpu_ratio = results[bi][ri].cpu_us / ref.cpu_us;
      }
    }
  }

  if (o.tsv) {
    std::printf("ballast\trunner\tus_per_spawn\tmin_us\tmax_us\tspawns_per_s\tratio_to_plain_vfork"
                "\tparent_cpu_us\tchild_cpu_us\tcpu_us\tcpu_ratio\tspawns_per_round\n");
    for (std::size_t bi = 0; bi < o.ballasts.size(); ++bi) {
      for (std::size_t ri = 0; ri < runners.size(); ++ri) {
        const Summary& s = results[bi][ri];
        if (!s.measured) continue;
        std::printf("%s\t%s\t%.2f\t%.2f\t%.2f\t%.0f\t%.3f\t%.2f\t%.2f\t%.2f\t%.3f\t%ld\n",
                    o.ballasts[bi].label.c_str(), runners[ri]->name().c_str(), s.median_us,
                    s.min_us, s.max_us, 1e6 / s.median_us, s.ratio, s.parent_cpu_us,
                    s.child_cpu_us, s.cpu_us, s.cpu_ratio, s.count);
      }
    }
    return 0;
  }

  std::printf("spawn_bench %s: %s, %ld spawns x %ld rounds (median), warm-up %ld, %ld CPUs online\n",
              utc_now().c_str(), o.program.c_str(), o.count, o.rounds, o.warmup,
              ::sysconf(_SC_NPROCESSORS_ONLN));
  std::printf("ballast: private anonymous memory, every page written, %s; "
              "x C = median / plain C vfork median at the same ballast\n\n",
              o.thp ? "THP allowed (MADV_HUGEPAGE)" : "4 KiB pages (MADV_NOHUGEPAGE)");
  const std::size_t name_w = 20;
  std::string head1 = pad("", name_w, false), head2 = pad("runner", name_w, false);
  for (const Ballast& b : o.ballasts) {
    head1 += "   " + pad("ballast " + b.label, 34, false);
    head2 += "   " + pad("µs/spawn", 9, true) + pad("spread", 8, true) + pad("spawns/s", 10, true) +
             pad("x C", 7, true);
  }
  print_line(head1);
  print_line(head2);
  for (std::size_t ri = 0; ri < runners.size(); ++ri) {
    std::string line = pad(runners[ri]->name(), name_w, false);
    for (std::size_t bi = 0; bi < o.ballasts.size(); ++bi) {
      const Summary& s = results[bi][ri];
      if (!s.measured) {
        line += "   " + pad("(no ballast: as at " + o.ballasts[0].label + ")", 34, false);
        continue;
      }
      double spread = s.median_us > 0 ? (s.max_us - s.min_us) / s.median_us * 100 : 0;
      line += "   " + pad(fmt("%.1f", s.median_us), 9, true) + pad(fmt("%.0f%%", spread), 8, true) +
              pad(fmt("%.0f", 1e6 / s.median_us), 10, true) +
              pad(s.ratio > 0 ? fmt("%.2f", s.ratio) : "-", 7, true);
    }
    print_line(line);
  }
  for (std::size_t bi = 0; bi < o.ballasts.size(); ++bi) {
    for (std::size_t ri = 0; ri < runners.size(); ++ri) {
      const Summary& s = results[bi][ri];
      if (s.measured && s.count != o.count) {
        std::printf("  %s at ballast %s: %ld spawns per round (rounds capped at ~%gs)\n",
                    runners[ri]->name().c_str(), o.ballasts[bi].label.c_str(), s.count,
                    o.max_round);
      }
    }
  }

  // Where the time goes: CPU per spawn in the spawning process (the spawn call and wait4) and in
  // the children (what wait4's rusage says: set-up, exec, the program, exit). Unlike wall time,
  // CPU time hardly changes when other work competes for the cores, so "x C" here is the steadier
  // comparison on a busy machine. A shell's row is all "child": the shell and its children.
  std::printf("\nCPU per spawn, µs (median round): parent = the spawning process, child = wait4 "
              "rusage; x C = total / plain C vfork total\n");
  std::string h1 = pad("", name_w, false), h2 = pad("runner", name_w, false);
  for (const Ballast& b : o.ballasts) {
    h1 += "   " + pad("ballast " + b.label, 34, false);
    h2 += "   " + pad("parent", 9, true) + pad("child", 9, true) + pad("total", 9, true) +
          pad("x C", 7, true);
  }
  print_line(h1);
  print_line(h2);
  for (std::size_t ri = 0; ri < runners.size(); ++ri) {
    std::string line = pad(runners[ri]->name(), name_w, false);
    for (std::size_t bi = 0; bi < o.ballasts.size(); ++bi) {
      const Summary& s = results[bi][ri];
      if (!s.measured) continue;
      line += "   " +
              pad(runners[ri]->has_cpu_split() ? fmt("%.1f", s.parent_cpu_us) : "-", 9, true) +
              pad(fmt("%.1f", s.child_cpu_us), 9, true) + pad(fmt("%.1f", s.cpu_us), 9, true) +
              pad(s.cpu_ratio > 0 ? fmt("%.2f", s.cpu_ratio) : "-", 7, true);
    }
    print_line(line);
  }
  return 0;
}
