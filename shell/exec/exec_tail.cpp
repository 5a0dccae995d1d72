#include "shell/exec/exec_tail.h"

#include <variant>

namespace spawnsh::exec {
namespace {

const syntax::SimpleCommand* command_tail(const syntax::Command& command) {
  if (!command.redirections.empty()) return nullptr;
  if (const auto* simple = std::get_if<syntax::SimpleCommand>(&command.value)) {
    return simple->words.empty() ? nullptr : simple;
  }
  if (const auto* group = std::get_if<syntax::BraceGroup>(&command.value)) {
    return exec_tail(group->body);
  }
  if (const auto* subshell = std::get_if<syntax::Subshell>(&command.value)) {
    return exec_tail(subshell->body);
  }
  return nullptr;
}

const syntax::SimpleCommand* and_or_tail(const syntax::AndOr& and_or) {
  if (and_or.links.empty()) return nullptr;
  const syntax::Pipeline& pipeline = and_or.links.back().pipeline;
  if (pipeline.negated || pipeline.timed || pipeline.commands.size() != 1) return nullptr;
  return command_tail(pipeline.commands[0]);
}

}  // namespace

const syntax::SimpleCommand* exec_tail(const syntax::CommandList& list) {
  if (list.items.empty()) return nullptr;
  const syntax::ListItem& last = list.items.back();
  return last.async ? nullptr : and_or_tail(last.and_or);
}

const syntax::SimpleCommand* exec_tail(const Continuation& continuation) {
  using Kind = Continuation::Kind;
  switch (continuation.kind) {
    case Kind::Program: {
      const auto& program = *static_cast<const syntax::Program*>(continuation.node);
      return program.commands.empty() ? nullptr : exec_tail(program.commands.back());
    }
    case Kind::List:
      return exec_tail(*static_cast<const syntax::CommandList*>(continuation.node));
    case Kind::AndOr:
      return and_or_tail(*static_cast<const syntax::AndOr*>(continuation.node));
    case Kind::Command:
    case Kind::ExpandedCommand:
      return command_tail(*static_cast<const syntax::Command*>(continuation.node));
    case Kind::None:
      break;
  }
  return nullptr;
}

}  // namespace spawnsh::exec
