#include "shell/expand/expand.h"

#include <cctype>

#include "shell/arith/arith.h"
#include "shell/errors.h"
#include "shell/expand/field_split.h"
#include "shell/expand/home_directory.h"
#include "shell/expand/parameter.h"
#include "shell/expand/pathname.h"
#include "shell/shell.h"

namespace spawnsh::expand {
namespace {

CommandSubstitutionRunner command_substitution_runner = nullptr;

std::string run_command_substitution(Shell& shell, const syntax::Program& program) {
  if (command_substitution_runner == nullptr) {
    shell.error("command substitution is not available here");
    throw CommandError{2, true};
  }
  return command_substitution_runner(shell, program);
}

}  // namespace

void set_command_substitution_runner(CommandSubstitutionRunner runner) noexcept {
  command_substitution_runner = runner;
}

namespace {

using syntax::Word;
using syntax::WordPart;

enum class Mode {
  Fields,   // command words: split and glob
  String,   // one string, quotes removed
  Pattern,  // one string, quoted bytes backslash-escaped
};

struct Piece {
  std::string text;
  Origin origin;
};

// The reads and writes of arithmetic go to the shell's variables.
class ArithVariables final : public arith::Variables {
 public:
  explicit ArithVariables(Shell& shell) : shell_(shell) {}
  std::optional<std::string_view> get(std::string_view name) override {
    const std::string* v = shell_.vars.value(name);
    if (v == nullptr) return std::nullopt;
    return std::string_view(*v);
  }
  bool set(std::string_view name, std::intmax_t value) override {
    return shell_.vars.assign(name, std::to_string(value));
  }

 private:
  Shell& shell_;
};

bool is_constant_text(const Word& word) {
  for (const WordPart& p : word.parts) {
    if (!std::holds_alternative<syntax::LiteralPart>(p.value)) return false;
  }
  return true;
}

// An arithmetic text of literals and plain variables ($i, ${i}) written as ${name}, which the
// arithmetic parser reads at evaluation time (shell/arith/arith.h): the text stays the same from
// one evaluation to the next, so it is parsed once. nullopt for any other expansion.
std::optional<std::string> arithmetic_template(const Word& word) {
  std::string text;
  for (const WordPart& p : word.parts) {
    if (const auto* literal = std::get_if<syntax::LiteralPart>(&p.value)) {
      if (literal->text.find('$') != std::string::npos) return std::nullopt;
      text += literal->text;
      continue;
    }
    const auto* parameter = std::get_if<syntax::ParameterPart>(&p.value);
    if (parameter == nullptr || parameter->op != syntax::ParameterOp::None ||
        !Variables::is_name(parameter->name)) {
      return std::nullopt;
    }
    text += "${";
    text += parameter->name;
    text += '}';
  }
  return text;
}

[[noreturn]] void arithmetic_error(Shell& shell, const std::string& message) {
  shell.error(message);
  throw CommandError{2, true};
}

std::string tilde_expansion(Shell& shell, std::string_view user) {
  if (user.empty()) {
    const std::string* home = shell.vars.value("HOME");
    return home != nullptr ? *home : std::string("~");
  }
  auto home = home_directory(user);
  return home ? *home : "~" + std::string(user);
}

// Expands the parts of one word into pieces, in one of the three modes.
class WordExpander {
 public:
  WordExpander(Shell& shell, Mode mode) : shell_(shell), mode_(mode) { words_.emplace_back(); }

  void word(const Word& w) {
    for (const WordPart& p : w.parts) part(p, false);
  }
  void parts(const syntax::WordParts& ps, bool quoted) {
    for (const WordPart& p : ps) part(p, quoted);
  }

  // Expand literal text as an assignment value does (tildes after = and :).
  void set_declaration() { declaration_ = true; }

  // Fields mode: the words (a quoted "$@" can make several, or none).
  std::vector<std::vector<Piece>>& words() { return words_; }
  bool drop_word() const { return quoted_at_with_no_parameters_ && !has_text(); }

  std::string joined() const {
    std::string out;
    for (const auto& w : words_) {
      for (const Piece& p : w) {
        if (mode_ == Mode::Pattern && p.origin == Origin::quoted) {
          for (char c : p.text) {
            out.push_back('\\');
            out.push_back(c);
          }
        } else {
          out += p.text;
        }
      }
    }
    return out;
  }

 private:
  bool has_text() const {
    for (const auto& w : words_) {
      for (const Piece& p : w) {
        if (!p.text.empty()) return true;
      }
    }
    return false;
  }

  void emit(std::string text, Origin origin) { words_.back().push_back({std::move(text), origin}); }
  void emit_value(std::string text, bool quoted) {
    emit(std::move(text), quoted ? Origin::quoted : Origin::expansion);
  }

  void part(const WordPart& p, bool quoted) {
    std::visit([&](const auto& v) { visit(v, quoted); }, p.value);
  }

  void visit(const syntax::LiteralPart& p, bool quoted) {
    if (declaration_ && !quoted) {
      emit_with_tildes(p.text);
      return;
    }
    emit(std::string(p.text), quoted ? Origin::quoted : Origin::literal);
  }

  // Assignment-style tilde prefixes: after the first '=' and after each ':'.
  void emit_with_tildes(std::string_view text) {
    std::string out;
    std::size_t equals = std::string::npos;  // the first '=' of the word, if in this part
    for (std::size_t i = 0; i < text.size(); ++i) {
      char c = text[i];
      if (c == '=' && !seen_equals_) {
        seen_equals_ = true;
        equals = i;
      }
      bool tilde_prefix =
          c == '~' && seen_equals_ &&
          (i == 0 ? after_colon_ : (text[i - 1] == ':' || i - 1 == equals));
      if (!tilde_prefix) {
        out.push_back(c);
        continue;
      }
      std::size_t end = text.find_first_of("/:", i + 1);
      if (end == std::string::npos) end = text.size();
      out += tilde_expansion(shell_, text.substr(i + 1, end - i - 1));
      i = end - 1;
    }
    after_colon_ = !text.empty() && text.back() == ':';
    emit(std::move(out), Origin::literal);
  }
  void visit(const syntax::EscapedPart& p, bool) { emit(std::string(p.text), Origin::quoted); }
  void visit(const syntax::SingleQuotedPart& p, bool) { emit(std::string(p.text), Origin::quoted); }
  void visit(const syntax::DollarSingleQuotedPart& p, bool) {
    emit(std::string(p.bytes), Origin::quoted);
  }
  void visit(const syntax::DoubleQuotedPart& p, bool) {
    emit({}, Origin::quoted);  // "" is an (empty) field of its own
    parts(p.parts, true);
  }
  void visit(const syntax::TildePart& p, bool) {
    emit(tilde_expansion(shell_, p.user), Origin::quoted);
  }
  void visit(const syntax::CommandSubstitutionPart& p, bool quoted) {
    emit_value(run_command_substitution(shell_, *p.program), quoted);
  }
  void visit(const syntax::BackquotePart& p, bool quoted) {
    emit_value(run_command_substitution(shell_, *p.program), quoted);
  }
  void visit(const syntax::ArithmeticPart& p, bool quoted) {
    emit_value(std::to_string(arithmetic(p)), quoted);
  }
  void visit(const syntax::ParameterPart& p, bool quoted) {
    bool list = p.name == "@" || p.name == "*";
    if (list && p.op == syntax::ParameterOp::None) {
      positional(shell_.positional, p.name == "@", quoted);
      return;
    }
    if (list && p.op != syntax::ParameterOp::Length) {
      bool at = p.name == "@";
      bool one_field = mode_ != Mode::Fields || (quoted && !at);
      PositionalResult r = expand_positional_operator(shell_, p, one_field, ifs_separator());
      if (r.argument != nullptr) {
        operator_word(*r.argument, quoted);
      } else {
        positional(r.values, at, quoted);
      }
      return;
    }
    ParameterResult r = expand_parameter(shell_, p, quoted);
    if (r.argument != nullptr) {
      operator_word(*r.argument, quoted);
      return;
    }
    if (mode_ == Mode::Pattern && !quoted) {
      emit(std::move(r.value), Origin::literal);  // an unquoted expansion's * and ? are active
      return;
    }
    emit_value(std::move(r.value), quoted);
  }

  // ${x:-word} and friends that chose their word: the word's own quoting applies, and an
  // unquoted ${...} leaves its literal text open to splitting.
  void operator_word(const Word& word, bool quoted) {
    for (const WordPart& inner : word.parts) {
      if (quoted) {
        part(inner, true);
      } else if (const auto* lit = std::get_if<syntax::LiteralPart>(&inner.value)) {
        emit(std::string(lit->text), Origin::expansion);
      } else {
        part(inner, false);
      }
    }
  }

  // What joins $* (and $@ outside fields): the first byte of IFS, a space when IFS is unset.
  std::string ifs_separator() const {
    const std::string* ifs = shell_.vars.value("IFS");
    return ifs == nullptr ? " " : ifs->substr(0, 1);
  }

  // $@ and $* (XCU 2.5.2), or the list that ${@op word} / ${*op word} chose.
  void positional(const std::vector<std::string>& params, bool at, bool quoted) {
    if (!quoted || mode_ != Mode::Fields) {
      if (!quoted && mode_ == Mode::Fields) {
        for (std::size_t i = 0; i < params.size(); ++i) {
          if (i > 0) emit({}, Origin::field_break);
          emit(params[i], Origin::expansion);
        }
        return;
      }
      // In a string context (assignment, here-document, case word) both join with the first
      // byte of IFS: POSIX leaves $@ open there, and dash treats it as $*.
      std::string sep = ifs_separator();
      std::string joined;
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (i > 0) joined += sep;
        joined += params[i];
      }
      emit_value(std::move(joined), quoted);
      return;
    }
    if (!at) {
      std::string sep = ifs_separator();
      std::string joined;
      for (std::size_t i = 0; i < params.size(); ++i) {
        if (i > 0) joined += sep;
        joined += params[i];
      }
      emit(std::move(joined), Origin::quoted);
      return;
    }
    // "$@": one field per parameter; text before it joins the first, text after the last.
    if (params.empty()) {
      quoted_at_with_no_parameters_ = true;
      return;
    }
    for (std::size_t i = 0; i < params.size(); ++i) {
      if (i > 0) words_.emplace_back();
      emit(params[i], Origin::quoted);
    }
  }

  std::intmax_t arithmetic(const syntax::ArithmeticPart& p) {
    ArithVariables variables(shell_);
    if (!is_constant_text(*p.expression)) {
      // $(($i+1)): parsed once with the variables read at evaluation; a value that is not a
      // plain number (or a text that will not parse) goes the POSIX way below.
      if (!p.cached) {
        if (auto text = arithmetic_template(*p.expression)) {
          if (auto parsed = arith::Expression::parse(*text)) {
            // Owned by the node's arena: the cache lives exactly as long as the tree.
            p.cached = p.arena->make_owned<const arith::Expression>(std::move(parsed.value()));
          }
        }
      }
      if (p.cached) {
        auto value = p.cached->evaluate(variables);
        if (value) return value.value();
        if (value.error().kind != arith::ErrorKind::needs_text_expansion) {
          // The message quotes the text; show it as substituted, as the POSIX way would.
          std::string message = value.error().message;
          std::string written = '"' + std::string(p.cached->text()) + '"';
          if (auto at = message.rfind(written); at != std::string::npos) {
            message.replace(at, written.size(), '"' + expand_string(shell_, *p.expression) + '"');
          }
          arithmetic_error(shell_, message);
        }
      }
    }
    const arith::Expression* expression = nullptr;
    std::optional<arith::Expression> fresh;
    if (is_constant_text(*p.expression)) {
      // The text cannot change between runs: parse once and keep it on the node.
      if (!p.cached) {
        auto parsed = arith::Expression::parse(expand_string(shell_, *p.expression));
        if (!parsed) arithmetic_error(shell_, parsed.error().message);
        // Owned by the node's arena: the cache lives exactly as long as the tree.
        p.cached = p.arena->make_owned<const arith::Expression>(std::move(parsed.value()));
      }
      expression = p.cached;
    } else {
      auto parsed = arith::Expression::parse(expand_string(shell_, *p.expression));
      if (!parsed) arithmetic_error(shell_, parsed.error().message);
      fresh.emplace(std::move(parsed.value()));
      expression = &*fresh;
    }
    auto value = expression->evaluate(variables);
    if (!value && value.error().kind == arith::ErrorKind::needs_text_expansion) {
      value = arith::evaluate(substitute_dollar_names(expression->text()), variables);
    }
    if (!value) arithmetic_error(shell_, value.error().message);
    return value.value();
  }

  // The POSIX way for `$name` inside an arithmetic text the evaluator could not read directly:
  // substitute the values as text, then parse again.
  std::string substitute_dollar_names(std::string_view text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '$') {
        out.push_back(text[i]);
        continue;
      }
      bool braced = i + 1 < text.size() && text[i + 1] == '{';
      std::size_t start = i + 1 + (braced ? 1 : 0), end = start;
      while (end < text.size() && (std::isalnum(static_cast<unsigned char>(text[end])) ||
                                   text[end] == '_')) {
        ++end;
      }
      const std::string* v = shell_.vars.value(text.substr(start, end - start));
      if (v != nullptr) out += *v;
      i = (braced && end < text.size()) ? end : end - 1;
    }
    return out;
  }

  Shell& shell_;
  Mode mode_;
  std::vector<std::vector<Piece>> words_;
  bool quoted_at_with_no_parameters_ = false;
  bool declaration_ = false;
  bool seen_equals_ = false;
  bool after_colon_ = false;
};

// IFS parsed once per value.
const Ifs& current_ifs(Shell& shell) {
  static std::optional<std::string> cached_value;
  static bool cached_unset = false;
  static std::optional<Ifs> cached;
  const std::string* ifs = shell.vars.value("IFS");
  bool unset = ifs == nullptr;
  if (!cached || unset != cached_unset || (!unset && *ifs != *cached_value)) {
    cached_unset = unset;
    cached_value = unset ? std::nullopt : std::optional<std::string>(*ifs);
    cached.emplace(unset ? std::nullopt : std::optional<std::string_view>(*ifs));
  }
  return *cached;
}

}  // namespace

void expand_fields(Shell& shell, std::span<const syntax::Word> words,
                   std::vector<std::string>& fields) {
  std::vector<Field> split;
  std::vector<Segment> segments;
  bool glob = !shell.options.get(Option::NoGlob);
  for (const Word& w : words) {
    // The common case, a plain literal word, needs no machinery.
    if (w.parts.size() == 1) {
      if (const auto* lit = std::get_if<syntax::LiteralPart>(&w.parts[0].value)) {
        if (!glob || lit->text.find_first_of("*?[") == std::string::npos) {
          fields.emplace_back(lit->text);
          continue;
        }
      }
    }
    WordExpander expander(shell, Mode::Fields);
    expander.word(w);
    if (expander.drop_word()) continue;
    const Ifs& ifs = current_ifs(shell);
    for (const auto& pieces : expander.words()) {
      segments.clear();
      for (const Piece& p : pieces) segments.push_back({p.text, p.origin});
      split.clear();
      split_fields(segments, ifs, split);
      for (Field& f : split) {
        if (glob && f.has_unquoted_glob_byte) {
          std::size_t before = fields.size();
          if (expand_pathname(f.glob_pattern(), fields) > 0 || fields.size() > before) continue;
        }
        fields.push_back(std::move(f.text));
      }
    }
  }
}

std::string expand_string(Shell& shell, const syntax::Word& word) {
  if (word.parts.size() == 1) {
    if (const auto* lit = std::get_if<syntax::LiteralPart>(&word.parts[0].value)) {
      return std::string(lit->text);
    }
  }
  WordExpander expander(shell, Mode::String);
  expander.word(word);
  return expander.joined();
}

bool is_declaration_operand(const syntax::Word& word) {
  if (word.parts.empty()) return false;
  const auto* lit = std::get_if<syntax::LiteralPart>(&word.parts[0].value);
  if (lit == nullptr) return false;
  std::size_t eq = lit->text.find('=');
  return eq != std::string::npos && eq > 0 && Variables::is_name(std::string_view(lit->text).substr(0, eq));
}

std::string expand_declaration(Shell& shell, const syntax::Word& word) {
  WordExpander expander(shell, Mode::String);
  expander.set_declaration();
  expander.word(word);
  return expander.joined();
}

std::string expand_pattern(Shell& shell, const syntax::Word& word) {
  WordExpander expander(shell, Mode::Pattern);
  expander.word(word);
  return expander.joined();
}

std::string expand_quoted_parts(Shell& shell, const syntax::WordParts& parts) {
  WordExpander expander(shell, Mode::String);
  expander.parts(parts, true);
  return expander.joined();
}

}  // namespace spawnsh::expand
