#include "shell/expand/parameter.h"

#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdint>

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

// The number N of ${N} (digits only; ${00} is $0): one too large for any parameter is SIZE_MAX,
// an unset one, as in dash.
std::size_t parameter_number(std::string_view digits) {
  std::size_t n = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  return error == std::errc() ? n : SIZE_MAX;
}

[[noreturn]] void fail(Shell& shell, const std::string& message) {
  shell.error(message);
  throw CommandError{2, true};
}

// ${x#pattern} and the three others: removes the match from `text` in place.
void remove_pattern(Op op, const std::string& pattern, std::string& text) {
  bool longest = op == Op::RemoveLargestSuffix || op == Op::RemoveLargestPrefix;
  MatchLength which = longest ? MatchLength::longest : MatchLength::shortest;
  if (op == Op::RemoveSmallestPrefix || op == Op::RemoveLargestPrefix) {
    if (auto n = match_prefix(pattern, text, which)) text.erase(0, *n);
  } else if (auto n = match_suffix(pattern, text, which)) {
    text.erase(text.size() - *n);
  }
}

// A parameter's value where the shell keeps it (a variable, a positional parameter) or, for the
// special parameters, computed: copied only where the expansion yields it, since a variable can
// hold megabytes and ${#x}, ${x:+word} or ${x-word} need none of it.
class ValueView {
 public:
  ValueView(const std::string* stored, std::optional<std::string> computed)
      : stored_(stored), computed_(std::move(computed)) {}
  bool is_set() const { return stored_ != nullptr || computed_.has_value(); }
  std::size_t size() const {
    if (stored_ != nullptr) return stored_->size();
    return computed_ ? computed_->size() : 0;
  }
  // The value itself; the view is spent. Taken before anything that could run commands (a
  // pattern's substitution could change the variable).
  std::string take() {
    if (stored_ != nullptr) return *stored_;
    return computed_ ? std::move(*computed_) : std::string();
  }

 private:
  const std::string* stored_;
  std::optional<std::string> computed_;
};

ValueView look_up(Shell& shell, std::string_view name) {
  if (Variables::is_name(name)) {
    if (const std::string* v = shell.vars.value(name)) return {v, std::nullopt};
  } else if (is_digits(name)) {
    std::size_t index = parameter_number(name);
    if (index >= 1 && index <= shell.positional.size()) {
      return {&shell.positional[index - 1], std::nullopt};
    }
  }
  return {nullptr, parameter_value(shell, name)};
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
    std::size_t index = parameter_number(name);
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

  ValueView value = look_up(shell, part.name);
  bool is_set = value.is_set();
  bool is_null = value.size() == 0;
  bool special_list = part.name == "@" || part.name == "*";

  auto check_set = [&] {
    if (!is_set && !special_list && shell.options.get(Option::NoUnset)) {
      fail(shell, std::string(part.name) + ": parameter not set");
    }
  };

  switch (part.op) {
    case Op::None:
      check_set();
      return {value.take(), nullptr};
    case Op::Length:
      check_set();
      if (special_list) {
        // POSIX leaves ${#@} and ${#*} unspecified; as in dash, they are the length of "$*"
        // (the parameters joined by the first byte of IFS), not the count bash gives.
        const std::string* ifs = shell.vars.value("IFS");
        bool joined_by_byte = ifs == nullptr || !ifs->empty();
        std::size_t length = 0;
        for (const std::string& p : shell.positional) length += p.size();
        if (joined_by_byte && !shell.positional.empty()) length += shell.positional.size() - 1;
        return {std::to_string(length), nullptr};
      }
      return {std::to_string(value.size()), nullptr};
    case Op::UseDefault:
    case Op::UseDefaultIfNull: {
      bool use_word = part.op == Op::UseDefault ? !is_set : is_null;
      if (use_word) return {{}, &*part.argument};
      return {value.take(), nullptr};
    }
    case Op::AssignDefault:
    case Op::AssignDefaultIfNull: {
      bool use_word = part.op == Op::AssignDefault ? !is_set : is_null;
      if (!use_word) return {value.take(), nullptr};
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
      if (!error) return {value.take(), nullptr};
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
      std::string text = value.take();
      remove_pattern(part.op, expand_pattern(shell, *part.argument), text);
      return {std::move(text), nullptr};
    }
    case Op::BadSubstitution: break;
  }
  return {};
}

PositionalResult expand_positional_operator(Shell& shell, const syntax::ParameterPart& part,
                                            bool one_field, std::string_view separator) {
  const std::vector<std::string>& params = shell.positional;
  // Always set, as in dash, busybox and yash: "${@-w}" never uses w, "${@+w}" always does
  // (bash and mksh call them unset when there are no parameters). With no parameters the
  // value is then "$@": no field, where dash gives one empty field.
  bool is_set = true;
  // Null when the expansion would be one empty string: no parameters, one empty one, or (for a
  // joined expansion) only empty ones with an empty separator. "$@" of two empty parameters is
  // two empty fields, so not null (bash, mksh; dash agrees for :- but not for :+).
  bool all_empty = std::all_of(params.begin(), params.end(),
                               [](const std::string& p) { return p.empty(); });
  bool is_null = params.empty() || (all_empty && (params.size() == 1 || (one_field && separator.empty())));

  switch (part.op) {
    case Op::UseDefault:
    case Op::UseDefaultIfNull:
      if (part.op == Op::UseDefault ? !is_set : is_null) return {{}, &*part.argument};
      break;
    case Op::AssignDefault:
    case Op::AssignDefaultIfNull:
      if (part.op == Op::AssignDefault ? !is_set : is_null) {
        fail(shell, std::string(part.name) + ": cannot assign in this way");
      }
      break;
    case Op::ErrorIfUnset:
    case Op::ErrorIfNullOrUnset:
      if (part.op == Op::ErrorIfUnset ? !is_set : is_null) {
        std::string message =
            part.argument && !part.argument->parts.empty()
                ? expand_string(shell, *part.argument)
                : (part.op == Op::ErrorIfUnset ? "parameter not set"
                                               : "parameter null or not set");
        fail(shell, std::string(part.name) + ": " + message);
      }
      break;
    case Op::UseAlternative:
    case Op::UseAlternativeIfNotNull:
      // Not chosen: the null value, as "$@" of no parameter or of one empty one would give.
      if (part.op == Op::UseAlternative ? is_set : !is_null) return {{}, &*part.argument};
      break;
    case Op::RemoveSmallestSuffix:
    case Op::RemoveLargestSuffix:
    case Op::RemoveSmallestPrefix:
    case Op::RemoveLargestPrefix: {
      // Each parameter on its own (bash, yash, ksh): dash removes a prefix from the first and
      // a suffix from the last only, so "${@%.c}" would keep the .c of all but the last.
      std::string pattern = expand_pattern(shell, *part.argument);
      std::vector<std::string> values = params;
      for (std::string& v : values) remove_pattern(part.op, pattern, v);
      return {std::move(values), nullptr};
    }
    case Op::None:
    case Op::Length:
      break;
    case Op::BadSubstitution:
      fail(shell, "${" + std::string(part.name) + "}: bad substitution");
  }
  return {params, nullptr};
}

}  // namespace spawnsh::expand
