// The unparser (shell/syntax/unparse.h), which writes the tree the emulated backend hands to a
// new process: its text parses to a tree that runs the same, writing that tree again gives the
// same text (nothing is lost or doubled on the way), and commands stay on their lines.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "builtins/builtins.h"
#include "shell/init.h"
#include "shell/run.h"
#include "shell/shell.h"
#include "shell/syntax/parser.h"
#include "shell/syntax/unparse.h"

namespace syntax = spawnsh::syntax;

namespace {

// Runs `text` in a fresh shell in this process; returns its stdout.
std::string run(const std::string& text) {
  spawnsh::Shell shell;
  shell.builtins = spawnsh::BuiltinTable(spawnsh::builtins::table());
  spawnsh::initialize_variables(shell);
  shell.root_pid = ::getpid();
  std::fflush(stdout);
  // The output goes to a temporary file held above the fds a script uses (0-9): the scripts
  // open and close fd 3, which is where tmpfile() lands when nothing else is open.
  std::FILE* temporary = std::tmpfile();
  REQUIRE(temporary != nullptr);
  int capture = ::fcntl(::fileno(temporary), F_DUPFD_CLOEXEC, 20);
  std::fclose(temporary);
  REQUIRE(capture >= 0);
  int saved = ::fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 20);
  ::dup2(capture, STDOUT_FILENO);
  spawnsh::run_text(shell, text);
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  std::string out;
  char buffer[4096];
  ssize_t n;
  for (off_t at = 0; (n = ::pread(capture, buffer, sizeof buffer, at)) > 0; at += n) {
    out.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(capture);
  return out;
}

std::string unparse_text(const std::string& text) {
  syntax::Source source("test", text);
  syntax::ParseResult parsed = syntax::parse_program(source);
  INFO(text);
  REQUIRE(parsed.ok());
  return syntax::unparse(*parsed.program).text;
}

}  // namespace

TEST_CASE("unparsed text runs the same and is a fixed point") {
  const char* const scripts[] = {
      "echo plain 'single quoted' \"double $HOME\" a\\ b \\$ \\\\ \\\"",
      "x='it'\\''s'; echo \"$x\" \"${x}y\" ${#x} \"${x%s}\" ${x#i} ${u-dflt} \"${u:-a b}\"",
      "echo \"${u-\"quoted } brace\"}\" ${u:+alt} ${u=set}; echo $u",
      "echo $'tab\\there' $'quote\\'s' \"$((1 + 2 * 3))\" $(( $(echo 4) - 1 ))",
      "echo `echo back \\`echo inner\\`` $(echo sub $(echo nested))",
      "f() { local v=1; echo \"f $v $#\"; return 3; }; f a b; echo $?",
      "for i in 1 2 3; do case $i in (1|2) echo low;; *) echo high;; esac; done",
      "case x in x) echo fall;& y) echo through;; esac",
      "if false; then echo no; elif true; then echo elif; else echo else; fi",
      "i=0; while [ $i -lt 3 ]; do i=$((i+1)); done; until true; do :; done; echo $i",
      "{ echo group; } >/dev/null; ( echo sub ) | cat; ! false && echo negated || echo no",
      "cat <<EOF\nbody $HOME `echo x` \\$ \\` \\\\ 'q' \"d\"\nEOF\ncat <<'Q'\n$literal `x`\nQ",
      "cat <<-EOF\n\ttabs stripped\n\tEOF\necho after",
      "cat <<A; cat <<B\nfirst\nA\nsecond\nB",
      "x=$(cat <<EOF\ninside $((2+2))\nEOF\n); echo \"$x\"",
      "cat <<EOF\nSPAWNSH_EOF0\nEOF",
      "echo ~ ~root a=~ x:~; y=~:~root; echo \"$y\" | sed 's/[^:]//g'",
      "echo a >f; echo b >>f; cat <f 3<>f 2>&1; exec 3>&-; echo c >| f; cat f; rm f",
      "time -p true 2>/dev/null; echo timed",
      "echo one; echo two &\nwait; echo three",
      "a=1 b=\"2 3\" eval 'echo $a $b'; echo \"$@\" $* $# $? $- $0 | wc -w",
  };
  for (const char* script : scripts) {
    INFO("script: " << script);
    std::string once = unparse_text(script);
    INFO("unparsed: " << once);
    CHECK(unparse_text(once) == once);
    CHECK(run(once) == run(script));
  }
}

TEST_CASE("commands keep their lines") {
  const std::string script =
      "echo \"a $LINENO\"\n"
      "\n"
      "if true\n"
      "then\n"
      "  echo \"b $LINENO\"\n"
      "fi\n"
      "x='multi\n"
      "line'\n"
      "echo \"c $LINENO\" |\n"
      "  cat\n"
      "cat <<E\n"
      "$LINENO\n"
      "E\n"
      "echo \"d $LINENO\"\n";
  syntax::Source source("test", script, 1);
  syntax::ParseResult parsed = syntax::parse_program(source);
  REQUIRE(parsed.ok());
  syntax::UnparsedText text = syntax::unparse(*parsed.program);
  CHECK(text.first_line == 1);
  INFO(text.text);
  CHECK(run(text.text) == run(script));
  CHECK(run(text.text) == "a 1\nb 5\nc 9\n11\nd 14\n");
}

TEST_CASE("a subtree starts at its own line") {
  syntax::Source source("test", "echo one\n\n( echo \"$LINENO\"\n  echo \"$LINENO\" )\n", 1);
  syntax::ParseResult parsed = syntax::parse_program(source);
  REQUIRE(parsed.ok());
  const syntax::Command& subshell =
      parsed.program->commands[1].items[0].and_or.links[0].pipeline.commands[0];
  syntax::UnparsedText text = syntax::unparse(subshell);
  CHECK(text.first_line == 3);
  syntax::Source again("test", text.text, text.first_line);
  syntax::ParseResult reparsed = syntax::parse_program(again);
  REQUIRE(reparsed.ok());
  CHECK(reparsed.program->commands[0].items[0].range.line == 3);
}
