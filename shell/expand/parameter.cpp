#include "shell/expand/parameter.h"

#include <unistd.h>

#include "shell/errors.h"
#include "shell/expand/expand.h"
#include "shell/expand/pattern.h"
#include "shell/shell.h"

namespace spawnsh::expand {
namespace {

using Op = syntax::ParameterOp;

bool is_digits(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

[[noreturn]] void fail(Shell& shell, const std::string& message) {
  shell.error(message);
  throw CommandError{2, true};
}

}  // namespace

std::optional<std::string> parameter_value(Shell& shell, std::string_view name) {
  if (name.size() == 1) {
    switch (name[0]) {
      case '?': return std::to_string(shell.last_status);
      case '#': return std::to_string(shell.positional.size());
      case '$': return std::to_string(shell.root_pid);
      case '!':
        if (shell.last_background <= 0) return std::nullopt;
        return std::to_string(shell.last_background);
      case '-': return shell.option_letters();
      case '0': return shell.arg0;
      case '@':
      case '*': {
        if (shell.positional.empty()) return std::string();
        std::string joined;
        for (const auto& p : shell.positional) {
          if (!joined.empty() || &p != &shell.positional.front()) joined += ' ';
          joined += p;
        }
        return joined;
      }
      default: break;
    }
  }
  if (is_digits(name)) {
    std::size_t index = std::stoul(std::string(name));
    if (index == 0) return shell.arg0;
    if (index > shell.positional.size()) return std::nullopt;
    return shell.positional[index - 1];
  }
  const std::string* v = shell.vars.value(name);
  if (v == nullptr) {
    // LINENO is kept by the evaluator (the line of the command running) rather than assigned
    // before every command; a value the script assigns takes over.
    if (name == "LINENO") return std::to_string(shell.where.line);
    return std::nullopt;
  }
  return *v;
}

ParameterResult expand_parameter(Shell& shell, const syntax::ParameterPart& part, bool quoted) {
  (void)quoted;
  if (part.op == Op::BadSubstitution) {
    fail(shell, "${" + std::string(part.name) + "}: bad substitution");
  }

  std::optional<std::string> value = parameter_value(shell, part.name);
  bool is_set = value.has_value();
  bool is_null = !is_set || value->empty();
  bool special_list = part.name == "@" || part.name == "*";

  auto check_set = [&] {
    if (!is_set && !special_list && shell.options.get(Option::NoUnset)) {
      fail(shell, std::string(part.name) + ": parameter not set");
    }
  };

  switch (part.op) {
    case Op::None:
      check_set();
      return {is_set ? std::move(*value) : std::string(), nullptr};
    case Op::Length:
      check_set();
      if (special_list) return {std::to_string(shell.positional.size()), nullptr};
      return {std::to_string(is_set ? value->size() : 0), nullptr};
    case Op::UseDefault:
    case Op::UseDefaultIfNull: {
      bool use_word = part.op == Op::UseDefault ? !is_set : is_null;
      if (use_word) return {{}, &*part.argument};
      return {std::move(*value), nullptr};
    }
    case Op::AssignDefault:
    case Op::AssignDefaultIfNull: {
      bool use_word = part.op == Op::AssignDefault ? !is_set : is_null;
      if (!use_word) return {std::move(*value), nullptr};
      if (!Variables::is_name(part.name)) {
        fail(shell, std::string(part.name) + ": cannot assign in this way");
      }
      std::string assigned = expand_string(shell, *part.argument);
      if (!shell.vars.assign(part.name, assigned)) {
        fail(shell, std::string(part.name) + ": is read only");
      }
      return {std::move(assigned), nullptr};
    }
    case Op::ErrorIfUnset:
    case Op::ErrorIfNullOrUnset: {
      bool error = part.op == Op::ErrorIfUnset ? !is_set : is_null;
      if (!error) return {std::move(*value), nullptr};
      std::string message =
          part.argument && !part.argument->parts.empty()
              ? expand_string(shell, *part.argument)
              : (part.op == Op::ErrorIfUnset ? "parameter not set" : "parameter null or not set");
      fail(shell, std::string(part.name) + ": " + message);
    }
    case Op::UseAlternative:
    case Op::UseAlternativeIfNotNull: {
      bool use_word = part.op == Op::UseAlternative ? is_set : !is_null;
      if (use_word) return {{}, &*part.argument};
      return {std::string(), nullptr};
    }
    case Op::RemoveSmallestSuffix:
    case Op::RemoveLargestSuffix:
    case Op::RemoveSmallestPrefix:
    case Op::RemoveLargestPrefix: {
      check_set();
      if (!is_set) return {std::string(), nullptr};
      std::string pattern = expand_pattern(shell, *part.argument);
      std::string& text = *value;
      bool longest = part.op == Op::RemoveLargestSuffix || part.op == Op::RemoveLargestPrefix;
      MatchLength which = longest ? MatchLength::longest : MatchLength::shortest;
      if (part.op == Op::RemoveSmallestPrefix || part.op == Op::RemoveLargestPrefix) {
        if (auto n = match_prefix(pattern, text, which)) text.erase(0, *n);
      } else if (auto n = match_suffix(pattern, text, which)) {
        text.erase(text.size() - *n);
      }
      return {std::move(text), nullptr};
    }
    case Op::BadSubstitution: break;
  }
  return {};
}

}  // namespace spawnsh::expand
