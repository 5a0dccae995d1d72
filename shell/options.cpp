#include "shell/options.h"

namespace spawnsh {
namespace {
constexpr OptionInfo kOptions[] = {
    {Option::AllExport, 'a', "allexport"}, {Option::Notify, 'b', "notify"},
    {Option::NoClobber, 'C', "noclobber"}, {Option::ErrExit, 'e', "errexit"},
    {Option::NoGlob, 'f', "noglob"},       {Option::HashAll, 'h', "hashall"},
    {Option::Monitor, 'm', "monitor"},     {Option::NoExec, 'n', "noexec"},
    {Option::NoUnset, 'u', "nounset"},     {Option::Verbose, 'v', "verbose"},
    {Option::XTrace, 'x', "xtrace"},       {Option::Privileged, 'p', "privileged"},
    {Option::IgnoreEof, '\0', "ignoreeof"},
    {Option::NoLog, '\0', "nolog"},        {Option::PipeFail, '\0', "pipefail"},
    {Option::Vi, '\0', "vi"},
    {Option::Emacs, '\0', "emacs"},
};
static_assert(std::size(kOptions) == static_cast<std::size_t>(Option::Count));
}  // namespace

const OptionInfo (&Options::all() noexcept)[static_cast<std::size_t>(Option::Count)] {
  return kOptions;
}

std::string Options::letters() const {
  std::string out;
  for (const OptionInfo& info : kOptions) {
    if (info.letter != '\0' && get(info.option)) out.push_back(info.letter);
  }
  return out;
}

std::optional<Option> Options::by_letter(char letter) noexcept {
  for (const OptionInfo& info : kOptions) {
    if (info.letter == letter && letter != '\0') return info.option;
  }
  return std::nullopt;
}

std::optional<Option> Options::by_name(std::string_view name) noexcept {
  for (const OptionInfo& info : kOptions) {
    if (info.name == name) return info.option;
  }
  return std::nullopt;
}

}  // namespace spawnsh
