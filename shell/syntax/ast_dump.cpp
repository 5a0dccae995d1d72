#include "shell/syntax/ast_dump.h"

#include <cstdio>

namespace spawnsh::syntax {

namespace {

std::string quote(std::string_view text) {
    std::string out = "\"";
    for (const char c : text) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) {
                char hex[8];
                std::snprintf(hex, sizeof hex, "\\x%02X", static_cast<unsigned char>(c));
                out += hex;
            } else {
                out += c;
            }
        }
    }
    out += '"';
    return out;
}

class Dumper {
public:
    std::string out;

    void line(int indent, std::string_view text, const SourceRange& range) {
        out.append(static_cast<std::size_t>(indent) * 2, ' ');
        out += text;
        out += " @";
        out += std::to_string(range.line);
        out += ':';
        out += std::to_string(range.column);
        out += '\n';
    }

    void program(const Program& program, int indent) {
        line(indent, "program", program.range);
        for (const CompleteCommand& command : program.commands) list(command, indent + 1);
    }

    void list(const CommandList& list, int indent) {
        line(indent, "list", list.range);
        for (const ListItem& item : list.items) {
            if (item.async) {
                line(indent + 1, "async", item.range);
                and_or(item.and_or, indent + 2);
            } else {
                and_or(item.and_or, indent + 1);
            }
        }
    }

    void and_or(const AndOr& and_or, int indent) {
        if (and_or.links.size() == 1) {
            pipeline(and_or.links[0].pipeline, indent);
            return;
        }
        line(indent, "and_or", and_or.range);
        for (const AndOrLink& link : and_or.links) {
            if (link.op == AndOrOp::First) {
                pipeline(link.pipeline, indent + 1);
            } else {
                line(indent + 1, link.op == AndOrOp::And ? "&&" : "||", link.pipeline.range);
                pipeline(link.pipeline, indent + 2);
            }
        }
    }

    void pipeline(const Pipeline& pipeline, int indent) {
        if (pipeline.commands.size() == 1 && !pipeline.negated && !pipeline.timed) {
            command(pipeline.commands[0], indent);
            return;
        }
        std::string head = pipeline.negated ? "pipeline !" : "pipeline";
        if (pipeline.timed) {
            head += " time";
            if (pipeline.time_posix) head += " -p";
            if (pipeline.time_verbose) head += " -v";
        }
        line(indent, head, pipeline.range);
        for (const Command& command_node : pipeline.commands) command(command_node, indent + 1);
    }

    void command(const Command& command, int indent) {
        std::visit([&](const auto& node) { this->node(node, command.range, indent); }, command.value);
        for (const Redirection& redirection : command.redirections) redirect(redirection, indent + 1);
    }

    void node(const SimpleCommand& simple, const SourceRange& range, int indent) {
        line(indent, "simple", range);
        for (const Assignment& assignment : simple.assignments) {
            line(indent + 1, "assign " + std::string(assignment.name), assignment.range);
            word(assignment.value, indent + 2);
        }
        for (const Word& w : simple.words) word(w, indent + 1);
        for (const Redirection& redirection : simple.redirections) redirect(redirection, indent + 1);
    }

    void node(const BraceGroup& group, const SourceRange& range, int indent) {
        line(indent, "brace_group", range);
        list(group.body, indent + 1);
    }

    void node(const Subshell& subshell, const SourceRange& range, int indent) {
        line(indent, "subshell", range);
        list(subshell.body, indent + 1);
    }

    void node(const ForClause& clause, const SourceRange& range, int indent) {
        line(indent, "for " + std::string(clause.name), range);
        if (clause.words) {
            line(indent + 1, "in", clause.name_range);
            for (const Word& w : *clause.words) word(w, indent + 2);
        }
        line(indent + 1, "do", clause.body.range);
        list(clause.body, indent + 2);
    }

    void node(const CaseClause& clause, const SourceRange& range, int indent) {
        line(indent, "case", range);
        word(clause.subject, indent + 1);
        for (const CaseItem& item : clause.items) {
            std::string head = "item";
            if (item.terminator == CaseTerminator::Break) head += " ;;";
            if (item.terminator == CaseTerminator::FallThrough) head += " ;&";
            line(indent + 1, head, item.range);
            for (const Word& pattern : item.patterns) {
                line(indent + 2, "pattern", pattern.range);
                word(pattern, indent + 3);
            }
            if (item.body) list(*item.body, indent + 2);
        }
    }

    void node(const IfClause& clause, const SourceRange& range, int indent) {
        line(indent, "if", range);
        for (const IfBranch& branch : clause.branches) {
            line(indent + 1, "condition", branch.range);
            list(branch.condition, indent + 2);
            line(indent + 1, "then", branch.body.range);
            list(branch.body, indent + 2);
        }
        if (clause.else_body) {
            line(indent + 1, "else", clause.else_body->range);
            list(*clause.else_body, indent + 2);
        }
    }

    void node(const LoopClause& loop, const SourceRange& range, int indent) {
        line(indent, loop.kind == LoopKind::While ? "while" : "until", range);
        list(loop.condition, indent + 1);
        line(indent + 1, "do", loop.body.range);
        list(loop.body, indent + 2);
    }

    void node(const FunctionDefinition& function, const SourceRange& range, int indent) {
        line(indent, "function " + std::string(function.name), range);
        if (function.body) command(*function.body, indent + 1);
    }

    void redirect(const Redirection& redirection, int indent) {
        std::string head = "redirect ";
        if (redirection.io_number >= 0) head += std::to_string(redirection.io_number);
        head += operator_text(redirection.op);
        if (redirection.here_doc) {
            const HereDocument& doc = *redirection.here_doc;
            head += " " + quote(doc.delimiter);
            if (doc.quoted) head += " quoted";
        }
        line(indent, head, redirection.range);
        word(redirection.target, indent + 1);
        if (redirection.here_doc) {
            line(indent + 1, "body", redirection.here_doc->body.range);
            parts(redirection.here_doc->body.parts, indent + 2);
        }
    }

    void word(const Word& word, int indent) {
        if (word.parts.size() == 1) {
            if (const auto* literal = std::get_if<LiteralPart>(&word.parts[0].value)) {
                line(indent, "word " + quote(literal->text), word.range);
                return;
            }
        }
        line(indent, "word", word.range);
        parts(word.parts, indent + 1);
    }

    void parts(const WordParts& parts, int indent) {
        for (const WordPart& part : parts) {
            std::visit([&](const auto& value) { this->part(value, part.range, indent); }, part.value);
        }
    }

    void part(const LiteralPart& literal, const SourceRange& range, int indent) {
        line(indent, "literal " + quote(literal.text), range);
    }
    void part(const EscapedPart& escaped, const SourceRange& range, int indent) {
        line(indent, "escaped " + quote(escaped.text), range);
    }
    void part(const SingleQuotedPart& quoted, const SourceRange& range, int indent) {
        line(indent, "single_quoted " + quote(quoted.text), range);
    }
    void part(const DollarSingleQuotedPart& quoted, const SourceRange& range, int indent) {
        line(indent, "dollar_single_quoted " + quote(quoted.bytes), range);
    }
    void part(const DoubleQuotedPart& quoted, const SourceRange& range, int indent) {
        line(indent, "double_quoted", range);
        parts(quoted.parts, indent + 1);
    }
    void part(const ParameterPart& parameter, const SourceRange& range, int indent) {
        std::string head = parameter.braced ? "parameter ${" : "parameter $";
        if (parameter.op == ParameterOp::Length) head += "#";
        head += parameter.name;
        head += operator_text(parameter.op);
        if (parameter.braced) head += "}";
        if (parameter.op == ParameterOp::BadSubstitution) head += " (bad substitution)";
        line(indent, head, range);
        if (parameter.argument) word(*parameter.argument, indent + 1);
    }
    void part(const CommandSubstitutionPart& substitution, const SourceRange& range, int indent) {
        line(indent, "command_substitution", range);
        if (substitution.program) program(*substitution.program, indent + 1);
    }
    void part(const BackquotePart& backquote, const SourceRange& range, int indent) {
        line(indent, "backquote", range);
        if (backquote.program) program(*backquote.program, indent + 1);
    }
    void part(const ArithmeticPart& arithmetic, const SourceRange& range, int indent) {
        line(indent, "arithmetic", range);
        word(*arithmetic.expression, indent + 1);
    }
    void part(const TildePart& tilde, const SourceRange& range, int indent) {
        line(indent, "tilde " + quote(tilde.user), range);
    }
};

}  // namespace

std::string dump_program(const Program& program) {
    Dumper dumper;
    dumper.program(program, 0);
    return std::move(dumper.out);
}

std::string dump_command_list(const CommandList& list, int indent) {
    Dumper dumper;
    dumper.list(list, indent);
    return std::move(dumper.out);
}

std::string dump_word(const Word& word, int indent) {
    Dumper dumper;
    dumper.word(word, indent);
    return std::move(dumper.out);
}

}  // namespace spawnsh::syntax
