// The shell's set options (-a -b -C -e -f -m -n -p -u -v -x and the -o names).
#pragma once

#include <bitset>
#include <optional>
#include <string>
#include <string_view>

namespace spawnsh {

enum class Option : unsigned char {
  AllExport,   // -a allexport
  Notify,      // -b notify
  NoClobber,   // -C noclobber
  ErrExit,     // -e errexit
  NoGlob,      // -f noglob
  HashAll,     // -h hashall
  Monitor,     // -m monitor
  NoExec,      // -n noexec
  NoUnset,     // -u nounset
  Verbose,     // -v verbose
  XTrace,      // -x xtrace
  Privileged,  // -p privileged: keep the effective ids, do not read $ENV (set +p drops them)
  IgnoreEof,   // -o ignoreeof
  NoLog,       // -o nolog
  PipeFail,    // -o pipefail (POSIX.1-2024): a pipeline fails if any element fails
  Vi,          // -o vi
  Emacs,       // -o emacs
  Count
};

struct OptionInfo {
  Option option;
  char letter;  // '\0' when the option has only a -o name
  std::string_view name;
};

class Options {
 public:
  bool get(Option o) const noexcept { return bits_[static_cast<std::size_t>(o)]; }
  void set(Option o, bool on) noexcept {
    bits_[static_cast<std::size_t>(o)] = on;
    // One editing mode at a time: turning vi on turns emacs off and the reverse (as in bash).
    if (on && o == Option::Vi) bits_[static_cast<std::size_t>(Option::Emacs)] = false;
    if (on && o == Option::Emacs) bits_[static_cast<std::size_t>(Option::Vi)] = false;
  }

  // The letters of the options that are on, for $- (the caller adds i, s, c).
  std::string letters() const;

  static std::optional<Option> by_letter(char letter) noexcept;
  static std::optional<Option> by_name(std::string_view name) noexcept;
  static const OptionInfo (&all() noexcept)[static_cast<std::size_t>(Option::Count)];

 private:
  std::bitset<static_cast<std::size_t>(Option::Count)> bits_;
};

}  // namespace spawnsh
