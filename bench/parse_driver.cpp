// Parse-only driver for the parser benchmark and for trying the parser by hand until
// `spawnsh -n` / `--dump-ast` exist.
//
//   parse_driver [--dump] [--whole] [-c TEXT | FILE]
//
// Reads the script (a file, or TEXT), parses it command by command like a shell running a
// script (or all at once with --whole), prints syntax errors like the shell would and exits
// with status 2 on an error.  --dump prints the AST dump of each command.
#include <cstdio>
#include <iostream>
#include <string>
#include <string_view>

#include "shell/syntax/ast_dump.h"
#include "shell/syntax/parser.h"

using namespace spawnsh::syntax;

int main(int argc, char** argv) {
    bool dump = false;
    bool whole = false;
    std::string name;
    std::string text;
    bool have_text = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--dump") {
            dump = true;
        } else if (arg == "--whole") {
            whole = true;
        } else if (arg == "-c" && i + 1 < argc) {
            name = "-c";
            text = argv[++i];
            have_text = true;
        } else {
            name = std::string(arg);
            std::FILE* file = std::fopen(name.c_str(), "rb");
            if (!file) {
                std::cerr << "parse_driver: cannot open " << name << "\n";
                return 127;
            }
            char chunk[1 << 16];
            std::size_t got = 0;
            while ((got = std::fread(chunk, 1, sizeof chunk, file)) > 0) text.append(chunk, got);
            std::fclose(file);
            have_text = true;
        }
    }
    if (!have_text) {
        std::cerr << "usage: parse_driver [--dump] [--whole] [-c TEXT | FILE]\n";
        return 2;
    }
    auto source = std::make_shared<Source>(name, std::move(text));
    if (whole) {
        ParseResult result = parse_program(*source);
        if (!result.ok()) {
            std::cerr << "spawnsh: " << format_parse_error(*result.error);
            return 2;
        }
        if (dump) std::cout << dump_program(*result.program);
        return 0;
    }
    Parser parser(source);
    std::size_t commands = 0;
    for (;;) {
        ParseStep step = parser.next_command(InputState::Final);
        if (step.status == ParseStatus::EndOfInput) break;
        if (step.status == ParseStatus::Error) {
            std::cerr << "spawnsh: " << format_parse_error(*step.error);
            return 2;
        }
        ++commands;
        if (dump) std::cout << dump_command_list(*step.command);
    }
    if (!dump) std::fprintf(stderr, "%zu commands\n", commands);
    return 0;
}
