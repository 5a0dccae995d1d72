// Which bodies a virtual subshell admits (see the header): a walk over the AST.
#include "shell/exec/subshell_admission.h"

#include <algorithm>
#include <csignal>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

#include "shell/shell.h"

namespace spawnsh::exec {
namespace {

// What each builtin a body may run can change: only what the subshell's end puts back.
enum class Effect : unsigned char {
  None,         // its output and status: : true false echo printf test [ pwd exit return ...
  Positional,   // set shift: options and $1...
  Names,        // unset export readonly local read: variables named by literal operands
  Directory,    // cd: the working directory, PWD and OLDPWD
  Umask,        // umask
  Getopts,      // getopts: OPTIND, OPTARG, its position, the variable it names
};

std::optional<Effect> admitted_builtin(std::string_view name) {
  struct Entry {
    std::string_view name;
    Effect effect;
  };
  static constexpr Entry kAdmitted[] = {
      {":", Effect::None},          {"[", Effect::None},          {"break", Effect::None},
      {"continue", Effect::None},   {"echo", Effect::None},       {"exit", Effect::None},
      {"false", Effect::None},      {"printf", Effect::None},     {"pwd", Effect::None},
      {"return", Effect::None},     {"test", Effect::None},       {"true", Effect::None},
      {"set", Effect::Positional},  {"shift", Effect::Positional}, {"unset", Effect::Names},
      {"export", Effect::Names},    {"readonly", Effect::Names},  {"local", Effect::Names},
      {"read", Effect::Names},      {"cd", Effect::Directory},    {"umask", Effect::Umask},
      {"getopts", Effect::Getopts},
  };
  for (const Entry& entry : kAdmitted) {
    if (entry.name == name) return entry.effect;
  }
  return std::nullopt;
}

const syntax::LiteralPart* literal_word(const syntax::Word& word) {
  if (word.parts.size() != 1) return nullptr;
  return std::get_if<syntax::LiteralPart>(&word.parts[0].value);
}

// Walks a body, answering whether it is admitted and what it may change.
class AdmissionWalk {
 public:
  // `unbounded`: loops and function calls may be admitted (not for a pipeline's element,
  // whose output is kept whole until it ends: a reader that quits early must stop a writer
  // that loops). They are admitted only while no signal is caught by this shell: a signal
  // caught meanwhile waits until the subshell is over, and a loop may never be over.
  AdmissionWalk(const Shell& shell, bool unbounded) : shell_(shell) {
    unbounded_ = unbounded && !shell.interactive && !shell.job_control.active &&
                 !catches_signals(shell);
  }

  // A $( ) body: its last command may also be a program to run (tail()).
  bool program(const syntax::Program& program) {
    for (std::size_t i = 0; i < program.commands.size(); ++i) {
      if (!list(program.commands[i], i + 1 == program.commands.size())) return false;
    }
    return true;
  }

  bool list(const syntax::CommandList& list, bool program_tail_allowed = false) {
    for (std::size_t i = 0; i < list.items.size(); ++i) {
      const syntax::ListItem& item = list.items[i];
      if (program_tail_allowed && i + 1 == list.items.size() && program_tail(item)) {
        tail_ = &item;
        continue;
      }
      if (item.async) return false;
      for (const syntax::AndOrLink& link : item.and_or.links) {
        const syntax::Pipeline& pipeline = link.pipeline;
        if (pipeline.timed || pipeline.commands.size() != 1) return false;
        if (!command(pipeline.commands[0])) return false;
      }
    }
    return true;
  }

  // One element of a pipeline.
  bool element(const syntax::Command& command) { return this->command(command); }

  const SubshellNeeds& needs() const { return needs_; }
  // The last command of a $( ) when it runs a program, or null.
  const syntax::ListItem* tail() const { return tail_; }

 private:
  static bool catches_signals(const Shell& shell) {
    for (int sig = 1; sig < NSIG; ++sig) {
      const std::optional<std::string>& action = shell.traps.action(sig);
      if (action && !action->empty()) return true;
    }
    return false;
  }

  // `name args...`, the last command of a $( ), naming a program (no builtin, no function):
  // spawned directly with its stdout on the substitution's pipe, so no shell is copied for it.
  bool program_tail(const syntax::ListItem& item) {
    if (item.async || item.and_or.links.size() != 1) return false;
    const syntax::Pipeline& pipeline = item.and_or.links[0].pipeline;
    if (pipeline.negated || pipeline.timed || pipeline.commands.size() != 1) return false;
    const auto* command = std::get_if<syntax::SimpleCommand>(&pipeline.commands[0].value);
    if (command == nullptr || command->words.empty()) return false;
    const syntax::LiteralPart* literal = literal_word(command->words[0]);
    // A pattern could expand to the name of a builtin.
    if (literal == nullptr || literal->text.find_first_of("*?[") != std::string_view::npos) {
      return false;
    }
    if (shell_.builtins.find(literal->text) != nullptr ||
        shell_.functions.find(std::string(literal->text)) != shell_.functions.end()) {
      return false;
    }
    for (const syntax::Assignment& a : command->assignments) {
      if (!variable(a.name) || !word(a.value)) return false;
    }
    for (const syntax::Word& w : command->words) {
      if (!word(w)) return false;
    }
    for (const syntax::Redirection& r : command->redirections) {
      if (!word(r.target)) return false;
      if (r.here_doc != nullptr && !word(r.here_doc->body)) return false;
    }
    return true;
  }

  bool command(const syntax::Command& command) {
    if (!redirections(command.redirections)) return false;
    return std::visit(
        [&](const auto& c) -> bool {
          using T = std::decay_t<decltype(c)>;
          if constexpr (std::is_same_v<T, syntax::SimpleCommand>) {
            return simple(c);
          } else if constexpr (std::is_same_v<T, syntax::BraceGroup> ||
                               std::is_same_v<T, syntax::Subshell>) {
            return list(c.body);
          } else if constexpr (std::is_same_v<T, syntax::IfClause>) {
            for (const syntax::IfBranch& branch : c.branches) {
              if (!list(branch.condition) || !list(branch.body)) return false;
            }
            return !c.else_body || list(*c.else_body);
          } else if constexpr (std::is_same_v<T, syntax::CaseClause>) {
            if (!word(c.subject)) return false;
            for (const syntax::CaseItem& item : c.items) {
              for (const syntax::Word& pattern : item.patterns) {
                if (!word(pattern)) return false;
              }
              if (item.body && !list(*item.body)) return false;
            }
            return true;
          } else if constexpr (std::is_same_v<T, syntax::LoopClause>) {
            return unbounded_ && list(c.condition) && list(c.body);
          } else if constexpr (std::is_same_v<T, syntax::ForClause>) {
            if (!unbounded_ || !variable(c.name)) return false;
            if (c.words) {
              for (const syntax::Word& w : *c.words) {
                if (!word(w)) return false;
              }
            }
            return list(c.body);
          } else {
            return false;  // function definitions
          }
        },
        command.value);
  }

  // Redirections of a command inside the body: undone when the command ends, as in the
  // parent. None may name fd 1, which in a $( ) run here is a buffer, not an fd.
  bool redirections(const syntax::ArenaList<syntax::Redirection>& list) {
    for (const syntax::Redirection& r : list) {
      bool output = r.op == syntax::RedirectionOp::Output ||
                    r.op == syntax::RedirectionOp::Clobber ||
                    r.op == syntax::RedirectionOp::Append ||
                    r.op == syntax::RedirectionOp::DupOutput;
      int fd = r.io_number >= 0 ? r.io_number : output ? 1 : 0;
      if (fd == 1) return false;
      if (r.op == syntax::RedirectionOp::DupInput || r.op == syntax::RedirectionOp::DupOutput) {
        const syntax::LiteralPart* target = literal_word(r.target);
        if (target == nullptr || target->text == "1") return false;
      }
      if (!word(r.target)) return false;
      if (r.here_doc != nullptr && !word(r.here_doc->body)) return false;
    }
    return true;
  }

  bool simple(const syntax::SimpleCommand& command) {
    if (!redirections(command.redirections)) return false;
    for (const syntax::Assignment& a : command.assignments) {
      if (!variable(a.name) || !word(a.value)) return false;
    }
    if (command.words.empty()) return true;
    const syntax::LiteralPart* literal = literal_word(command.words[0]);
    if (literal == nullptr) return false;
    const Builtin* builtin = shell_.builtins.find(literal->text);
    if (builtin == nullptr || !builtin->special) {
      // A function runs instead of a regular builtin of its name.
      auto function = shell_.functions.find(std::string(literal->text));
      if (function != shell_.functions.end()) {
        return unbounded_ && function_body(literal->text, *function->second.body) &&
               words(command, 1);
      }
    }
    if (builtin == nullptr) return false;
    std::optional<Effect> effect = admitted_builtin(literal->text);
    if (!effect) return false;
    switch (*effect) {
      case Effect::None:
        return words(command, 1);
      case Effect::Positional:
        needs_.positional = true;
        return literal->text == "shift" || set_operands(command);
      case Effect::Names:
        return name_operands(command, literal->text == "read" || literal->text == "unset");
      case Effect::Directory:
        needs_.directory = true;
        return words(command, 1);
      case Effect::Umask:
        needs_.umask = true;
        return words(command, 1);
      case Effect::Getopts: {
        if (command.words.size() < 3) return false;
        const syntax::LiteralPart* name = literal_word(command.words[2]);
        return name != nullptr && variable(name->text) && words(command, 1);
      }
    }
    return false;
  }

  bool words(const syntax::SimpleCommand& command, std::size_t from) {
    for (std::size_t i = from; i < command.words.size(); ++i) {
      if (!word(command.words[i])) return false;
    }
    return true;
  }

  // A function called in the body: its body is admitted as if written there. A recursive call
  // is admitted by the check already under way.
  bool function_body(std::string_view name, const syntax::Command& body) {
    if (std::find(calling_.begin(), calling_.end(), name) != calling_.end()) return true;
    calling_.push_back(name);
    bool admitted = command(body);
    calling_.pop_back();
    return admitted;
  }

  // set: options as literal words, none of those whose effect is on the process (-m: job
  // control; -p: privileges; -o NAME is not looked into); then any operands.
  bool set_operands(const syntax::SimpleCommand& command) {
    std::size_t i = 1;
    for (; i < command.words.size(); ++i) {
      const syntax::LiteralPart* literal = literal_word(command.words[i]);
      if (literal == nullptr) return false;
      std::string_view text = literal->text;
      if (text == "--" || text == "-") {
        ++i;
        break;
      }
      if (text.size() < 2 || (text[0] != '-' && text[0] != '+')) break;
      if (text.find_first_of("mpo") != std::string_view::npos) return false;
    }
    return words(command, i);
  }

  // unset, export, readonly, local, read: every variable they touch is named literally (so
  // PATH is never among them); unset -f (functions) and read's options with operands are not
  // admitted. `strict`: NAME alone, no NAME=value.
  bool name_operands(const syntax::SimpleCommand& command, bool strict) {
    for (std::size_t i = 1; i < command.words.size(); ++i) {
      const syntax::Word& w = command.words[i];
      if (w.parts.empty()) return false;
      const auto* literal = std::get_if<syntax::LiteralPart>(&w.parts[0].value);
      if (literal == nullptr) return false;
      std::string_view text = literal->text;
      if (text == "-r" || text == "-v" || text == "-p" || text == "--") {
        if (w.parts.size() != 1) return false;
        continue;
      }
      std::size_t equals = text.find('=');
      if (equals == std::string_view::npos) {
        if (w.parts.size() != 1) return false;
      } else if (strict) {
        return false;
      }
      std::string_view name = text.substr(0, equals);
      if (!Variables::is_name(name) || !variable(name) || !word(w)) return false;
    }
    return true;
  }

  bool word(const syntax::Word& word) { return parts(word.parts); }

  bool parts(const syntax::WordParts& parts) {
    for (const syntax::WordPart& part : parts) {
      if (!this->part(part)) return false;
    }
    return true;
  }

  bool part(const syntax::WordPart& part) {
    if (std::holds_alternative<syntax::ArithmeticPart>(part.value)) return false;
    if (const auto* quoted = std::get_if<syntax::DoubleQuotedPart>(&part.value)) {
      return parts(quoted->parts);
    }
    if (const auto* parameter = std::get_if<syntax::ParameterPart>(&part.value)) {
      if (parameter->op == syntax::ParameterOp::AssignDefault ||
          parameter->op == syntax::ParameterOp::AssignDefaultIfNull) {
        // ${1=x} and the like are errors, not assignments.
        if (Variables::is_name(parameter->name) && !variable(parameter->name)) return false;
      }
      return parameter->argument == nullptr || word(*parameter->argument);
    }
    // Literals, quotes, tildes: no effect. A nested $( ) or `` is a subshell of its own,
    // virtual or not.
    return true;
  }

  // A variable the body may assign: any but PATH, whose putting back would clear the
  // parent's command hash. (The journal saves the others; getopts' position is saved too.)
  static bool variable(std::string_view name) { return name != "PATH"; }

  const Shell& shell_;
  bool unbounded_ = false;
  SubshellNeeds needs_;
  std::vector<std::string_view> calling_;
  const syntax::ListItem* tail_ = nullptr;
};

// A word with no expansion at all (plain_word of writes_no_fd).
bool plain_word(const syntax::WordParts& parts, bool quoted) {
  for (const syntax::WordPart& part : parts) {
    const auto& v = part.value;
    if (std::holds_alternative<syntax::LiteralPart>(v) ||
        std::holds_alternative<syntax::EscapedPart>(v)) {
      continue;
    }
    if (!quoted && std::holds_alternative<syntax::SingleQuotedPart>(v)) continue;
    const auto* dq = std::get_if<syntax::DoubleQuotedPart>(&v);
    if (quoted || dq == nullptr || !plain_word(dq->parts, true)) return false;
  }
  return true;
}

}  // namespace

SubshellAdmission admit_subshell(const Shell& shell, const syntax::CommandList& body) {
  AdmissionWalk walk(shell, true);
  bool admitted = walk.list(body);
  return {admitted, walk.needs(), nullptr};
}

SubshellAdmission admit_substitution(const Shell& shell, const syntax::Program& program) {
  AdmissionWalk walk(shell, true);
  bool admitted = walk.program(program);
  return {admitted, walk.needs(), walk.tail()};
}

SubshellAdmission admit_pipeline_element(const Shell& shell, const syntax::Command& command) {
  AdmissionWalk walk(shell, false);
  bool admitted = walk.element(command);
  return {admitted, walk.needs(), nullptr};
}

bool writes_no_fd(const Shell& shell, const syntax::Command& command, bool captured) {
  if (shell.options.get(Option::XTrace)) return false;
  const auto* simple = std::get_if<syntax::SimpleCommand>(&command.value);
  if (simple == nullptr || !simple->redirections.empty() || !simple->assignments.empty() ||
      simple->words.empty()) {
    return false;
  }
  const syntax::LiteralPart* name = literal_word(simple->words[0]);
  if (name == nullptr) return false;
  if (name->text != ":" && name->text != "true" && name->text != "false" &&
      !(captured && name->text == "echo")) {
    return false;
  }
  if (shell.builtins.find(name->text) == nullptr ||
      shell.functions.find(std::string(name->text)) != shell.functions.end()) {
    return false;
  }
  for (const syntax::Word& word : simple->words) {
    if (!plain_word(word.parts, false)) return false;
  }
  return true;
}

bool writes_no_fd(const Shell& shell, const syntax::CommandList& list, bool captured) {
  for (const syntax::ListItem& item : list.items) {
    if (item.async) return false;
    for (const syntax::AndOrLink& link : item.and_or.links) {
      if (link.pipeline.timed || link.pipeline.commands.size() != 1 ||
          !writes_no_fd(shell, link.pipeline.commands[0], captured)) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace spawnsh::exec
