// Parser API tests: error messages and locations, incremental (interactive) parsing,
// command-at-a-time parsing, aliases, the nesting limit and hostile input.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "shell/syntax/ast_dump.h"
#include "shell/syntax/parser.h"
#include "shell/syntax/stack_limit.h"
#include "tests/support/thread_stack.h"

using namespace spawnsh::syntax;

namespace {

ParseError parse_error_of(const std::string& text, const std::string& name = "t.sh") {
    Source source(name, text);
    ParseResult result = parse_program(source);
    REQUIRE_FALSE(result.ok());
    return *result.error;
}

std::string dump_of(const std::string& text, const ParseOptions& options = {}) {
    Source source("t.sh", text);
    ParseResult result = parse_program(source, options);
    if (!result.ok()) FAIL(format_parse_error(*result.error));
    return dump_program(*result.program);
}

ParseStatus feed(Parser& parser, const std::string& line) {
    parser.feed(line);
    return parser.next_command(InputState::MoreMayFollow).status;
}

const SimpleCommand& first_simple(const CommandList& list) {
    return std::get<SimpleCommand>(list.items.at(0).and_or.links.at(0).pipeline.commands.at(0).value);
}

}  // namespace

TEST_CASE("syntax errors show a script's control bytes escaped, caret still aligned",
          "[parser][errors]") {
    // A script must not reach the user's terminal through an error message: ESC, other control
    // bytes, DEL, C1 controls and malformed UTF-8 are shown as \ooo; valid UTF-8 and tabs stay.
    const ParseError error = parse_error_of("echo \033[2J\x7f\xc2\x9b\xff\t\xc3\xa9 )");
    const std::string text = format_parse_error(error);
    CHECK(text.find('\033') == std::string::npos);
    CHECK(text.find('\x7f') == std::string::npos);
    CHECK(text.find("\xc2\x9b") == std::string::npos);
    CHECK(text.find('\xff') == std::string::npos);
    CHECK(text == "t.sh:1:18: syntax error: unexpected ')'\n"
                  "echo \\033[2J\\177\\302\\233\\377\t\xc3\xa9 )\n"
                  "                            \t  ^\n");
    CHECK(escape_unprintable("a\033b\nc") == "a\\033b\\012c");
    CHECK(escape_unprintable("caf\xc3\xa9") == "caf\xc3\xa9");
}

TEST_CASE("syntax errors say what, where, and show a caret", "[parser][errors]") {
    const ParseError error = parse_error_of("while true; do\n  echo x\nfi\n");
    CHECK(error.message == "unexpected 'fi' (expecting 'done')");
    CHECK(error.where.line == 3);
    CHECK(error.where.column == 1);
    CHECK(error.where.file_name() == "t.sh");
    CHECK(format_parse_error(error) ==
          "t.sh:3:1: syntax error: unexpected 'fi' (expecting 'done')\nfi\n^\n");
    CHECK_FALSE(error.incomplete);

    const ParseError then_error = parse_error_of("if true\nthen echo; done", "-c");
    CHECK(parse_error_headline(then_error) ==
          "-c:2:12: syntax error: unexpected 'done' (expecting 'fi')");

    const ParseError quote = parse_error_of("echo ok\necho \"never\n");
    CHECK(quote.message == "unterminated double quote");
    CHECK(quote.where.line == 2);
    CHECK(quote.where.column == 6);
    CHECK(quote.incomplete);

    const ParseError eof = parse_error_of("for x in a; do\n");
    CHECK(eof.message == "unexpected end of file (expecting 'done')");
    CHECK(eof.incomplete);

    CHECK(parse_error_of("echo a )").message == "unexpected ')'");
    CHECK(parse_error_of("echo a )").where.column == 8);
    CHECK(parse_error_of("{ }").message == "unexpected '}' (expecting a command)");
    CHECK(parse_error_of("echo >").message == "unexpected end of file (expecting a word)");
    CHECK(parse_error_of("a && && b").where.column == 6);
    CHECK(parse_error_of("case x in a) b c) ;; esac").message ==
          "unexpected ')' (expecting ';;' or 'esac')");
    CHECK(parse_error_of("for 9 in x; do :; done").message == "bad for loop variable '9'");
    CHECK(parse_error_of("a=b() { :; }").message == "unexpected '('");
    CHECK(parse_error_of("a$b() { :; }").message == "bad function name 'a$b'");
    CHECK(parse_error_of("echo a | ! b").message == "unexpected '!' (expecting a command)");
}

TEST_CASE("an error inside a command substitution points into it", "[parser][errors]") {
    const ParseError error = parse_error_of("echo $(if true; fi)");
    CHECK(error.message == "unexpected 'fi' (expecting 'then')");
    CHECK(error.where.column == 17);
}

TEST_CASE("interactive parsing tells incomplete input from errors", "[parser][incremental]") {
    SECTION("open quote") {
        Parser parser("stdin");
        CHECK(feed(parser, "echo 'open\n") == ParseStatus::Incomplete);
        CHECK(feed(parser, "close'\n") == ParseStatus::Complete);
        CHECK(parser.next_command(InputState::MoreMayFollow).status == ParseStatus::EndOfInput);
    }
    SECTION("open here-document") {
        Parser parser("stdin");
        CHECK(feed(parser, "cat <<EOF\n") == ParseStatus::Incomplete);
        CHECK(feed(parser, "body\n") == ParseStatus::Incomplete);
        parser.feed("EOF\n");
        ParseStep step = parser.next_command(InputState::MoreMayFollow);
        REQUIRE(step.status == ParseStatus::Complete);
        const auto& doc = *first_simple(*step.command).redirections.at(0).here_doc;
        CHECK(std::get<LiteralPart>(doc.body.parts.at(0).value).text == "body\n");
    }
    SECTION("unfinished compound commands and trailing operators") {
        for (const char* start : {"if true; then\n", "while :\n", "for x in a\n", "case x in\n",
                                  "{\n", "(\n", "f()\n", "echo a |\n", "echo a &&\n",
                                  "echo a ||\n", "echo a \\\n", "echo $(\n", "echo ${x\n",
                                  "echo `date\n", "echo \"\n", "echo $((1 +\n", "! true |\n",
                                  "echo $'x\n"}) {
            Parser parser("stdin");
            INFO(start);
            CHECK(feed(parser, start) == ParseStatus::Incomplete);
        }
    }
    SECTION("completing a compound command over several lines") {
        Parser parser("stdin");
        CHECK(feed(parser, "if true; then\n") == ParseStatus::Incomplete);
        CHECK(feed(parser, "echo yes\n") == ParseStatus::Incomplete);
        CHECK(feed(parser, "fi\n") == ParseStatus::Complete);
    }
    SECTION("errors are errors, and discarding recovers") {
        Parser parser("stdin");
        parser.feed("fi\n");
        ParseStep step = parser.next_command(InputState::MoreMayFollow);
        REQUIRE(step.status == ParseStatus::Error);
        CHECK(step.error->message == "unexpected 'fi'");
        parser.discard_pending();
        CHECK(feed(parser, "echo ok\n") == ParseStatus::Complete);
    }
    SECTION("several commands in one feed come out one by one") {
        Parser parser("stdin");
        parser.feed("echo a; echo b\necho c\n# comment\n\n");
        ParseStep first = parser.next_command(InputState::MoreMayFollow);
        REQUIRE(first.status == ParseStatus::Complete);
        CHECK(first.command->items.size() == 2);
        CHECK(parser.next_command(InputState::MoreMayFollow).status == ParseStatus::Complete);
        CHECK(parser.next_command(InputState::MoreMayFollow).status == ParseStatus::EndOfInput);
    }
    SECTION("a line without its newline is not complete yet") {
        Parser parser("stdin");
        CHECK(feed(parser, "echo a") == ParseStatus::Incomplete);
        CHECK(feed(parser, "\n") == ParseStatus::Complete);
    }
}

TEST_CASE("scripts parse one command at a time", "[parser][script]") {
    Parser parser(std::make_shared<Source>("script", "echo 1\necho 2\nfi\necho 4\n"));
    CHECK(parser.next_command(InputState::Final).status == ParseStatus::Complete);
    CHECK(parser.next_command(InputState::Final).status == ParseStatus::Complete);
    ParseStep step = parser.next_command(InputState::Final);
    REQUIRE(step.status == ParseStatus::Error);
    CHECK(step.error->where.line == 3);

    SECTION("a here-document ended by the end of the file is accepted, as in dash") {
        Parser eof_parser(std::make_shared<Source>("script", "cat <<EOF\nno end\n"));
        ParseStep heredoc = eof_parser.next_command(InputState::Final);
        REQUIRE(heredoc.status == ParseStatus::Complete);
        const auto& doc = *first_simple(*heredoc.command).redirections.at(0).here_doc;
        CHECK(std::get<LiteralPart>(doc.body.parts.at(0).value).text == "no end\n");
    }
}

TEST_CASE("aliases are substituted in command position", "[parser][alias]") {
    std::map<std::string, std::string, std::less<>> aliases = {
        {"ll", "ls -l"},       {"nice", "command "}, {"loop", "loop again"},
        {"two", "echo one; echo two"}, {"empty", ""}, {"kw", "if"},
        {"ml", "echo 1\necho 2"},
    };
    ParseOptions options;
    options.aliases = [&](std::string_view name) -> const std::string* {
        auto found = aliases.find(name);
        return found == aliases.end() ? nullptr : &found->second;
    };
    auto words_of = [&](const std::string& text) {
        Source source("t", text);
        ParseResult result = parse_program(source, options);
        if (!result.ok()) FAIL(format_parse_error(*result.error));
        std::string out;
        for (const auto& list : result.program->commands) {
            for (const auto& item : list.items) {
                for (const auto& command : item.and_or.links[0].pipeline.commands) {
                    if (auto* simple = std::get_if<SimpleCommand>(&command.value)) {
                        for (const auto& word : simple->words) {
                            const auto& part = word.parts.at(0).value;
                            if (const auto* literal = std::get_if<LiteralPart>(&part)) {
                                out += std::string(literal->text) + " ";
                            } else {
                                out += "'" + std::string(std::get<SingleQuotedPart>(part).text) + "' ";
                            }
                        }
                        out += "| ";
                    } else {
                        out += "compound | ";
                    }
                }
            }
        }
        return out;
    };
    CHECK(words_of("ll /tmp") == "ls -l /tmp | ");
    CHECK(words_of("echo ll") == "echo ll | ");
    CHECK(words_of("nice ll") == "command ls -l | ");  // trailing blank: next word checked
    CHECK(words_of("loop") == "loop again | ");         // recursion guard
    CHECK(words_of("two") == "echo one | echo two | ");
    CHECK(words_of("empty ll x") == "ls -l x | ");
    CHECK(words_of("kw true; then :; fi") == "compound | ");
    CHECK(words_of("ml") == "echo 1 | echo 2 | ");
    CHECK(words_of("'ll'") == "'ll' | ");  // quoted: not an alias
    CHECK(words_of("if ll; then ll; fi") == "compound | ");

    SECTION("alias changes between commands take effect for the next command") {
        Parser parser(std::make_shared<Source>("t", "ll\nll\n"), options);
        ParseStep first = parser.next_command(InputState::Final);
        REQUIRE(first.status == ParseStatus::Complete);
        CHECK(first_simple(*first.command).words.size() == 2);
        aliases.erase("ll");
        ParseStep second = parser.next_command(InputState::Final);
        REQUIRE(second.status == ParseStatus::Complete);
        CHECK(first_simple(*second.command).words.size() == 1);
    }
}

TEST_CASE("deep nesting gives an error, never a crash", "[parser][robustness]") {
    const int levels = 10000;
    for (const auto& [open, close] : std::initializer_list<std::pair<std::string, std::string>>{
             {"(", ")"}, {"{ ", "; }"}, {"echo $(", ")"}, {"echo ${x:-", "}"},
             {"if true; then ", "; fi"}, {"echo $((", "))"}, {"while :; do ", "; done"}}) {
        std::string text;
        for (int i = 0; i < levels; ++i) text += open;
        text += "true";
        for (int i = 0; i < levels; ++i) text += close;
        INFO(open);
        const ParseError error = parse_error_of(text);
        CHECK(error.message.find("nesting too deep") != std::string::npos);
    }
    // Deep but reasonable nesting parses (also in sanitizer builds, whose frames are larger).
    std::string text;
    for (int i = 0; i < 500; ++i) text += "(";
    text += "true";
    for (int i = 0; i < 500; ++i) text += ")";
    Source source("t", text);
    CHECK(parse_program(source).ok());
}

TEST_CASE("the nesting limit is configurable", "[parser][robustness]") {
    std::string text = "((((((true))))))";
    Source source("t", text);
    ParseOptions options;
    options.max_nesting = 5;
    ParseResult result = parse_program(source, options);
    REQUIRE_FALSE(result.ok());
    CHECK(result.error->message ==
          "nesting too deep (the limit is 5 levels of compound commands and substitutions)");
    CHECK(result.error->where.column == 6);
    options.max_nesting = 6;
    CHECK(parse_program(source, options).ok());
}

TEST_CASE("hostile input", "[parser][robustness]") {
    SECTION("NUL bytes are ordinary bytes") {
        std::string text = "echo a";
        text += '\0';
        text += "b\n";
        Source source("t", text);
        ParseResult result = parse_program(source);
        REQUIRE(result.ok());
        const auto& word = first_simple(result.program->commands.at(0)).words.at(1);
        CHECK(std::get<LiteralPart>(word.parts.at(0).value).text == std::string("a\0b", 3));
    }
    SECTION("invalid UTF-8 passes through") {
        Source source("t", "echo \xff\xfe '\xc3' \"\x80\"\n");
        CHECK(parse_program(source).ok());
    }
    SECTION("a 1 MB line") {
        std::string text = "echo";
        while (text.size() < (1u << 20)) text += " word$x\"q\"";
        text += '\n';
        Source source("t", text);
        ParseResult result = parse_program(source);
        REQUIRE(result.ok());
        CHECK(first_simple(result.program->commands.at(0)).words.size() > 90000);
    }
    SECTION("a 1 MB unterminated quote") {
        std::string text = "echo \"" + std::string(1u << 20, 'x');
        CHECK(parse_error_of(text).message == "unterminated double quote");
    }
    SECTION("unterminated everything") {
        for (const char* text : {"'", "\"", "`", "$(", "${", "$((", "$'", "cat <<E\n", "case",
                                 "\\", "${x", "$(( (", "\"$(\"", "`\"`", "f(", "<", "2>"}) {
            Source source("t", text);
            INFO(text);
            ParseResult result = parse_program(source);
            if (!result.ok()) CHECK(!result.error->message.empty());
        }
    }
}

TEST_CASE("source ranges", "[parser][ranges]") {
    Source source("t", "a=1 echo  \"x$y\" >out\n");
    ParseResult result = parse_program(source);
    REQUIRE(result.ok());
    const SimpleCommand& simple = first_simple(result.program->commands.at(0));
    CHECK(simple.assignments.at(0).range.offset == 0);
    CHECK(simple.assignments.at(0).range.length == 3);
    const Word& quoted = simple.words.at(1);
    CHECK(quoted.range.column == 11);
    CHECK(quoted.range.length == 5);
    const auto& dq = std::get<DoubleQuotedPart>(quoted.parts.at(0).value);
    CHECK(dq.parts.at(1).range.column == 13);
    CHECK(std::get<ParameterPart>(dq.parts.at(1).value).name == "y");
    CHECK(simple.redirections.at(0).range.column == 17);
    CHECK(simple.redirections.at(0).range.length == 4);
}

TEST_CASE("dumps are stable", "[parser][dump]") {
    CHECK(dump_of("a | b && ! c &\n") ==
          "program @1:1\n"
          "  list @1:1\n"
          "    async @1:1\n"
          "      and_or @1:1\n"
          "        pipeline @1:1\n"
          "          simple @1:1\n"
          "            word \"a\" @1:1\n"
          "          simple @1:5\n"
          "            word \"b\" @1:5\n"
          "        && @1:10\n"
          "          pipeline ! @1:10\n"
          "            simple @1:12\n"
          "              word \"c\" @1:12\n");
}

TEST_CASE("prompt text is read like an unquoted here-document body", "[parser][prompt]") {
    auto dump = [](std::string_view text) {
        const Source source("PS4", std::string(text));
        TextParseResult result = parse_here_document_text(source);
        REQUIRE(result.ok());
        return dump_word(*result.word);
    };
    // Quotes are literal; a backslash quotes only $ ` \ and newline.
    CHECK(dump("'a' \"b\" \\$ \\x") == "word \"'a' \\\"b\\\" $ \\\\x\" @1:1\n");
    const std::string expansions = dump("+$x ${y:-d} $(c) $((1+2)) `b` ");
    CHECK(expansions.find("parameter $x") != std::string::npos);
    CHECK(expansions.find("parameter ${y:-}") != std::string::npos);
    CHECK(expansions.find("command_substitution") != std::string::npos);
    CHECK(expansions.find("arithmetic") != std::string::npos);
    CHECK(expansions.find("backquote") != std::string::npos);

    const Source bad("PS4", "${");
    TextParseResult error = parse_here_document_text(bad);
    REQUIRE_FALSE(error.ok());
    CHECK(format_parse_error(*error.error).rfind("PS4:1:1: syntax error: unterminated parameter", 0) == 0);
    const Source unterminated("PS1", "$(echo");
    CHECK_FALSE(parse_here_document_text(unterminated).ok());
}

TEST_CASE("a tree lives in its arena: sharing the arena keeps a function body", "[parser][arena]") {
    std::shared_ptr<const Command> body;
    std::weak_ptr<Arena> watched;
    {
        Parser parser(std::make_shared<Source>("t", "f() { echo \"$((1 + 2))\" x y z; }\n"));
        ParseStep step = parser.next_command(InputState::Final);
        REQUIRE(step.status == ParseStatus::Complete);
        REQUIRE(step.arena);
        watched = step.arena;
        const Command& command = step.command->items.at(0).and_or.links.at(0).pipeline.commands.at(0);
        const auto& definition = std::get<FunctionDefinition>(command.value);
        CHECK(definition.name == "f");
        REQUIRE(definition.arena == step.arena.get());
        // What the function table does: shared ownership of the arena, pointing at the body.
        body = std::shared_ptr<const Command>(definition.arena->shared_from_this(), definition.body);
    }
    REQUIRE_FALSE(watched.expired());  // the step is gone, the body keeps its arena
    // The body is still readable (under ASan this would be a use after free otherwise).
    CHECK(dump_command_list(std::get<BraceGroup>(body->value).body).find("word \"z\"") !=
          std::string::npos);
    body.reset();
    CHECK(watched.expired());
}

TEST_CASE("Arena: lists grow without losing elements, owned objects die with the arena",
          "[parser][arena]") {
    static int destroyed = 0;
    struct Counted {
        int value;
        ~Counted() { ++destroyed; }
    };
    destroyed = 0;
    {
        auto arena = Arena::create();
        ArenaList<int> list;
        for (int i = 0; i < 1000; ++i) list.push_back(*arena, i);
        list.insert(*arena, 1, -1);
        REQUIRE(list.size() == 1001);
        CHECK(list[0] == 0);
        CHECK(list[1] == -1);
        CHECK(list[1000] == 999);
        CHECK_THROWS_AS(list.at(1001), std::out_of_range);
        CHECK(arena->copy("a longer text than sixteen bytes") == "a longer text than sixteen bytes");
        CHECK(arena->copy("seven77") == "seven77");
        CHECK(arena->copy("ab") == "ab");
        CHECK(arena->copy("").empty());
        // Bigger than any block: gets a block of its own.
        CHECK(arena->allocate(3 << 20, 16) != nullptr);
        const Counted* first = arena->make_owned<Counted>(Counted{1});
        const Counted* second = arena->make_owned<Counted>(Counted{2});
        CHECK(first->value + second->value == 3);
        destroyed = 0;  // the temporaries above
    }
    CHECK(destroyed == 2);
}

TEST_CASE("a command read from inside an alias value keeps its tree after the step before it "
          "is dropped", "[parser][arena][alias]") {
    const std::string value = "echo 1\necho two words";
    ParseOptions options;
    options.aliases = [&](std::string_view name) -> const std::string* {
        return name == "ml" ? &value : nullptr;
    };
    Parser parser(std::make_shared<Source>("t", "ml x\n"), options);
    std::optional<ParseStep> first = parser.next_command(InputState::Final);
    REQUIRE(first->status == ParseStatus::Complete);
    CHECK(dump_command_list(*first->command).find("word \"1\"") != std::string::npos);
    first.reset();  // the lexer carries on inside the alias value, in a new arena
    ParseStep second = parser.next_command(InputState::Final);
    REQUIRE(second.status == ParseStatus::Complete);
    const std::string dump = dump_command_list(*second.command);
    CHECK(dump.find("word \"words\"") != std::string::npos);
    CHECK(dump.find("word \"x\"") != std::string::npos);
    CHECK(parser.next_command(InputState::Final).status == ParseStatus::EndOfInput);
}

TEST_CASE("the main thread's stack floor lies inside its stack, above the end, below this frame") {
  // stack_floor() finds the main thread's stack from AT_EXECFN and RLIMIT_STACK, without
  // /proc/self/maps; pthread_getattr_np reads the maps. The floor must keep a margin above the
  // stack's real end and leave room below the caller.
  const auto [end, size] = spawnsh::testing::this_thread_stack();
  spawnsh::syntax::stack_limit_changed();
  const std::uintptr_t floor = spawnsh::syntax::stack_floor();
  REQUIRE(floor != 0);
  CHECK(floor >= end + size / 16);
  CHECK(floor < spawnsh::syntax::current_stack_position());
  CHECK(spawnsh::syntax::current_stack_position() - floor > size / 2);
}
