// Unit tests for shell/arith: precedence, every operator, associativity, constants, variables,
// short-circuiting, errors, overflow. Expected values were checked against dash where dash
// supports the construct, and against bash for `++`, `--` and `,`.
#include "shell/arith/arith.h"

#include <catch2/catch.hpp>

#include <climits>
#include <cstdio>
#include <map>
#include <set>
#include <string>

#include <unistd.h>

using spawnsh::arith::ErrorKind;
using spawnsh::arith::Expression;
using spawnsh::arith::Variables;

namespace {

class MapVariables : public Variables {
public:
    std::map<std::string, std::string, std::less<>> values;
    std::set<std::string, std::less<>> readonly;
    int gets = 0;

    std::optional<std::string_view> get(std::string_view name) override {
        ++gets;
        auto found = values.find(name);
        if (found == values.end()) return std::nullopt;
        return std::string_view(found->second);
    }
    bool set(std::string_view name, std::intmax_t value) override {
        if (readonly.count(name)) return false;
        values[std::string(name)] = std::to_string(value);
        return true;
    }
};

std::intmax_t eval(std::string_view text, MapVariables& vars) {
    auto result = spawnsh::arith::evaluate(text, vars);
    if (!result) FAIL("unexpected error for \"" << text << "\": " << result.error().message);
    return result.value();
}

std::intmax_t eval(std::string_view text) {
    MapVariables vars;
    return eval(text, vars);
}

spawnsh::arith::Error error_of(std::string_view text, MapVariables& vars) {
    auto result = spawnsh::arith::evaluate(text, vars);
    if (result) FAIL("expected an error for \"" << text << "\", got " << result.value());
    return result.error();
}

spawnsh::arith::Error error_of(std::string_view text) {
    MapVariables vars;
    return error_of(text, vars);
}

} // namespace

TEST_CASE("constants in every base", "[arith]") {
    CHECK(eval("0") == 0);
    CHECK(eval("42") == 42);
    CHECK(eval("010") == 8);
    CHECK(eval("0777") == 511);
    CHECK(eval("0x1F") == 31);
    CHECK(eval("0X1f") == 31);
    CHECK(eval("0xff") == 255);
    CHECK(eval("00") == 0);
    CHECK(eval("9223372036854775807") == INTMAX_MAX);
    // A constant beyond INTMAX_MAX, in any base and however long, saturates, as in dash
    // (POSIX leaves it undefined; bash wraps modulo 2^64).
    CHECK(eval("9223372036854775808") == INTMAX_MAX);
    CHECK(eval("-9223372036854775808") == -INTMAX_MAX);
    CHECK(eval("99999999999999999999") == INTMAX_MAX);
    CHECK(eval("0xffffffffffffffff") == INTMAX_MAX);
    CHECK(eval("0x10000000000000000") == INTMAX_MAX);
    CHECK(eval("0x8000000000000000") == INTMAX_MAX);
    CHECK(eval("01777777777777777777777") == INTMAX_MAX);
    CHECK(eval("  7  ") == 7);
    CHECK(eval("\t7\n") == 7);
}

TEST_CASE("invalid constants are errors", "[arith]") {
    for (const char* text : {"08", "09", "0x", "0xg", "1a", "12_3", "0x1g"}) {
        INFO(text);
        CHECK(error_of(text).kind == ErrorKind::invalid_constant);
    }
    CHECK(error_of("08").message == "invalid number \"08\" in \"08\"");
}

TEST_CASE("every binary operator", "[arith]") {
    CHECK(eval("6 * 7") == 42);
    CHECK(eval("-5 * 7") == -35);
    CHECK(eval("7 / 2") == 3);
    CHECK(eval("-7 / 2") == -3); // truncation toward zero, like C and dash
    CHECK(eval("35 / -5") == -7);
    CHECK(eval("7 % 3") == 1);
    CHECK(eval("-7 % 3") == -1);
    CHECK(eval("7 % -3") == 1);
    CHECK(eval("2 + 3") == 5);
    CHECK(eval("2 - 3") == -1);
    CHECK(eval("3 << 2") == 12);
    CHECK(eval("-8 >> 1") == -4);
    CHECK(eval("1 << 63 >> 63") == -1);
    CHECK(eval("1 < 2") == 1);
    CHECK(eval("2 < 1") == 0);
    CHECK(eval("2 <= 2") == 1);
    CHECK(eval("3 <= 2") == 0);
    CHECK(eval("3 > 2") == 1);
    CHECK(eval("2 > 2") == 0);
    CHECK(eval("2 >= 2") == 1);
    CHECK(eval("1 >= 2") == 0);
    CHECK(eval("2 == 2") == 1);
    CHECK(eval("2 == 3") == 0);
    CHECK(eval("2 != 3") == 1);
    CHECK(eval("2 != 2") == 0);
    CHECK(eval("12 & 10") == 8);
    CHECK(eval("12 ^ 10") == 6);
    CHECK(eval("12 | 10") == 14);
    CHECK(eval("2 && 3") == 1);
    CHECK(eval("2 && 0") == 0);
    CHECK(eval("0 && 3") == 0);
    CHECK(eval("0 || 0") == 0);
    CHECK(eval("0 || 5") == 1);
    CHECK(eval("5 || 0") == 1);
    CHECK(eval("1 ? 2 : 3") == 2);
    CHECK(eval("0 ? 2 : 3") == 3);
    CHECK(eval("1, 2") == 2);
}

TEST_CASE("every unary operator", "[arith]") {
    CHECK(eval("-1") == -1);
    CHECK(eval("+1") == 1);
    CHECK(eval("-+-2") == 2);
    CHECK(eval("- - 3") == 3);
    CHECK(eval("~0") == -1);
    CHECK(eval("~-2") == 1);
    CHECK(eval("!0") == 1);
    CHECK(eval("!7") == 0);
    CHECK(eval("!!7") == 1);
    CHECK(eval("-(-4)") == 4);
}

TEST_CASE("precedence follows C", "[arith]") {
    struct Case {
        const char* text;
        std::intmax_t value;
    };
    const Case cases[] = {
        {"1 + 2 * 3", 7},         {"(1 + 2) * 3", 9},        {"10 - 4 / 2", 8},
        {"2 * 3 % 4", 2},         {"1 + 1 << 2", 8},         {"1 << 2 + 1", 8},
        {"1 << 3 < 5", 0},        {"5 > 1 << 2", 1},         {"1 < 2 == 1", 1},
        {"2 == 2 & 3", 1},        {"6 & 3 ^ 1", 3},          {"1 ^ 3 | 4", 6},
        {"1 | 2 && 0", 0},        {"0 && 1 || 1", 1},        {"1 || 0 && 0", 1},
        {"0 ? 1 : 0 ? 2 : 3", 3}, {"1 ? 0 ? 4 : 5 : 6", 5},  {"-2 * 3", -6},
        {"!0 + 1", 2},            {"~0 & 3", 3},             {"-3 % 2", -1},
        {"2 + 3 == 5", 1},        {"1 == 1 == 1", 1},        {"4 & 1 == 1", 0},
        {"1, 2 + 3", 5},          {"2 * (3 + 4) * 5", 70},   {"-(2 + 3)", -5},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        CHECK(eval(c.text) == c.value);
    }
}

TEST_CASE("associativity", "[arith]") {
    CHECK(eval("10 - 3 - 2") == 5);
    CHECK(eval("100 / 10 / 5") == 2);
    CHECK(eval("100 % 7 % 3") == 2);
    CHECK(eval("1 << 2 << 3") == 32);
    CHECK(eval("256 >> 2 >> 1") == 32);
    CHECK(eval("3 > 2 > 1") == 0); // (3 > 2) > 1
    CHECK(eval("1 ? 2 : 0 ? 3 : 4") == 2);
    MapVariables vars;
    CHECK(eval("a = b = 5", vars) == 5);
    CHECK(vars.values["a"] == "5");
    CHECK(vars.values["b"] == "5");
    CHECK(eval("a += b *= 2", vars) == 15);
    CHECK(vars.values["a"] == "15");
    CHECK(vars.values["b"] == "10");
}

TEST_CASE("variables", "[arith]") {
    MapVariables vars;
    vars.values = {{"x", "5"},       {"neg", "-12"},    {"hex", "0x10"}, {"oct", "010"},
                   {"blank", "  7 "}, {"empty", ""},     {"spaces", "  "}, {"plus", "+3"},
                   {"nhex", "-0x10"}};
    CHECK(eval("x", vars) == 5);
    CHECK(eval("x * 2", vars) == 10);
    CHECK(eval("neg", vars) == -12);
    CHECK(eval("hex", vars) == 16);
    CHECK(eval("oct", vars) == 8);
    CHECK(eval("blank", vars) == 7);
    CHECK(eval("empty + 1", vars) == 1);
    CHECK(eval("spaces", vars) == 0);
    CHECK(eval("unset_variable", vars) == 0);
    CHECK(eval("plus", vars) == 3);
    CHECK(eval("nhex", vars) == -16);
    CHECK(eval("-x", vars) == -5);
}

TEST_CASE("variables that are not integers are errors, as in dash", "[arith]") {
    MapVariables vars;
    vars.values = {{"sum", "1+1"}, {"name", "y"}, {"y", "3"}, {"two", "1 2"},
                   {"sign", "- 5"}, {"signs", "+-5"}, {"bad", "08"}, {"dash", "-"}};
    for (const char* name : {"sum", "name", "two", "sign", "signs", "bad", "dash"}) {
        INFO(name);
        CHECK(error_of(name, vars).kind == ErrorKind::invalid_variable_value);
    }
    CHECK(error_of("sum * 2", vars).message ==
          "variable sum is not an integer: \"1+1\" (in \"sum * 2\")");
    CHECK(spawnsh::arith::parse_variable_value("99999999999999999999") == std::nullopt);
    CHECK(spawnsh::arith::parse_variable_value(" -9223372036854775808 ") == INTMAX_MIN);
    CHECK(spawnsh::arith::parse_variable_value("") == 0);
}

TEST_CASE("assignment operators", "[arith]") {
    MapVariables vars;
    struct Case {
        const char* text;
        std::intmax_t value;
    };
    const Case cases[] = {
        {"x = 10", 10}, {"x *= 3", 30}, {"x /= 4", 7},  {"x %= 4", 3},   {"x += 5", 8},
        {"x -= 10", -2}, {"x <<= 3", -16}, {"x >>= 2", -4}, {"x &= 6", 4}, {"x ^= 5", 1},
        {"x |= 6", 7},
    };
    for (const Case& c : cases) {
        INFO(c.text);
        CHECK(eval(c.text, vars) == c.value);
        CHECK(vars.values["x"] == std::to_string(c.value));
    }
    CHECK(eval("y = -1", vars) == -1);
    CHECK(eval("z=x==7", vars) == 1);
    CHECK(vars.values["z"] == "1");
    CHECK(eval("(a = 2) + a", vars) == 4);
    CHECK(eval("a = 1, b = 2, a + b", vars) == 3);
    CHECK(eval("1 ? c = 2 : 3", vars) == 2);
    CHECK(vars.values["c"] == "2");
    CHECK(eval("new += 4", vars) == 4); // unset counts as 0
}

TEST_CASE("assignment needs a variable on the left", "[arith]") {
    for (const char* text : {"1 = 2", "(x) = 1", "x + y = 1", "0 ? 1 : x = 7", "x = ", "-x = 1"}) {
        INFO(text);
        CHECK(error_of(text).kind == ErrorKind::syntax);
    }
}

TEST_CASE("increment and decrement (bash semantics)", "[arith]") {
    MapVariables vars;
    vars.values = {{"i", "3"}, {"j", "10"}};
    CHECK(eval("i++", vars) == 3);
    CHECK(vars.values["i"] == "4");
    CHECK(eval("++i", vars) == 5);
    CHECK(eval("i--", vars) == 5);
    CHECK(eval("--i", vars) == 3);
    CHECK(vars.values["i"] == "3");
    CHECK(eval("i+++j", vars) == 13); // (i++) + j
    CHECK(vars.values["i"] == "4");
    CHECK(eval("--i+i", vars) == 6);
    CHECK(eval("+i++", vars) == 3);
    CHECK(vars.values["i"] == "4");
    CHECK(eval("-- i", vars) == 3); // blanks allowed, like C
    // Not next to a variable: two signs, as in bash and dash.
    CHECK(eval("--1") == 1);
    CHECK(eval("++5") == 5);
    CHECK(eval("1--1") == 2);
    CHECK(eval("1---1") == 0);
    CHECK(eval("1+++2") == 3);
    CHECK(eval("- -1") == -1 * -1);
    // Not a variable: errors, as in bash.
    CHECK(error_of("(i)++", vars).kind == ErrorKind::syntax);
    CHECK(error_of("i++ ++", vars).kind == ErrorKind::syntax);
    CHECK(error_of("i--5", vars).kind == ErrorKind::syntax);
    vars.readonly.insert("r");
    CHECK(error_of("r++", vars).kind == ErrorKind::readonly_variable);
}

TEST_CASE("short-circuit operators do not evaluate the untaken side", "[arith]") {
    MapVariables vars;
    vars.values = {{"bad", "not a number"}};
    CHECK(eval("0 && (a = 5)", vars) == 0);
    CHECK(eval("1 || (b = 5)", vars) == 1);
    CHECK(eval("1 ? 2 : (c = 3)", vars) == 2);
    CHECK(eval("0 ? (d = 3) : 4", vars) == 4);
    CHECK(vars.values.count("a") == 0);
    CHECK(vars.values.count("b") == 0);
    CHECK(vars.values.count("c") == 0);
    CHECK(vars.values.count("d") == 0);
    CHECK(eval("0 && 1 / 0", vars) == 0);
    CHECK(eval("1 || 1 / 0", vars) == 1);
    CHECK(eval("0 && bad", vars) == 0);
    CHECK(eval("1 ? 1 : 1 % 0", vars) == 1);
    CHECK(eval("0 && x++ || y++", vars) == 0);
    CHECK(vars.values.count("x") == 0);
    CHECK(vars.values["y"] == "1");
    CHECK(eval("1 && (e = 7)", vars) == 1);
    CHECK(vars.values["e"] == "7");
    CHECK(eval("2 && 3 && 4", vars) == 1);
    CHECK(eval("0 || 0 || 9", vars) == 1);
    CHECK(eval("(0 || 3) + 10", vars) == 11);
}

TEST_CASE("overflow wraps without undefined behaviour", "[arith]") {
    CHECK(eval("9223372036854775807 + 1") == INTMAX_MIN);
    CHECK(eval("-9223372036854775807 - 2") == INTMAX_MAX);
    CHECK(eval("9223372036854775807 * 2") == -2);
    CHECK(eval("-(-9223372036854775807 - 1)") == INTMAX_MIN);
    CHECK(eval("(-9223372036854775807 - 1) / -1") == INTMAX_MIN); // SIGFPE in dash
    CHECK(eval("(-9223372036854775807 - 1) % -1") == 0);
    CHECK(eval("5 / -1") == -5);
    CHECK(eval("5 % -1") == 0);
    CHECK(eval("1 << 63") == INTMAX_MIN);
    CHECK(eval("1 << 64") == 1);  // counts are taken modulo 64, as x86 (and so dash) does
    CHECK(eval("1 << -1") == INTMAX_MIN);
    CHECK(eval("-1 << 63") == INTMAX_MIN);
    CHECK(eval("-1 >> 100") == -1);
    CHECK(eval("8 >> -62") == 2);
    MapVariables vars;
    vars.values = {{"m", "9223372036854775807"}};
    CHECK(eval("m++ + 0", vars) == INTMAX_MAX);
    CHECK(vars.values["m"] == std::to_string(INTMAX_MIN));
    CHECK(eval("--m", vars) == INTMAX_MAX);
    CHECK(eval("m *= m", vars) == 1);
}

TEST_CASE("division by zero", "[arith]") {
    for (const char* text : {"1 / 0", "1 % 0", "x /= 0", "x %= 0", "1 / (2 - 2)"}) {
        INFO(text);
        CHECK(error_of(text).kind == ErrorKind::division_by_zero);
    }
    CHECK(error_of("1/0").message == "division by zero: \"1/0\"");
    CHECK(error_of("2 + 1 / 0").offset == 6); // points at the '/'
    MapVariables vars;
    vars.values = {{"bad", "x"}};
    CHECK(error_of("1 + bad", vars).offset == 4);
}

TEST_CASE("syntax errors name the expression", "[arith]") {
    for (const char* text : {"1 +", "", "   ", "1 2", "(1", "1)", "()", "1 ? 2", "1 ? 2 :", "* 3",
                             "1 @ 2", "x y", "2**3", "a[1]", "$", "${x", "$1", "${}", "1 ,",
                             "!", "~", "i++ j"}) {
        INFO("\"" << text << "\"");
        auto error = error_of(text);
        CHECK(error.kind == ErrorKind::syntax);
        CHECK(error.message.find(std::string("\"") + text + "\"") != std::string::npos);
    }
    CHECK(error_of("1 +").message == "arithmetic syntax error: expected an operand: \"1 +\"");
    CHECK(error_of("1 2").message == "arithmetic syntax error: unexpected '2': \"1 2\"");
    CHECK(error_of("(1").message == "arithmetic syntax error: expected ')': \"(1\"");
    CHECK(error_of("1)").message == "arithmetic syntax error: unmatched ')': \"1)\"");
    CHECK(error_of("1 @ 2").message ==
          "arithmetic syntax error: unexpected character '@': \"1 @ 2\"");
    CHECK(error_of("").message == "arithmetic syntax error: empty expression: \"\"");
    CHECK(error_of("1 +").offset == 3);
}

TEST_CASE("readonly variables", "[arith]") {
    MapVariables vars;
    vars.values = {{"r", "1"}};
    vars.readonly.insert("r");
    CHECK(eval("r + 1", vars) == 2);
    auto error = error_of("r = 2", vars);
    CHECK(error.kind == ErrorKind::readonly_variable);
    CHECK(error.message == "r: is read only (in \"r = 2\")");
    CHECK(error_of("r += 2", vars).kind == ErrorKind::readonly_variable);
    CHECK(vars.values["r"] == "1");
}

TEST_CASE("deep nesting is refused, not a stack overflow", "[arith]") {
    std::string fine = std::string(100, '(') + "1" + std::string(100, ')');
    CHECK(eval(fine) == 1);
    for (std::string prefix : {"(", "-", "!", "~", "+", "a=", "1?1:"}) {
        std::string deep;
        for (int i = 0; i < 100000; ++i) deep += prefix;
        deep += "1";
        if (prefix == "(") deep += std::string(100000, ')');
        INFO(prefix);
        CHECK(error_of(deep).kind == ErrorKind::too_deep);
    }
    // Long flat expressions are not nesting: they evaluate without recursion.
    std::string long_sum = "0";
    for (int i = 0; i < 100000; ++i) long_sum += "+1";
    CHECK(eval(long_sum) == 100000);
    std::string long_and = "1";
    for (int i = 0; i < 10000; ++i) long_and += "&&1";
    CHECK(eval(long_and) == 1);
}

TEST_CASE("an expression is parsed once and evaluated many times", "[arith]") {
    auto parsed = Expression::parse("i = i + 1");
    REQUIRE(parsed);
    const Expression& expression = parsed.value();
    MapVariables vars;
    for (int n = 1; n <= 1000; ++n) {
        auto result = expression.evaluate(vars);
        REQUIRE(result);
        CHECK(result.value() == n);
    }
    CHECK(vars.values["i"] == "1000");
    CHECK(expression.text() == "i = i + 1");
    CHECK_FALSE(expression.has_dollar_references());
}

TEST_CASE("$name references read the variable or ask for text expansion", "[arith]") {
    MapVariables vars;
    vars.values = {{"n", "4"}, {"neg", "-2"}, {"sum", "1+1"}, {"empty", ""}, {"i", "3"}};
    CHECK(eval("$n * 2", vars) == 8);
    CHECK(eval("${n} + $n", vars) == 8);
    CHECK(eval("2 * $neg", vars) == -4);
    CHECK(eval("i - ${neg}", vars) == 5); // a blank separates the signs
    CHECK(eval("$n--1", vars) == 5);      // like the text "4--1"
    auto parsed = Expression::parse("$n + 1");
    REQUIRE(parsed);
    CHECK(parsed.value().has_dollar_references());
    // Values whose text substitution would mean something else.
    for (const char* text : {"$sum * 2", "$empty + 1", "$unset", "i-$neg", "1+$neg", "-$neg"}) {
        INFO(text);
        CHECK(error_of(text, vars).kind == ErrorKind::needs_text_expansion);
    }
    // Juxtaposed references only make sense as text: the parse fails.
    CHECK_FALSE(Expression::parse("$n$n"));
    CHECK_FALSE(Expression::parse("${n}0"));
    CHECK_FALSE(Expression::parse("$n = 1"));
    CHECK_FALSE(Expression::parse("$n++"));
}

TEST_CASE("evaluation reads each variable once per use", "[arith]") {
    MapVariables vars;
    vars.values = {{"x", "2"}};
    auto parsed = Expression::parse("x * x + x");
    REQUIRE(parsed);
    vars.gets = 0;
    CHECK(parsed.value().evaluate(vars).value() == 6);
    CHECK(vars.gets == 3);
}

namespace {

std::string run_dash(const std::string& script) {
    std::string command = "/bin/dash -c '" + script + "' 2>/dev/null";
    std::FILE* pipe = popen(command.c_str(), "r");
    if (!pipe) return "popen failed";
    std::string output;
    char buffer[4096];
    while (std::size_t n = std::fread(buffer, 1, sizeof buffer, pipe)) output.append(buffer, n);
    pclose(pipe);
    return output;
}

} // namespace

TEST_CASE("agrees with dash wherever dash has the construct", "[arith][dash]") {
    if (access("/bin/dash", X_OK) != 0) return; // the tables above still stand
    // No `++`/`--` on variables, `,` or empty expressions: those are
    // documented differences. No INTMAX_MIN / -1 either: it kills dash. No unbalanced
    // parentheses: dash's parser would see them before its arithmetic does.
    const char* expressions[] = {
        "1 + 2 * 3", "(1 + 2) * 3", "10 - 4 / 2", "2 * 3 % 4", "1 + 1 << 2", "1 << 3 < 5",
        "5 > 1 << 2", "1 < 2 == 1", "2 == 2 & 3", "6 & 3 ^ 1", "1 ^ 3 | 4", "1 | 2 && 0",
        "0 && 1 || 1", "1 || 0 && 0", "0 ? 1 : 0 ? 2 : 3", "1 ? 0 ? 4 : 5 : 6", "!0 + 1",
        "~0 & 3", "-3 % 2", "1 == 1 == 1", "4 & 1 == 1", "10 - 3 - 2", "100 / 10 / 5",
        "100 % 7 % 3", "1 << 2 << 3", "256 >> 2 >> 1", "3 > 2 > 1", "-7 / 2", "7 % -3",
        "-8 >> 1", "1 << 63 >> 63", "1 << 64", "1 << -1", "8 >> -62", "-1 >> 100",
        "9223372036854775807 + 1", "9223372036854775807 * 2", "-9223372036854775807 - 2",
        "9223372036854775808", "99999999999999999999", "0x10000000000000000", "-9223372036854775808",
        "010 + 0x1F + 0X1f", "0777", "- - 3", "-+-2", "!!7", "~-2", "a = 5", "a = b = 5",
        "a *= 3", "b -= 10", "a <<= 2", "a >>= 1", "a &= 6", "a ^= 5", "a |= 8", "a %= 4",
        "a /= 2", "a + b * c", "0 && (a = 9)", "1 || (a = 9)", "1 ? a : (a = 9)",
        "--1", "1--1", "1---1", "++5", "1 / 0", "1 % 0", "1 +", "08", "0x",
        "1 2", "x y", "a = 1 ? 2 : 3", "0 ? 1 : a = 7",
    };
    std::string script = "a=3 b=-7 c=0; ";
    for (const char* text : expressions)
        script += std::string("(echo $((") + text + ")) $a $b) || echo error; ";
    std::string dash_output = run_dash(script);

    MapVariables vars;
    vars.values = {{"a", "3"}, {"b", "-7"}, {"c", "0"}};
    std::string our_output;
    for (const char* text : expressions) {
        MapVariables copy = vars; // each dash subshell starts from the same values
        auto result = spawnsh::arith::evaluate(text, copy);
        if (result)
            our_output += std::to_string(result.value()) + " " + copy.values["a"] + " " +
                          copy.values["b"] + "\n";
        else
            our_output += "error\n";
    }
    CHECK(our_output == dash_output);
}
