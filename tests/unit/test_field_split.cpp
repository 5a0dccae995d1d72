// Unit tests for shell/expand/field_split: a table of IFS values and words with the fields POSIX
// (and dash) produce. The single-expansion rows are also run through dash, when it is installed,
// with `IFS=...; x=...; set -- $x`, so the table cannot drift from the reference shell.
#include "shell/expand/field_split.h"

#include <catch2/catch.hpp>

#include <cstdio>
#include <string>
#include <vector>

using spawnsh::expand::Field;
using spawnsh::expand::Ifs;
using spawnsh::expand::Origin;
using spawnsh::expand::Segment;
using spawnsh::expand::split_fields;

namespace {

std::vector<std::string> split(std::optional<std::string_view> ifs_value,
                               std::vector<Segment> word) {
    Ifs ifs(ifs_value);
    std::vector<Field> fields;
    split_fields(word, ifs, fields);
    std::vector<std::string> texts;
    for (const Field& field : fields) texts.push_back(field.text);
    return texts;
}

Segment expansion(std::string_view text) { return {text, Origin::expansion}; }
Segment quoted(std::string_view text) { return {text, Origin::quoted}; }
Segment literal(std::string_view text) { return {text, Origin::literal}; }
Segment field_break() { return {{}, Origin::field_break}; }

using Fields = std::vector<std::string>;

// One unquoted expansion `$x` under a given IFS.
struct SingleCase {
    std::optional<std::string_view> ifs; // nullopt = unset
    std::string_view value;
    Fields expected;
};

const SingleCase single_cases[] = {
    {":", "a::b", {"a", "", "b"}},
    {":", "a:", {"a"}},
    {":", "a::", {"a", ""}},
    {":", ":a", {"", "a"}},
    {":", "::", {"", ""}},
    {":", ":", {""}},
    {":", "", {}},
    {":", "a:b:c", {"a", "b", "c"}},
    {":", "a b", {"a b"}},
    {": ", "a: :b", {"a", "", "b"}},
    {": ", " :a", {"", "a"}},
    {": ", "a : b", {"a", "b"}},
    {": ", "a  b", {"a", "b"}},
    {": ", " a ", {"a"}},
    {": ", "a :", {"a"}},
    {": ", "a: ", {"a"}},
    {" ", "  a  b  ", {"a", "b"}},
    {" ", "   ", {}},
    {"", "a b", {"a b"}},
    {"", "", {}},
    {"x", "axbxxc", {"a", "b", "", "c"}},
    {" x", "a x b", {"a", "b"}},
    {" x", "a  x  x b", {"a", "", "b"}},
    {"\t", "a\t\tb", {"a", "b"}},
    {"\n", "a\n\nb", {"a", "b"}},
    {std::nullopt, " a\tb\nc ", {"a", "b", "c"}},
    {std::nullopt, "a:b", {"a:b"}},
    {std::nullopt, "\n\n", {}},
    {" \t\n", "one  two\t\tthree\n", {"one", "two", "three"}},
    {",", ",,", {"", ""}},
    {"ab", "xaybz", {"x", "y", "z"}},
    {"-", "--x--", {"", "", "x", ""}},
};

} // namespace

TEST_CASE("one unquoted expansion: the IFS table", "[field_split]") {
    for (const SingleCase& c : single_cases) {
        INFO("IFS=" << (c.ifs ? "'" + std::string(*c.ifs) + "'" : "(unset)") << " value '"
                    << c.value << "'");
        CHECK(split(c.ifs, {expansion(c.value)}) == c.expected);
    }
}

TEST_CASE("IFS white space is the C locale's space class (POSIX; dash: space tab newline)",
          "[field_split]") {
    CHECK(split("\v", {expansion("a\vb")}) == Fields{"a", "b"});
    CHECK(split("\v:", {expansion("a\v\v:b")}) == Fields{"a", "b"}); // dash: a "" "" b
    CHECK(split("\r", {expansion("\ra\r")}) == Fields{"a"});
}

TEST_CASE("literal and quoted parts are never split", "[field_split]") {
    CHECK(split(":", {literal("a:b")}) == Fields{"a:b"});
    CHECK(split(":", {quoted("a:b")}) == Fields{"a:b"});
    CHECK(split(" ", {literal("pre"), expansion("x y"), literal("post")}) ==
          Fields{"prex", "ypost"});
    CHECK(split(" ", {quoted(" a "), expansion(" b ")}) == Fields{" a ", "b"});
}

TEST_CASE("empty quoted parts make fields; empty unquoted expansions vanish", "[field_split]") {
    // Each row was checked in dash: p(){ echo $#; }; x=...; p <word>
    CHECK(split(std::nullopt, {expansion("")}) == Fields{});
    CHECK(split(std::nullopt, {expansion(""), expansion("")}) == Fields{});
    CHECK(split(std::nullopt, {quoted("")}) == Fields{""});
    CHECK(split(std::nullopt, {expansion("a "), quoted("")}) == Fields{"a", ""});   // $x""
    CHECK(split(std::nullopt, {quoted(""), expansion(" a")}) == Fields{"", "a"});   // ""$x
    CHECK(split(std::nullopt, {quoted(""), expansion(" a b "), quoted("")}) ==
          Fields{"", "a", "b", ""});
    CHECK(split(std::nullopt, {expansion(" "), quoted("")}) == Fields{""});
    CHECK(split(std::nullopt, {quoted(""), expansion(" "), quoted("")}) == Fields{"", ""});
    CHECK(split(":", {expansion(":"), quoted("")}) == Fields{"", ""});
    CHECK(split(":", {quoted(""), expansion(":")}) == Fields{""});
    CHECK(split(":", {literal("x"), expansion(":")}) == Fields{"x"});
    CHECK(split(":", {quoted("a:"), expansion("a:")}) == Fields{"a:a"});
    CHECK(split("", {quoted("")}) == Fields{""});
    CHECK(split("", {expansion(""), quoted(""), expansion("")}) == Fields{""});
}

TEST_CASE("unquoted $@ and $*: parameters split one by one", "[field_split]") {
    // set -- "a b" "" c; IFS=' ': $@ -> a b c; x$@y -> xa b cy; ""$@ -> a b c
    auto params = [](std::string_view before, std::string_view after) {
        std::vector<Segment> word;
        if (!before.empty()) word.push_back(literal(before));
        word.push_back(expansion("a b"));
        word.push_back(field_break());
        word.push_back(expansion(""));
        word.push_back(field_break());
        word.push_back(expansion("c"));
        if (!after.empty()) word.push_back(literal(after));
        return word;
    };
    CHECK(split(" ", params("", "")) == Fields{"a", "b", "c"});
    CHECK(split(" ", params("x", "y")) == Fields{"xa", "b", "cy"});
    // IFS empty: no splitting, but parameters stay separate and empty ones vanish (dash, bash).
    CHECK(split("", params("", "")) == Fields{"a b", "c"});
    CHECK(split("", params("x", "")) == Fields{"xa b", "c"});
    // IFS=:; set -- a :b; set -- $@  ->  a "" b (POSIX and bash; dash says a b)
    CHECK(split(":", {expansion("a"), field_break(), expansion(":b")}) == Fields{"a", "", "b"});
    std::vector<Segment> leading_empty = {quoted(""), expansion("a b"), field_break(),
                                          expansion(""), field_break(), expansion("c")};
    CHECK(split(" ", leading_empty) == Fields{"a", "b", "c"});
}

TEST_CASE("fields remember which bytes were quoted", "[field_split]") {
    Ifs ifs(std::nullopt);
    std::vector<Field> fields;
    std::vector<Segment> word = {literal("*."), quoted("*"), expansion("x? y[")};
    split_fields(word, ifs, fields);
    REQUIRE(fields.size() == 2);
    CHECK(fields[0].text == "*.*x?");
    CHECK(fields[0].is_quoted(2));
    CHECK_FALSE(fields[0].is_quoted(0));
    CHECK_FALSE(fields[0].is_quoted(4));
    CHECK(fields[0].has_unquoted_glob_byte);
    CHECK(fields[0].glob_pattern() == "*.\\*x?");
    CHECK(fields[1].text == "y[");
    CHECK(fields[1].quoted.empty()); // nothing quoted: no mask allocated
    CHECK(fields[1].has_unquoted_glob_byte);
    CHECK(fields[1].glob_pattern() == "y[");

    fields.clear();
    std::vector<Segment> all_quoted = {quoted("a*\\b")};
    split_fields(all_quoted, ifs, fields);
    REQUIRE(fields.size() == 1);
    CHECK_FALSE(fields[0].has_unquoted_glob_byte);
    CHECK(fields[0].glob_pattern() == "\\a\\*\\\\\\b");
}

TEST_CASE("$* join character", "[field_split]") {
    CHECK(Ifs(std::nullopt).join_character() == ' ');
    CHECK(Ifs(":x").join_character() == ':');
    CHECK(Ifs("").join_character() == std::nullopt);
    CHECK_FALSE(Ifs("").splits());
}

namespace {

std::string shell_quote(std::string_view text) {
    std::string quoted = "'";
    for (char c : text) {
        if (c == '\'') quoted += "'\\''";
        else quoted += c;
    }
    return quoted + "'";
}

} // namespace

TEST_CASE("the IFS table agrees with dash", "[field_split][dash]") {
    if (std::FILE* probe = std::fopen("/bin/dash", "r")) std::fclose(probe);
    else return; // dash is not installed: the table above still stands
    for (const SingleCase& c : single_cases) {
        // Print each field between brackets, so that empty fields are visible.
        std::string script = (c.ifs ? "IFS=" + shell_quote(*c.ifs) : std::string("unset IFS")) +
                             "; x=" + shell_quote(c.value) +
                             "; set -- $x; for f; do printf '[%s]' \"$f\"; done";
        std::string command = "/bin/dash -c " + shell_quote(script);
        std::FILE* pipe = popen(command.c_str(), "r");
        REQUIRE(pipe != nullptr);
        std::string output;
        char buffer[256];
        while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
        pclose(pipe);
        std::string expected;
        for (const std::string& field : c.expected) expected += "[" + field + "]";
        INFO(script);
        CHECK(output == expected);
    }
}
