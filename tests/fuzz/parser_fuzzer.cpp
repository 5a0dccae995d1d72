// libFuzzer target for the parser: whole-text parsing (with aliases), the AST dump, the error
// formatter, and the incremental interactive path fed line by line.
//
// Build: see tests/fuzz/CMakeLists.txt (clang, -DSPAWNSH_FUZZ=ON).  Run:
//   fuzz_parser -dict=tests/fuzz/shell.dict WORK_CORPUS tests/fuzz/corpus/parser tests/golden/parser
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "shell/syntax/ast_dump.h"
#include "shell/syntax/parser.h"

using namespace spawnsh::syntax;

namespace {

const std::string* fuzz_alias(std::string_view name) {
    static const std::string kList = "ls -l ";
    static const std::string kLoop = "loop loop ";
    static const std::string kKeyword = "if true; then echo ";
    static const std::string kMultiLine = "echo a\necho b; cat <<E\n";
    static const std::string kEmpty;
    if (name == "ll") return &kList;
    if (name == "loop") return &kLoop;
    if (name == "kw") return &kKeyword;
    if (name == "ml") return &kMultiLine;
    if (name == "e") return &kEmpty;
    return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    ParseOptions options;
    options.aliases = fuzz_alias;

    // Whole text.
    {
        Source source("fuzz", text);
        ParseResult result = parse_program(source, options);
        if (result.ok()) {
            volatile std::size_t sink = dump_program(*result.program).size();
            (void)sink;
        } else {
            volatile std::size_t sink = format_parse_error(*result.error).size();
            (void)sink;
        }
    }

    // Interactive: line by line, as a prompt would feed it.
    {
        Parser parser("stdin", options);
        std::size_t start = 0;
        int guard = 0;
        while (start < text.size() && ++guard < 100000) {
            std::size_t newline = text.find('\n', start);
            const std::size_t stop = newline == std::string::npos ? text.size() : newline + 1;
            parser.feed(std::string_view(text).substr(start, stop - start));
            start = stop;
            for (int steps = 0; steps < 10000; ++steps) {
                ParseStep step = parser.next_command(InputState::MoreMayFollow);
                if (step.status == ParseStatus::Complete) continue;
                if (step.status == ParseStatus::Error) parser.discard_pending();
                break;
            }
        }
        // The end of input: whatever is pending is final.
        for (int steps = 0; steps < 10000; ++steps) {
            ParseStep step = parser.next_command(InputState::Final);
            if (step.status != ParseStatus::Complete) break;
        }
    }
    return 0;
}
