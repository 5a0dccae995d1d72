#include "shell/signal_names.h"

#include <array>
#include <charconv>

namespace spawnsh {
namespace {

struct Named {
  int number;
  std::string_view name;
};

// The signals with fixed numbers, in the order Linux numbers them; aliases after the names.
constexpr Named kNames[] = {
    {SIGHUP, "HUP"},     {SIGINT, "INT"},       {SIGQUIT, "QUIT"},   {SIGILL, "ILL"},
    {SIGTRAP, "TRAP"},   {SIGABRT, "ABRT"},     {SIGBUS, "BUS"},     {SIGFPE, "FPE"},
    {SIGKILL, "KILL"},   {SIGUSR1, "USR1"},     {SIGSEGV, "SEGV"},   {SIGUSR2, "USR2"},
    {SIGPIPE, "PIPE"},   {SIGALRM, "ALRM"},     {SIGTERM, "TERM"},
#ifdef SIGSTKFLT
    {SIGSTKFLT, "STKFLT"},
#endif
    {SIGCHLD, "CHLD"},   {SIGCONT, "CONT"},     {SIGSTOP, "STOP"},   {SIGTSTP, "TSTP"},
    {SIGTTIN, "TTIN"},   {SIGTTOU, "TTOU"},     {SIGURG, "URG"},     {SIGXCPU, "XCPU"},
    {SIGXFSZ, "XFSZ"},   {SIGVTALRM, "VTALRM"}, {SIGPROF, "PROF"},   {SIGWINCH, "WINCH"},
    {SIGIO, "IO"},
#ifdef SIGPWR
    {SIGPWR, "PWR"},
#endif
    {SIGSYS, "SYS"},
};
constexpr Named kAliases[] = {
    {SIGABRT, "IOT"},
    {SIGCHLD, "CLD"},
#ifdef SIGPOLL
    {SIGPOLL, "POLL"},
#endif
};

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

bool equal_upper(std::string_view text, std::string_view name) {
  if (text.size() != name.size()) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (upper(text[i]) != name[i]) return false;
  }
  return true;
}

bool starts_upper(std::string_view text, std::string_view prefix, bool loose) {
  if (text.size() < prefix.size()) return false;
  return loose ? equal_upper(text.substr(0, prefix.size()), prefix)
               : text.substr(0, prefix.size()) == prefix;
}

// A decimal number made of digits only, or -1.
int small_number(std::string_view text) {
  if (text.empty() || text.size() > 4) return -1;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text[0] == '-' ||
      text[0] == '+') {
    return -1;
  }
  return value;
}

}  // namespace

std::string signal_name(int number) {
  for (const Named& n : kNames) {
    if (n.number == number) return std::string(n.name);
  }
#ifdef SIGRTMIN
  const int low = SIGRTMIN, high = SIGRTMAX;
  if (number >= low && number <= high) {
    int from_low = number - low;
    int from_high = high - number;
    if (from_low == 0) return "RTMIN";
    if (from_high == 0) return "RTMAX";
    if (from_low <= (high - low) / 2) return "RTMIN+" + std::to_string(from_low);
    return "RTMAX-" + std::to_string(from_high);
  }
#endif
  return {};
}

int signal_number(std::string_view name, bool loose) {
  if (loose && starts_upper(name, "SIG", true)) name.remove_prefix(3);
  auto same = [&](std::string_view known) { return loose ? equal_upper(name, known) : name == known; };
  for (const Named& n : kNames) {
    if (same(n.name)) return n.number;
  }
  for (const Named& n : kAliases) {
    if (same(n.name)) return n.number;
  }
#ifdef SIGRTMIN
  const int low = SIGRTMIN, high = SIGRTMAX;
  if (same("RTMIN")) return low;
  if (same("RTMAX")) return high;
  // Only the names that signal_name gives (and kill -l lists), as dash and mksh take them:
  // RTMIN+16 is not another name of RTMAX-14, it is an error.
  const int lower_half = (high - low) / 2;
  if (starts_upper(name, "RTMIN+", loose)) {
    int k = small_number(name.substr(6));
    if (k >= 0 && k <= lower_half) return low + k;
  } else if (starts_upper(name, "RTMAX-", loose)) {
    int k = small_number(name.substr(6));
    if (k >= 0 && k < high - low - lower_half) return high - k;
  }
#endif
  return -1;
}

int parse_signal(std::string_view text, bool loose) {
  if (!text.empty() && text[0] >= '0' && text[0] <= '9') {
    int n = small_number(text);
    return n >= 0 && n < kSignalLimit ? n : -1;
  }
  return signal_number(text, loose);
}

}  // namespace spawnsh
