#include "shell/syntax/unparse.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace spawnsh::syntax {
namespace {

// Where a word is written: the quoting a literal needs depends on it.
enum class Context {
  Unquoted,
  DoubleQuoted,   // inside "...": \ $ ` " escaped
  HereDocument,   // an unquoted here-document body: \ $ ` escaped
  BraceArgument,  // the word of ${name op word} outside double quotes: } escaped too
  BraceArgumentQuoted,  // the same inside double quotes
  Arithmetic,     // inside $(( )): as written
};

class Unparser {
 public:
  // `keep_lines` false: a here-document body, whose text must not gain lines.
  explicit Unparser(std::uint32_t first_line, bool keep_lines = true)
      : line_(first_line), keep_lines_(keep_lines) {}

  std::string finish() {
    flush_here_documents_with_newline();
    return std::move(out_);
  }

  void program(const Program& p) {
    bool first = true;
    for (const CompleteCommand& c : p.commands) {
      if (!first) {
        emit("\n");
        flush_here_documents();
      }
      first = false;
      list(c);
    }
  }

  // Each item ends with its separator (; or &), so the list can be followed by anything.
  void list(const CommandList& l) {
    for (const ListItem& item : l.items) {
      newline_to(item.range.line);
      and_or(item.and_or);
      emit(item.async ? " &" : ";");
      emit(" ");
    }
  }

  void and_or(const AndOr& a) {
    for (const AndOrLink& link : a.links) {
      if (link.op == AndOrOp::And) emit(" && ");
      if (link.op == AndOrOp::Or) emit(" || ");
      if (link.op != AndOrOp::First) newline_to(link.pipeline.range.line);
      pipeline(link.pipeline);
    }
  }

  void pipeline(const Pipeline& p) {
    if (p.timed) {
      emit("time ");
      if (p.time_posix) emit("-p ");
      if (p.time_verbose) emit("-v ");
    }
    if (p.negated) emit("! ");
    bool first = true;
    for (const Command& c : p.commands) {
      if (!first) {
        emit(" | ");
        newline_to(c.range.line);
      }
      first = false;
      command(c);
    }
  }

  void command(const Command& c) {
    std::visit([&](const auto& value) { compound(value); }, c.value);
    redirections(c.redirections);
  }

 private:
  void compound(const SimpleCommand& s) {
    bool any = false;
    auto separate = [&] {
      if (any) emit(" ");
      any = true;
    };
    for (const Assignment& a : s.assignments) {
      separate();
      emit(a.name);
      emit("=");
      word(a.value, Context::Unquoted);
    }
    for (const Word& w : s.words) {
      separate();
      word(w, Context::Unquoted);
    }
    redirections(s.redirections);
  }
  void compound(const BraceGroup& b) {
    emit("{ ");
    list(b.body);
    emit("}");
  }
  void compound(const Subshell& s) {
    emit("( ");
    list(s.body);
    emit(")");
  }
  void compound(const ForClause& f) {
    emit("for ");
    emit(f.name);
    if (f.words) {
      emit(" in");
      for (const Word& w : *f.words) {
        emit(" ");
        word(w, Context::Unquoted);
      }
    }
    emit("; do ");
    list(f.body);
    emit("done");
  }
  void compound(const CaseClause& c) {
    emit("case ");
    word(c.subject, Context::Unquoted);
    emit(" in ");
    for (const CaseItem& item : c.items) {
      newline_to(item.range.line);
      emit("(");
      bool first = true;
      for (const Word& pattern : item.patterns) {
        if (!first) emit("|");
        first = false;
        word(pattern, Context::Unquoted);
      }
      emit(") ");
      if (item.body) list(*item.body);
      emit(item.terminator == CaseTerminator::FallThrough ? ";& " : ";; ");
    }
    emit("esac");
  }
  void compound(const IfClause& c) {
    bool first = true;
    for (const IfBranch& branch : c.branches) {
      newline_to(branch.range.line);
      emit(first ? "if " : "elif ");
      first = false;
      list(branch.condition);
      emit("then ");
      list(branch.body);
    }
    if (c.else_body) {
      emit("else ");
      list(*c.else_body);
    }
    emit("fi");
  }
  void compound(const LoopClause& l) {
    emit(l.kind == LoopKind::While ? "while " : "until ");
    list(l.condition);
    emit("do ");
    list(l.body);
    emit("done");
  }
  void compound(const FunctionDefinition& f) {
    emit(f.name);
    emit("() ");
    if (f.body != nullptr) command(*f.body);
  }

  void redirections(const ArenaList<Redirection>& list) {
    for (const Redirection& r : list) {
      emit(" ");
      if (r.io_number >= 0) emit(std::to_string(r.io_number));
      // <<- is written as << : the lexer stripped the body's tabs already.
      emit(operator_text(r.op == RedirectionOp::HereDocStrip ? RedirectionOp::HereDoc : r.op));
      if (r.here_doc != nullptr) {
        here_document_operator(*r.here_doc);
      } else {
        word(r.target, Context::Unquoted);
      }
    }
  }

  // ---- words ------------------------------------------------------------------------------

  void word(const Word& w, Context context) {
    for (const WordPart& part : w.parts) {
      std::visit([&](const auto& value) { word_part(value, context); }, part.value);
    }
  }

  void word_part(const LiteralPart& p, Context context) { literal(p.text, context); }
  void word_part(const EscapedPart& p, Context context) {
    if (context == Context::Unquoted || context == Context::BraceArgument) {
      emit("\\");
      emit(p.text);
    } else {
      literal(p.text, context);
    }
  }
  void word_part(const SingleQuotedPart& p, Context context) { single_quoted(p.text, context); }
  void word_part(const DollarSingleQuotedPart& p, Context context) {
    single_quoted(p.bytes, context);
  }
  void word_part(const DoubleQuotedPart& p, Context context) {
    Context inner = context == Context::BraceArgument || context == Context::BraceArgumentQuoted
                        ? Context::BraceArgumentQuoted
                        : Context::DoubleQuoted;
    bool quote = context != Context::DoubleQuoted && context != Context::BraceArgumentQuoted;
    if (quote) emit("\"");
    for (const WordPart& part : p.parts) {
      std::visit([&](const auto& value) { word_part(value, inner); }, part.value);
    }
    if (quote) emit("\"");
  }
  void word_part(const ParameterPart& p, Context context) {
    if (!p.braced) {
      emit("$");
      emit(p.name);
      return;
    }
    emit("${");
    if (p.op == ParameterOp::Length) emit("#");
    emit(p.name);
    emit(operator_text(p.op));
    if (p.argument != nullptr) {
      bool quoted = context == Context::DoubleQuoted || context == Context::BraceArgumentQuoted ||
                    context == Context::HereDocument;
      word(*p.argument, quoted ? Context::BraceArgumentQuoted : Context::BraceArgument);
    }
    emit("}");
  }
  void word_part(const CommandSubstitutionPart& p, Context) { substitution(p.program); }
  void word_part(const BackquotePart& p, Context) { substitution(p.program); }
  void word_part(const ArithmeticPart& p, Context) {
    emit("$((");
    if (p.expression != nullptr) word(*p.expression, Context::Arithmetic);
    emit("))");
  }
  void word_part(const TildePart& p, Context) {
    emit("~");
    emit(p.user);
  }

  // A backquote is written as $( ): its text was already unescaped once, and $( ) needs no
  // second round of backslashes.
  void substitution(const Program* program) {
    emit("$( ");
    // Here-documents inside belong inside: set aside the outer ones pending.
    std::vector<const HereDocument*> outer;
    outer.swap(pending_);
    if (program != nullptr) this->program(*program);
    flush_here_documents_with_newline();
    pending_.swap(outer);
    emit(")");
  }

  void literal(std::string_view text, Context context) {
    auto special = [context](char c) {
      switch (context) {
        case Context::Unquoted:
        case Context::Arithmetic: return false;
        case Context::DoubleQuoted: return c == '\\' || c == '$' || c == '`' || c == '"';
        case Context::HereDocument: return c == '\\' || c == '$' || c == '`';
        case Context::BraceArgument: return c == '}';
        case Context::BraceArgumentQuoted:
          return c == '\\' || c == '$' || c == '`' || c == '"' || c == '}';
      }
      return false;
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (!special(text[i])) continue;
      emit(text.substr(start, i - start));
      emit("\\");
      start = i;
    }
    emit(text.substr(start));
  }

  // Text to be taken literally: in single quotes where quotes work, else escaped one by one.
  void single_quoted(std::string_view text, Context context) {
    if (context == Context::Unquoted || context == Context::BraceArgument) {
      emit("'");
      std::size_t start = 0;
      for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\'') continue;
        emit(text.substr(start, i - start));
        emit("'\\''");
        start = i + 1;
      }
      emit(text.substr(start));
      emit("'");
    } else {
      literal(text, context == Context::Arithmetic ? Context::Arithmetic : context);
    }
  }

  // ---- here-documents ---------------------------------------------------------------------

  void here_document_operator(const HereDocument& doc) {
    emit(doc.quoted ? "'" : "");
    emit(delimiter_for(doc));
    emit(doc.quoted ? "'" : "");
    pending_.push_back(&doc);
  }

  // A delimiter that is no line of the body.
  std::string delimiter_for(const HereDocument& doc) {
    std::string body = body_text(doc);
    std::string delimiter = "SPAWNSH_EOF";
    for (int n = 0;; ++n) {
      std::string candidate = delimiter + std::to_string(n);
      std::string_view rest = body;
      bool clash = false;
      while (!rest.empty()) {
        std::size_t end = rest.find('\n');
        if (rest.substr(0, end) == candidate) clash = true;
        if (end == std::string_view::npos) break;
        rest.remove_prefix(end + 1);
      }
      if (!clash) return candidate;
    }
  }

  std::string body_text(const HereDocument& doc) {
    Unparser inner(0, false);
    if (doc.quoted) {
      for (const WordPart& part : doc.body.parts) {
        if (const auto* literal = std::get_if<LiteralPart>(&part.value)) inner.emit(literal->text);
      }
    } else {
      inner.word(doc.body, Context::HereDocument);
      inner.flush_here_documents_with_newline();
    }
    std::string text = std::move(inner.out_);
    if (!text.empty() && text.back() != '\n') text.push_back('\n');
    return text;
  }

  void flush_here_documents_with_newline() {
    if (pending_.empty()) return;
    emit("\n");
    flush_here_documents();
  }

  void flush_here_documents() {
    std::vector<const HereDocument*> docs;
    docs.swap(pending_);
    for (const HereDocument* doc : docs) {
      emit(body_text(*doc));
      emit(delimiter_for(*doc));
      emit("\n");
    }
  }

  // ---- output -----------------------------------------------------------------------------

  void emit(std::string_view text) {
    out_.append(text);
    line_ += static_cast<std::uint32_t>(std::count(text.begin(), text.end(), '\n'));
  }

  // Called only where the grammar takes a newline (before a command of a list, after | && ||,
  // before a case item or an elif): moves down to `target`, emitting pending here-document
  // bodies on the way.
  void newline_to(std::uint32_t target) {
    while (keep_lines_ && line_ < target) {
      emit("\n");
      flush_here_documents();
    }
  }

  std::string out_;
  std::uint32_t line_;
  bool keep_lines_;
  std::vector<const HereDocument*> pending_;
};

std::uint32_t line_of(const SourceRange& range) { return range.line > 0 ? range.line : 1; }

template <typename Node, typename Write>
UnparsedText run(const Node& node, Write write) {
  UnparsedText result;
  result.first_line = line_of(node.range);
  Unparser unparser(result.first_line);
  write(unparser, node);
  result.text = unparser.finish();
  return result;
}

}  // namespace

UnparsedText unparse(const Program& program) {
  return run(program, [](Unparser& u, const Program& p) { u.program(p); });
}
UnparsedText unparse(const CommandList& list) {
  return run(list, [](Unparser& u, const CommandList& l) { u.list(l); });
}
UnparsedText unparse(const AndOr& and_or) {
  return run(and_or, [](Unparser& u, const AndOr& a) { u.and_or(a); });
}
UnparsedText unparse(const Command& command) {
  return run(command, [](Unparser& u, const Command& c) { u.command(c); });
}

}  // namespace spawnsh::syntax
