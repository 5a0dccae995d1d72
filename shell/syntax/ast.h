// The passive syntax tree produced by the parser (POSIX.1-2017 XCU 2.10 grammar).
//
// Plain structs and variants: no behaviour lives here.  Every node and every word part carries
// a SourceRange.  Each enum value says which syntax it stands for.
//
// Ownership: every node lives in the Arena of its parse unit (arena.h) and is trivially
// destructible: text is a string_view into the arena, lists are ArenaLists, nested programs
// (command substitutions, backquotes), function bodies and here-documents are plain pointers
// into the same arena.  Copying a node copies a handle, not the subtree.  To keep part of a
// tree after its parse step (a function body), keep the arena alive with shared_ptr's aliasing
// constructor (FunctionDefinition::arena).
//
// Reading order for the expander: a Word is a sequence of WordParts; a part is either quoted
// (SingleQuoted, DollarSingleQuoted, Escaped, DoubleQuoted and everything inside it) or not.
#pragma once

#include <optional>
#include <string_view>
#include <variant>

#include "shell/syntax/arena.h"
#include "shell/syntax/source.h"

namespace spawnsh::arith {
class Expression;  // parsed arithmetic, owned by the arithmetic module (cached on the node)
}

namespace spawnsh::syntax {

struct WordPart;
struct Program;

using WordParts = ArenaList<WordPart>;

// A shell word: the concatenation of its parts.
struct Word {
    SourceRange range;
    WordParts parts;
};

// ---- word parts -----------------------------------------------------------------------------

// abc   unquoted characters (subject to field splitting/pathname expansion when produced by an
//       expansion; a literal itself is only subject to pathname expansion)
struct LiteralPart {
    std::string_view text;
};

// \c    a character quoted by a backslash outside any quotes; `text` holds the character only
struct EscapedPart {
    std::string_view text;
};

// 'abc' single-quoted text, quotes removed
struct SingleQuotedPart {
    std::string_view text;
};

// $'a\tb'  dollar-single-quoted text, escapes already decoded to bytes (never a NUL: a \0
//          escape ends the string, as in bash)
struct DollarSingleQuotedPart {
    std::string_view bytes;
};

// "..."  double-quoted text; the nested parts are literals (with the \$ \` \" \\ escapes
// already resolved) and expansions
struct DoubleQuotedPart {
    WordParts parts;
};

// The operator of a parameter expansion.
enum class ParameterOp {
    None,                     // $name  ${name}
    Length,                   // ${#name}
    UseDefault,               // ${name-word}
    UseDefaultIfNull,         // ${name:-word}
    AssignDefault,            // ${name=word}
    AssignDefaultIfNull,      // ${name:=word}
    ErrorIfUnset,             // ${name?word}
    ErrorIfNullOrUnset,       // ${name:?word}
    UseAlternative,           // ${name+word}
    UseAlternativeIfNotNull,  // ${name:+word}
    RemoveSmallestSuffix,     // ${name%pattern}
    RemoveLargestSuffix,      // ${name%%pattern}
    RemoveSmallestPrefix,     // ${name#pattern}
    RemoveLargestPrefix,      // ${name##pattern}
    BadSubstitution,          // ${anything else}: like dash and bash, an error only when
                              // expanded ("bad substitution"); `name` holds the text inside
                              // the braces
};

// How the operator is written between the name and the word: "" for None, Length (its `#`
// comes before the name) and BadSubstitution.
constexpr std::string_view operator_text(ParameterOp op) {
    switch (op) {
    case ParameterOp::None:
    case ParameterOp::Length:
    case ParameterOp::BadSubstitution: return "";
    case ParameterOp::UseDefault: return "-";
    case ParameterOp::UseDefaultIfNull: return ":-";
    case ParameterOp::AssignDefault: return "=";
    case ParameterOp::AssignDefaultIfNull: return ":=";
    case ParameterOp::ErrorIfUnset: return "?";
    case ParameterOp::ErrorIfNullOrUnset: return ":?";
    case ParameterOp::UseAlternative: return "+";
    case ParameterOp::UseAlternativeIfNotNull: return ":+";
    case ParameterOp::RemoveSmallestSuffix: return "%";
    case ParameterOp::RemoveLargestSuffix: return "%%";
    case ParameterOp::RemoveSmallestPrefix: return "#";
    case ParameterOp::RemoveLargestPrefix: return "##";
    }
    return "";
}

// $name $1 $@ ${name} ${name op word} ${#name}
struct ParameterPart {
    std::string_view name;          // NAME, a positional number, or one of @ * # ? - $ ! 0
    ParameterOp op = ParameterOp::None;
    bool braced = false;            // written with ${ }
    const Word* argument = nullptr; // the word after the operator (absent for None and Length;
                                    // present but possibly empty for the others)
};

// $(commands)
struct CommandSubstitutionPart {
    const Program* program = nullptr;
};

// `commands`  the inner text had its backslashes processed (XCU 2.6.3) and was parsed again
struct BackquotePart {
    const Program* program = nullptr;
};

// $((expression))  the expression is kept as a word: its parameter expansions, command
// substitutions and quotes are expanded first, then the arithmetic module parses the text.
struct ArithmeticPart {
    const Word* expression = nullptr;  // never null in a parsed tree
    // Filled in by the arithmetic module the first time the expression text is known to be
    // constant (made with arena->make_owned, so it dies with the tree); not touched by the
    // parser.
    Arena* arena = nullptr;
    mutable const arith::Expression* cached = nullptr;
};

// ~  ~user  a tilde prefix (at the start of a word, or after = or an unquoted : in an
// assignment value); `user` is empty for a plain ~
struct TildePart {
    std::string_view user;
};

struct WordPart {
    SourceRange range;
    std::variant<LiteralPart, EscapedPart, SingleQuotedPart, DollarSingleQuotedPart,
                 DoubleQuotedPart, ParameterPart, CommandSubstitutionPart, BackquotePart,
                 ArithmeticPart, TildePart>
        value;
};

// ---- redirections and assignments -----------------------------------------------------------

enum class RedirectionOp {
    Input,          // <   file
    Output,         // >   file
    Clobber,        // >|  file
    Append,         // >>  file
    ReadWrite,      // <>  file
    DupInput,       // <&  fd or -
    DupOutput,      // >&  fd or -
    HereDoc,        // <<  delimiter
    HereDocStrip,   // <<- delimiter (leading tabs stripped from the body lines)
};

constexpr std::string_view operator_text(RedirectionOp op) {
    switch (op) {
    case RedirectionOp::Input: return "<";
    case RedirectionOp::Output: return ">";
    case RedirectionOp::Clobber: return ">|";
    case RedirectionOp::Append: return ">>";
    case RedirectionOp::ReadWrite: return "<>";
    case RedirectionOp::DupInput: return "<&";
    case RedirectionOp::DupOutput: return ">&";
    case RedirectionOp::HereDoc: return "<<";
    case RedirectionOp::HereDocStrip: return "<<-";
    }
    return "";
}

struct HereDocument {
    std::string_view delimiter;  // after quote removal
    bool quoted = false;     // any part of the delimiter was quoted: the body is not expanded
    bool strip_tabs = false; // <<-
    // Quoted delimiter: one LiteralPart holding the body text verbatim.
    // Unquoted: literals and $ / ` expansions, with \$ \` \\ \newline resolved; expand the
    // parts as if inside double quotes (no field splitting, no pathname expansion).
    Word body;
};

struct Redirection {
    SourceRange range;
    int io_number = -1;     // the IO_NUMBER before the operator (2>), or -1 for the default
    RedirectionOp op = RedirectionOp::Input;
    Word target;            // the file/fd word; for here-documents the delimiter word as written
    HereDocument* here_doc = nullptr;  // only for HereDoc and HereDocStrip
};

// NAME=word in the prefix of a simple command
struct Assignment {
    SourceRange range;
    std::string_view name;
    Word value;  // may have no parts (NAME=)
};

// ---- commands -------------------------------------------------------------------------------

struct Command;
struct ListItem;

// A compound_list / complete_command: and-or lists separated by ; & or newlines.
struct CommandList {
    SourceRange range;
    ArenaList<ListItem> items;
};

// [assignments] [words] with redirections anywhere
struct SimpleCommand {
    ArenaList<Assignment> assignments;
    ArenaList<Word> words;             // words[0] is the command name, if any
    ArenaList<Redirection> redirections;
};

// { list; }
struct BraceGroup {
    CommandList body;
};

// ( list )
struct Subshell {
    CommandList body;
};

// for name [in words]; do list; done
struct ForClause {
    std::string_view name;
    SourceRange name_range;
    // Absent: `for name do` / `for name; do` (loop over "$@").  Present, maybe empty: `in ...`.
    std::optional<ArenaList<Word>> words;
    CommandList body;
};

enum class CaseTerminator {
    None,         // last item, closed by esac directly
    Break,        // ;;
    FallThrough,  // ;&
};

// [(] pattern [| pattern]... ) [list] ;;
struct CaseItem {
    SourceRange range;
    ArenaList<Word> patterns;
    std::optional<CommandList> body;  // absent for an empty item: `a) ;;`
    CaseTerminator terminator = CaseTerminator::None;
};

// case word in items esac
struct CaseClause {
    Word subject;
    ArenaList<CaseItem> items;
};

// `if condition; then body` (first) or `elif condition; then body` (following)
struct IfBranch {
    SourceRange range;
    CommandList condition;
    CommandList body;
};

// if list; then list; [elif list; then list;]... [else list;] fi
struct IfClause {
    ArenaList<IfBranch> branches;            // at least one
    std::optional<CommandList> else_body;
};

enum class LoopKind {
    While,  // while list; do list; done
    Until,  // until list; do list; done
};

struct LoopClause {
    LoopKind kind = LoopKind::While;
    CommandList condition;
    CommandList body;
};

// name() compound-command [redirections]
struct FunctionDefinition {
    std::string_view name;
    SourceRange name_range;
    // The body with its own redirections (applied on every call).  The function table keeps it
    // after the defining program is gone through a shared_ptr that shares ownership of `arena`.
    const Command* body = nullptr;
    Arena* arena = nullptr;
    // The definition as written (`name() body`), then, after a newline, the bodies of its
    // here-documents that follow its line: enough to parse it again in another process. In the
    // arena; set once those bodies have been read; empty when the definition came from an alias
    // value.
    const std::string_view* text = nullptr;
};

struct Command {
    SourceRange range;
    std::variant<SimpleCommand, BraceGroup, Subshell, ForClause, CaseClause, IfClause, LoopClause,
                 FunctionDefinition>
        value;
    // Redirections written after a compound command (`{ ...; } > file`).  Always empty for a
    // SimpleCommand (which keeps its own) and for a FunctionDefinition (see its body).
    ArenaList<Redirection> redirections;
};

// [!] [time [-p] [-v]] [!] command [| command]...
struct Pipeline {
    SourceRange range;
    bool negated = false;            // leading ! (before or after `time`)
    bool timed = false;              // the reserved word `time` (XCU 2.9.2 allows it)
    bool time_posix = false;         // time -p: the POSIX format
    bool time_verbose = false;       // time -v: every rusage field and a table of processes
    ArenaList<Command> commands;     // at least one, except after a lone `time`
};

enum class AndOrOp {
    First,  // the first pipeline of an and-or list
    And,    // && pipeline
    Or,     // || pipeline
};

struct AndOrLink {
    AndOrOp op = AndOrOp::First;
    Pipeline pipeline;
};

// pipeline [&& pipeline | || pipeline]...
struct AndOr {
    SourceRange range;
    ArenaList<AndOrLink> links;  // links[0].op == First
};

// one and-or list of a CommandList with the separator that followed it
struct ListItem {
    SourceRange range;
    AndOr and_or;
    bool async = false;  // terminated by &; otherwise by ; a newline or nothing
};

// A complete_command: one line's worth of commands (the unit a shell runs at a time).
using CompleteCommand = CommandList;

// A whole program (a script, a -c string, the inside of $( )).
struct Program {
    SourceRange range;
    ArenaList<CompleteCommand> commands;
};

static_assert(std::is_trivially_destructible_v<WordPart> && std::is_trivially_copyable_v<WordPart>);
static_assert(std::is_trivially_destructible_v<Command> && std::is_trivially_copyable_v<Command>);
static_assert(std::is_trivially_destructible_v<Program>);

}  // namespace spawnsh::syntax
