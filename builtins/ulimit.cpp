// ulimit [-H|-S] [-a | -t|-f|-d|-s|-c|-m|-l|-p|-n|-v|-w|-r] [limit]  (XCU ulimit)
//
// The resources and units are dash's: -f and -c in 512-byte blocks (POSIX), -d -s -m -l -v in
// kilobytes, -t in seconds, the rest as counts. Without a resource option, -f. When several are
// given the last one counts, as in dash. Printing shows the soft limit unless -H is given;
// setting changes both limits unless -H or -S says which. A limit is a decimal number or
// "unlimited".
#include <cerrno>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <unistd.h>

#include "builtins/options.h"
#include "builtins/output.h"
#include "builtins/utilities.h"
#include "shell/shell.h"
#include "shell/syntax/stack_limit.h"

namespace spawnsh::builtins {
namespace {

struct Resource {
  char option;
  int resource;
  rlim_t unit;
  const char* label;  // for -a
};

// The order of dash's -a listing.
const Resource kResources[] = {
    {'t', RLIMIT_CPU, 1, "time(seconds)"},
    {'f', RLIMIT_FSIZE, 512, "file(blocks)"},
    {'d', RLIMIT_DATA, 1024, "data(kbytes)"},
    {'s', RLIMIT_STACK, 1024, "stack(kbytes)"},
    {'c', RLIMIT_CORE, 512, "coredump(blocks)"},
#ifdef RLIMIT_RSS
    {'m', RLIMIT_RSS, 1024, "memory(kbytes)"},
#endif
#ifdef RLIMIT_MEMLOCK
    {'l', RLIMIT_MEMLOCK, 1024, "locked memory(kbytes)"},
#endif
#ifdef RLIMIT_NPROC
    {'p', RLIMIT_NPROC, 1, "process"},
#endif
    {'n', RLIMIT_NOFILE, 1, "nofiles"},
    {'v', RLIMIT_AS, 1024, "vmemory(kbytes)"},
#ifdef RLIMIT_LOCKS
    {'w', RLIMIT_LOCKS, 1, "locks"},
#endif
#ifdef RLIMIT_RTPRIO
    {'r', RLIMIT_RTPRIO, 1, "rtprio"},
#endif
};

const Resource* find_resource(char option) {
  for (const Resource& r : kResources) {
    if (r.option == option) return &r;
  }
  return nullptr;
}

std::string format_limit(rlim_t value, rlim_t unit) {
  if (value == RLIM_INFINITY) return "unlimited";
  return std::to_string(value / unit);
}

// A decimal number of units, or "unlimited"; false when it is neither or does not fit.
bool parse_limit(const std::string& text, rlim_t unit, rlim_t& value) {
  if (text == "unlimited") {
    value = RLIM_INFINITY;
    return true;
  }
  if (text.empty()) return false;
  rlim_t n = 0;
  const rlim_t max = (RLIM_INFINITY - 1) / unit;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    auto digit = static_cast<rlim_t>(c - '0');
    if (n > (max - digit) / 10) return false;
    n = n * 10 + digit;
  }
  value = n * unit;
  return true;
}

}  // namespace

int ulimit(Shell& shell, std::span<const std::string> argv) {
  bool hard = false, soft = false, all = false;
  const Resource* chosen = nullptr;
  OptionScanner options(argv);
  while (char c = options.next()) {
    if (c == 'H') {
      hard = true;
    } else if (c == 'S') {
      soft = true;
    } else if (c == 'a') {
      all = true;
    } else if (const Resource* r = find_resource(c)) {
      chosen = r;
    } else {
      shell.error(std::string("ulimit: -") + c + ": invalid option");
      return 2;
    }
  }
  std::size_t i = argv.size() - options.operands().size();
  if (argv.size() - i > 1) {
    shell.error("ulimit: too many arguments");
    return 2;
  }
  Output out(shell, "ulimit");
  if (all) {
    if (i < argv.size()) {
      shell.error("ulimit: -a takes no limit");
      return 2;
    }
    for (const Resource& r : kResources) {
      struct rlimit limit {};
      if (::getrlimit(r.resource, &limit) != 0) continue;
      std::string label = r.label;
      if (label.size() < 20) label.append(20 - label.size(), ' ');
      out.put(label);
      out.put(' ');
      out.put(format_limit(hard ? limit.rlim_max : limit.rlim_cur, r.unit));
      out.put('\n');
    }
    return out.status(0);
  }
  if (chosen == nullptr) chosen = find_resource('f');
  struct rlimit limit {};
  if (::getrlimit(chosen->resource, &limit) != 0) {
    shell.error(std::string("ulimit: -") + chosen->option + ": " + std::strerror(errno));
    return 2;
  }
  if (i >= argv.size()) {
    out.put(format_limit(hard ? limit.rlim_max : limit.rlim_cur, chosen->unit));
    out.put('\n');
    return out.status(0);
  }
  rlim_t value = 0;
  if (!parse_limit(argv[i], chosen->unit, value)) {
    shell.error("ulimit: " + argv[i] + ": bad limit");
    return 2;
  }
  if (!hard && !soft) hard = soft = true;
  if (hard) limit.rlim_max = value;
  if (soft) limit.rlim_cur = value;
  if (::setrlimit(chosen->resource, &limit) != 0) {
    shell.error(std::string("ulimit: -") + chosen->option + ": cannot set the limit: " +
                std::strerror(errno));
    return 2;
  }
  if (chosen->resource == RLIMIT_STACK) syntax::stack_limit_changed();  // the depth guards' floor
  return 0;
}

}  // namespace spawnsh::builtins
