// Golden AST tests: every tests/golden/parser/NAME.sh is parsed and its dump compared with
// NAME.ast (or, for inputs that must fail, the formatted error with NAME.err).
//
// To (re)generate the expected files after an intended change, run the test with
// SPAWNSH_UPDATE_GOLDEN=1 and review the diff.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "shell/syntax/ast_dump.h"
#include "shell/syntax/parser.h"

using namespace spawnsh::syntax;
namespace fs = std::filesystem;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// The dump of a file parsed command by command (as a shell runs a script), or its error.
std::string golden_output(const std::string& name, const std::string& text, bool& failed) {
    Parser parser(std::make_shared<Source>(name, text));
    std::string out;
    failed = false;
    for (;;) {
        ParseStep step = parser.next_command(InputState::Final);
        if (step.status == ParseStatus::EndOfInput) break;
        if (step.status == ParseStatus::Error) {
            failed = true;
            return out + format_parse_error(*step.error);
        }
        out += dump_command_list(*step.command);
    }
    return out;
}

}  // namespace

TEST_CASE("golden AST dumps", "[parser][golden]") {
    const fs::path dir = fs::path(SPAWNSH_TEST_DATA) / "golden" / "parser";
    std::vector<fs::path> inputs;
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.path().extension() == ".sh") inputs.push_back(entry.path());
    }
    std::sort(inputs.begin(), inputs.end());
    REQUIRE(!inputs.empty());
    const bool update = std::getenv("SPAWNSH_UPDATE_GOLDEN") != nullptr;
    for (const fs::path& input : inputs) {
        const std::string name = input.filename().string();
        bool failed = false;
        const std::string actual = golden_output(name, read_file(input), failed);
        fs::path expected_path = input;
        expected_path.replace_extension(failed ? ".err" : ".ast");
        if (update) {
            std::ofstream(expected_path, std::ios::binary) << actual;
            continue;
        }
        INFO("golden file " << expected_path.filename().string());
        REQUIRE(fs::exists(expected_path));
        CHECK(actual == read_file(expected_path));
    }
}
