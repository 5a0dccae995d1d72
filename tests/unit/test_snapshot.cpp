// The snapshot module (shell/snapshot.h): the inherited state written to bytes and read back
// into a fresh shell, field by field, with functions parsed again and run through the shell;
// and malformed input (truncated at every byte, another version, bad magic, impossible
// lengths) refused with a SnapshotError and the shell left untouched.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <cstring>
#include <memory>
#include <cstdio>
#include <string>
#include <vector>

#include "builtins/builtins.h"
#include "shell/image.h"
#include "shell/init.h"
#include "shell/run.h"
#include "shell/shell.h"
#include "shell/signals.h"
#include "shell/snapshot.h"

extern char** environ;

using spawnsh::Function;
using spawnsh::Option;
using spawnsh::Options;
using spawnsh::Shell;
using spawnsh::Variable;
namespace snapshot = spawnsh::snapshot;

namespace {

// A shell as main() sets one up, minus the command line: builtins, the environment, $$.
void start(Shell& shell, bool with_environment = true) {
  shell.builtins = spawnsh::BuiltinTable(spawnsh::builtins::table());
  if (with_environment) {
    shell.vars.import_environment(environ);
    spawnsh::initialize_variables(shell);
  }
  shell.root_pid = ::getpid();
}

// Runs `text` in `shell` in this process and returns what it wrote on stdout.
std::string run(Shell& shell, const std::string& text) {
  std::fflush(stdout);
  std::FILE* capture = std::tmpfile();
  REQUIRE(capture != nullptr);
  int saved = ::dup(STDOUT_FILENO);
  REQUIRE(saved >= 0);
  ::dup2(::fileno(capture), STDOUT_FILENO);
  spawnsh::run_text(shell, text);
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
  std::string out;
  std::rewind(capture);
  char buffer[4096];
  std::size_t n;
  while ((n = std::fread(buffer, 1, sizeof buffer, capture)) > 0) out.append(buffer, n);
  std::fclose(capture);
  return out;
}

// The image of `from`'s state (shell/image.h), laid out for kBase and copied whole into one
// string, as a child receives it; `continuation` rides along.
std::shared_ptr<const std::string> image_of(Shell& from, std::string_view continuation = "") {
  snapshot::Contents contents = snapshot::gather(from, from.signals);
  spawnsh::image::Built built;
  REQUIRE(spawnsh::image::build(contents, continuation, built));
  auto flat = std::make_shared<std::string>();
  for (std::string_view piece : built.pieces) flat->append(piece);
  REQUIRE(flat->size() == built.size);
  CHECK(spawnsh::image::audit(built.records, built.size).empty());
  return flat;
}

// Writes `from`'s inherited state and reads it into a fresh shell `to`. The same state also
// goes through the image channel into another fresh shell, which must come out the same: its
// state written as a stream gives the same bytes. So every round trip here covers both.
void copy(Shell& from, Shell& to) {
  start(to, /*with_environment=*/false);
  snapshot::read(snapshot::write(from, from.signals), to);

  auto image = image_of(from, "the continuation");
  Shell through_image;
  start(through_image, /*with_environment=*/false);
  snapshot::Contents contents;
  CHECK(spawnsh::image::read_at(image->data(), image->size(), contents) == "the continuation");
  snapshot::apply(std::move(contents), through_image, image);
  CHECK(snapshot::write(through_image, through_image.signals) == snapshot::write(to, to.signals));
}

void require_same_variables(const Shell& a, const Shell& b) {
  auto left = a.vars.sorted();
  auto right = b.vars.sorted();
  REQUIRE(left.size() == right.size());
  for (std::size_t i = 0; i < left.size(); ++i) {
    INFO("variable " << left[i].first);
    REQUIRE(left[i].first == right[i].first);
    const Variable& x = *left[i].second;
    const Variable& y = *right[i].second;
    CHECK(x.value == y.value);
    CHECK(x.set == y.set);
    CHECK(x.exported == y.exported);
    CHECK(x.readonly == y.readonly);
  }
}

std::string every_byte_but_nul() {
  std::string s;
  for (int c = 1; c < 256; ++c) s.push_back(static_cast<char>(c));
  return s;
}

}  // namespace

TEST_CASE("variables keep their values and attributes") {
  Shell shell;
  start(shell);
  const std::string odd = "a b\tc\n'\"$`\\*?[]~ ${x} $(no) ";
  shell.vars.assign("odd", odd);
  shell.vars.assign("bytes", every_byte_but_nul());
  shell.vars.assign("empty", "");
  run(shell,
      "export exported_one=e; readonly ro=r; export declared_only; readonly ro_declared;"
      " export both=b; readonly both; ignored=1; unset ignored");
  Shell copy_of;
  copy(shell, copy_of);
  require_same_variables(shell, copy_of);

  const Variable* declared = copy_of.vars.find("declared_only");
  REQUIRE(declared != nullptr);
  CHECK_FALSE(declared->set);
  CHECK(declared->exported);
  CHECK(copy_of.vars.find("ro_declared")->readonly);
  CHECK(copy_of.vars.find("ignored") == nullptr);
  CHECK(*copy_of.vars.value("odd") == odd);
  CHECK(*copy_of.vars.value("bytes") == every_byte_but_nul());
  CHECK(*copy_of.vars.value("empty") == "");
  // The attributes act: readonly refuses, and the environment children get is the same.
  CHECK_FALSE(copy_of.vars.assign("ro", "changed"));
  CHECK(*copy_of.vars.value("ro") == "r");
  std::vector<std::string> env_a, env_b;
  for (char* const* e = shell.vars.environment(); *e != nullptr; ++e) env_a.emplace_back(*e);
  for (char* const* e = copy_of.vars.environment(); *e != nullptr; ++e) env_b.emplace_back(*e);
  CHECK(env_a == env_b);
  CHECK(run(copy_of, "printf '%s|' \"$exported_one\" \"$both\" \"$empty\"") == "e|b||");
}

TEST_CASE("functions are parsed again from their text and run the same") {
  Shell shell;
  start(shell);
  shell.source_name = "lib.sh";
  shell.where.source = shell.source_name;
  const std::string definitions =
      "f() {\n"
      "  cat <<EOF\n"
      "here $1 \"double\" 'single' \\$ `echo back`\n"
      "EOF\n"
      "  echo \"nested $(echo \"inner 'q' $(printf %s deep)\") ${1:-none}\"\n"
      "}\n"
      "g() { cat <<'A'; cat <<-B; echo \"after $1\"; }; echo defined\n"
      "literal $1 `x` 'q'\n"
      "A\n"
      "\tstripped $1\n"
      "\tB\n"
      "h() ( echo sub \"$@\" ) >&1\n"
      "lineno() { echo \"line $LINENO\"; }\n"
      "case_fn() { case $1 in (a|b) echo ab;; *) echo other;; esac; }\n";
  REQUIRE(run(shell, definitions) == "defined\n");
  const std::string calls =
      "f x; f; g y; h 1 '' 3; lineno; case_fn b; case_fn z; type f; command -V g\n";
  const std::string expected = run(shell, calls);
  REQUIRE(expected ==
          "here x \"double\" 'single' $ back\n"
          "nested inner 'q' deep x\n"
          "here  \"double\" 'single' $ back\n"
          "nested inner 'q' deep none\n"
          "literal $1 `x` 'q'\n"
          "stripped y\n"
          "after y\n"
          "sub 1  3\n"
          "line 13\n"
          "ab\n"
          "other\n"
          "f is a shell function\n"
          "g is a shell function\n");

  Shell copy_of;
  copy(shell, copy_of);
  REQUIRE(copy_of.functions.size() == shell.functions.size());
  for (const auto& [name, function] : shell.functions) {
    INFO("function " << name);
    const Function& copied = copy_of.functions.at(name);
    CHECK(copied.text == function.text);
    CHECK(copied.line == function.line);
    CHECK(copied.column == function.column);
    REQUIRE(copied.file != nullptr);
    CHECK(*copied.file == "lib.sh");
  }
  // The here-document bodies after g's line went into its text.
  CHECK(std::string(copy_of.functions.at("g").text).find("\tstripped $1\n\tB\n") !=
        std::string::npos);
  CHECK(run(copy_of, calls) == expected);
  // Written again from the copy: the same bytes.
  CHECK(snapshot::write(copy_of, copy_of.signals) == snapshot::write(shell, shell.signals));
}

TEST_CASE("aliases and the functions that used them") {
  Shell shell;
  start(shell);
  run(shell, "alias say='echo said' quoted=\"echo 'it''s'\"\nspeak() { say \"$@\"; }\n");
  Shell copy_of;
  copy(shell, copy_of);
  CHECK(copy_of.aliases == shell.aliases);
  CHECK(run(copy_of, "speak hi\nsay there\nquoted\n") == "said hi\nsaid there\nits\n");
}

TEST_CASE("every option, one at a time and all together") {
  for (std::size_t i = 0; i < static_cast<std::size_t>(Option::Count); ++i) {
    Shell shell;
    start(shell, false);
    shell.options.set(static_cast<Option>(i), true);
    Shell copy_of;
    copy(shell, copy_of);
    for (std::size_t j = 0; j < static_cast<std::size_t>(Option::Count); ++j) {
      INFO("option " << i << " set, option " << j);
      CHECK(copy_of.options.get(static_cast<Option>(j)) == (i == j));
    }
  }
  Shell shell;
  start(shell, false);
  for (const auto& info : Options::all()) shell.options.set(info.option, true);
  shell.vars.export_all = true;
  shell.interactive = true;
  shell.reads_stdin = true;
  Shell copy_of;
  copy(shell, copy_of);
  CHECK(copy_of.option_letters() == shell.option_letters());
  CHECK(copy_of.vars.export_all);  // set -a acts on assignments, not just in $-
  CHECK(copy_of.interactive);
  CHECK(copy_of.reads_stdin);
}

TEST_CASE("traps are set again, with real dispositions") {
  Shell shell;
  start(shell);
  run(shell, "trap 'echo caught USR1' USR1; trap '' USR2; trap 'echo bye' EXIT");
  // Back to the defaults in this process, so the copy's dispositions are its own doing.
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  ::sigaction(SIGUSR1, &dfl, nullptr);
  ::sigaction(SIGUSR2, &dfl, nullptr);

  Shell copy_of;
  copy(shell, copy_of);
  REQUIRE(copy_of.traps.action(SIGUSR1) == std::optional<std::string>("echo caught USR1"));
  REQUIRE(copy_of.traps.action(SIGUSR2) == std::optional<std::string>(""));
  REQUIRE(copy_of.traps.action(0) == std::optional<std::string>("echo bye"));
  CHECK_FALSE(copy_of.traps.action(SIGTERM).has_value());
  struct sigaction now {};
  ::sigaction(SIGUSR2, nullptr, &now);
  CHECK(now.sa_handler == SIG_IGN);
  ::sigaction(SIGUSR1, nullptr, &now);
  CHECK(now.sa_handler != SIG_IGN);
  CHECK(now.sa_handler != SIG_DFL);
  // The trap runs: the signal is caught and its action runs after the next command.
  CHECK(run(copy_of, "kill -USR1 $$; echo next") == "caught USR1\nnext\n");
  CHECK(run(copy_of, "trap") ==
        "trap -- 'echo bye' EXIT\ntrap -- 'echo caught USR1' USR1\ntrap -- '' USR2\n");
  // Leave this process as it was.
  run(copy_of, "trap - USR1 USR2 EXIT");
}

TEST_CASE("a subshell's listing of its parent's traps stays a listing") {
  Shell shell;
  start(shell, false);
  shell.traps.set(shell, SIGUSR1, std::string("echo parent"));
  shell.traps.reset_for_subshell(shell);
  Shell copy_of;
  copy(shell, copy_of);
  CHECK(copy_of.traps.in_subshell_copy());
  CHECK(copy_of.traps.action(SIGUSR1) == std::optional<std::string>("echo parent"));
  struct sigaction now {};
  ::sigaction(SIGUSR1, nullptr, &now);
  CHECK(now.sa_handler == SIG_DFL);
}

TEST_CASE("a signal ignored with trap '' stays changeable, one ignored on entry does not") {
  Shell shell;
  start(shell, false);
  struct sigaction ign {};
  ign.sa_handler = SIG_IGN;
  struct sigaction saved {};
  ::sigaction(SIGWINCH, &ign, &saved);  // as if this process had been started with it ignored
  REQUIRE(shell.signals.ignored_on_entry(SIGWINCH));
  shell.traps.set(shell, SIGUSR2, std::string(""));
  Shell copy_of;
  copy(shell, copy_of);
  CHECK(copy_of.signals.ignored_on_entry(SIGWINCH));
  CHECK_FALSE(copy_of.signals.ignored_on_entry(SIGUSR2));
  CHECK(copy_of.traps.set(copy_of, SIGUSR2, std::nullopt));
  CHECK_FALSE(copy_of.traps.set(copy_of, SIGWINCH, std::string("echo no")));
  ::sigaction(SIGWINCH, &saved, nullptr);
}

TEST_CASE("a signal's entry disposition is asked once: a later change behind the shell is not it") {
  // Every snapshot lists the signals ignored on entry; the answer is kept after the first
  // question, so the kernel is not asked 62 times per emulated child.
  struct sigaction ign {};
  ign.sa_handler = SIG_IGN;
  struct sigaction dfl {};
  dfl.sa_handler = SIG_DFL;
  struct sigaction saved_urg {}, saved_prof {};
  ::sigaction(SIGURG, &dfl, &saved_urg);
  ::sigaction(SIGPROF, &ign, &saved_prof);
  spawnsh::SignalState state;
  CHECK_FALSE(state.ignored_on_entry(SIGURG));
  CHECK(state.ignored_on_entry(SIGPROF));
  ::sigaction(SIGURG, &ign, nullptr);
  ::sigaction(SIGPROF, &dfl, nullptr);
  CHECK_FALSE(state.ignored_on_entry(SIGURG));
  CHECK(state.ignored_on_entry(SIGPROF));
  ::sigaction(SIGURG, &saved_urg, nullptr);
  ::sigaction(SIGPROF, &saved_prof, nullptr);
}

TEST_CASE("positional parameters, $0, $?, $!, $$, getopts and the location") {
  Shell shell;
  start(shell);
  shell.arg0 = "my script";
  shell.name = "spawnsh-name";
  run(shell, "set -- '' 'a b' '' \"$(printf 'x\\ny')\"");
  REQUIRE(shell.positional.size() == 4);
  run(shell, "OPTIND=1; getopts ab: o -ab val");  // stops inside the grouped -ab
  shell.last_status = 42;
  shell.last_background = 12345;
  shell.root_pid = 999;
  shell.source_name = "script.sh";
  shell.where.source = shell.source_name;
  shell.where.line = 77;

  Shell copy_of;
  copy(shell, copy_of);
  CHECK(copy_of.positional == shell.positional);
  CHECK(copy_of.arg0 == "my script");
  CHECK(copy_of.name == "spawnsh-name");
  CHECK(copy_of.last_status == 42);
  CHECK(copy_of.last_background == 12345);
  CHECK(copy_of.root_pid == 999);
  CHECK(copy_of.source_name == "script.sh");
  CHECK(copy_of.where.source == "script.sh");
  CHECK(copy_of.where.line == 77);
  CHECK(copy_of.getopts_position.word == shell.getopts_position.word);
  CHECK(copy_of.getopts_position.offset == shell.getopts_position.offset);
  CHECK(run(copy_of, "echo $# \"$0\" $? $! $$") == "4 my script 42 12345 999\n");
  // getopts goes on inside -ab, where the original would.
  CHECK(run(copy_of, "getopts ab: o -ab val; echo $o $OPTARG $OPTIND") == "b val 3\n");
}

TEST_CASE("the working directory and umask are taken along") {
  Shell shell;
  start(shell, false);
  char before[4096];
  REQUIRE(::getcwd(before, sizeof before) != nullptr);
  mode_t old_mask = ::umask(027);
  REQUIRE(::chdir("/") == 0);
  std::string bytes = snapshot::write(shell, shell.signals);
  REQUIRE(::chdir(before) == 0);
  ::umask(022);
  Shell copy_of;
  start(copy_of, false);
  snapshot::read(bytes, copy_of);
  char after[4096];
  REQUIRE(::getcwd(after, sizeof after) != nullptr);
  CHECK(std::string(after) == "/");
  CHECK(::umask(old_mask) == 027);
  REQUIRE(::chdir(before) == 0);
}

namespace {

// A small state with something in every section, for the malformed-input tests.
std::string small_snapshot() {
  Shell shell;
  start(shell, false);
  shell.vars.assign("v", "value");
  shell.vars.set_exported("v");
  shell.positional = {"", "p"};
  shell.aliases["a"] = "echo a";
  shell.traps.set(shell, SIGUSR1, std::string("echo t"));
  run(shell, "fn() { echo fn; }");
  shell.traps.set(shell, SIGUSR1, std::nullopt);
  std::string bytes = snapshot::write(shell, shell.signals);
  return bytes;
}

void require_untouched(const Shell& shell) {
  CHECK(shell.vars.sorted().empty());
  CHECK(shell.functions.empty());
  CHECK(shell.aliases.empty());
  CHECK(shell.positional.empty());
}

}  // namespace

TEST_CASE("a snapshot cut short at any byte is refused and changes nothing") {
  const std::string bytes = small_snapshot();
  Shell fresh;
  start(fresh, false);
  for (std::size_t size = 0; size < bytes.size(); ++size) {
    INFO("cut at " << size << " of " << bytes.size());
    CHECK_THROWS_AS(snapshot::read(std::string_view(bytes).substr(0, size), fresh),
                    snapshot::SnapshotError);
  }
  require_untouched(fresh);
  // The whole of it is read.
  snapshot::read(bytes, fresh);
  CHECK(*fresh.vars.value("v") == "value");
}

TEST_CASE("another version, bad magic, trailing bytes and impossible lengths are refused") {
  const std::string bytes = small_snapshot();
  Shell fresh;
  start(fresh, false);
  const std::size_t version_at = snapshot::kMagic.size();

  std::string other_version = bytes;
  other_version[version_at] = static_cast<char>(snapshot::kVersion + 1);
  CHECK_THROWS_WITH(snapshot::read(other_version, fresh),
                    Catch::Contains("version " + std::to_string(snapshot::kVersion + 1)));

  std::string bad_magic = bytes;
  bad_magic[0] = 'X';
  CHECK_THROWS_WITH(snapshot::read(bad_magic, fresh), Catch::Contains("bad magic"));

  CHECK_THROWS_WITH(snapshot::read(bytes + "x", fresh), Catch::Contains("trailing"));

  // A string length far past the end (the working directory's, the first field after the
  // shared value file's id and size): refused before anything is allocated for it.
  std::string huge = bytes;
  const std::size_t first_string = version_at + 4 + 8 + 16;
  for (int i = 0; i < 8; ++i) huge[first_string + i] = static_cast<char>(0xff);
  CHECK_THROWS_WITH(snapshot::read(huge, fresh), Catch::Contains("truncated"));

  // The same with the overall length made to agree: the field itself is checked.
  std::string consistent = bytes + std::string(16, 'z');
  const std::uint64_t length = consistent.size() - first_string;
  for (int i = 0; i < 8; ++i) {
    consistent[version_at + 4 + i] = static_cast<char>((length >> (8 * i)) & 0xff);
  }
  CHECK_THROWS_WITH(snapshot::read(consistent, fresh), Catch::Contains("trailing"));
  require_untouched(fresh);
}

TEST_CASE("a function whose text does not parse is refused") {
  std::string bytes = small_snapshot();
  // "fn() { echo fn; }" -> "fn() { echo fn;  " : an unclosed brace group.
  std::size_t at = bytes.find("fn() { echo fn; }");
  REQUIRE(at != std::string::npos);
  bytes[at + 16] = ' ';
  Shell fresh;
  start(fresh, false);
  CHECK_THROWS_WITH(snapshot::read(bytes, fresh), Catch::Contains("function fn"));
  require_untouched(fresh);
}

TEST_CASE("a function takes only its own here-documents from a shared line") {
  Shell shell;
  start(shell);
  REQUIRE(run(shell,
              "cat <<A; f() { cat <<B; }; cat <<C\n"
              "before\n"
              "A\n"
              "inside\n"
              "B\n"
              "after\n"
              "C\n") == "before\nafter\n");
  CHECK(shell.functions.at("f").text == "f() { cat <<B; }\ninside\nB\n");
  Shell copy_of;
  copy(shell, copy_of);
  CHECK(run(copy_of, "f") == "inside\n");
}

TEST_CASE("a function defined by an alias value is written from its tree and runs the same") {
  Shell shell;
  start(shell);
  run(shell, "alias def='from_alias() { echo \"a $1\" | cat; }'\ndef\n");
  REQUIRE(shell.functions.count("from_alias") == 1);
  CHECK(shell.functions.at("from_alias").text.empty());
  Shell copy_of;
  copy(shell, copy_of);
  CHECK(run(copy_of, "from_alias x") == "a x\n");
  CHECK(run(copy_of, "from_alias x") == run(shell, "from_alias x"));
}

// ---- hostile values ----------------------------------------------------------------------

TEST_CASE("a 1 MiB value of newlines and binary bytes goes through whole") {
  Shell shell;
  start(shell, false);
  std::string big;
  big.reserve(1 << 20);
  while (big.size() < (1u << 20)) big += every_byte_but_nul() + "\n\n";
  big.resize(1 << 20);
  shell.vars.assign("big", big);
  shell.positional = {big, "\n", std::string(1, '\xff')};
  shell.aliases["a"] = big;
  Shell copy_of;
  copy(shell, copy_of);
  CHECK(*copy_of.vars.value("big") == big);
  CHECK(copy_of.positional == shell.positional);
  CHECK(copy_of.aliases.at("a") == big);
}

TEST_CASE("10,000 variables, every attribute, in order") {
  Shell shell;
  start(shell, false);
  for (int i = 0; i < 10000; ++i) {
    std::string name = "v" + std::to_string(i);
    shell.vars.assign(name, std::to_string(i * 7) + "\n");
    if (i % 3 == 0) shell.vars.set_exported(name);
  }
  Shell copy_of;
  copy(shell, copy_of);
  require_same_variables(shell, copy_of);
  CHECK(*copy_of.vars.value("v9999") == "69993\n");
}

TEST_CASE("deep functions: nested compound commands and a long chain of calls") {
  Shell shell;
  start(shell, false);
  // 200 levels of braces, ifs and subshells in one body.
  std::string open, close;
  for (int i = 0; i < 200; ++i) {
    switch (i % 3) {
      case 0: open += "{ "; close = "; }" + close; break;
      case 1: open += "if true; then "; close = "; fi" + close; break;
      case 2: open += "( "; close = " )" + close; break;
    }
  }
  std::string text = "deep() { " + open + "echo bottom" + close + "; }\n";
  // 500 functions, each calling the next.
  for (int i = 0; i < 500; ++i) {
    text += "f" + std::to_string(i) + "() { " +
            (i == 499 ? std::string("echo end") : "f" + std::to_string(i + 1)) + "; }\n";
  }
  run(shell, text);
  REQUIRE(shell.functions.size() == 501);
  Shell copy_of;
  copy(shell, copy_of);
  CHECK(run(copy_of, "deep; f0") == "bottom\nend\n");
}

TEST_CASE("a corrupted stream is refused with a message or read whole, never a crash") {
  const std::string bytes = small_snapshot();
  // Every byte, changed three ways: each read either throws SnapshotError naming the snapshot
  // or succeeds (a changed byte inside a value is still a valid snapshot).
  std::size_t refused = 0;
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (unsigned char change : {0x01, 0x80, 0xff}) {
      std::string corrupted = bytes;
      corrupted[at] = static_cast<char>(static_cast<unsigned char>(corrupted[at]) ^ change);
      Shell fresh;
      start(fresh, false);
      try {
        snapshot::read(corrupted, fresh);
      } catch (const snapshot::SnapshotError& error) {
        INFO("byte " << at << " ^ " << int(change));
        CHECK_THAT(error.what(), Catch::StartsWith("snapshot: "));
        ++refused;
      }
    }
  }
  // The header, the lengths and the flags are checked: most changes are caught.
  CHECK(refused > bytes.size());
}

// Read with storage, as the emulated child reads its mapped state: the variables are borrowed
// where they lie and copied only when something uses them.
TEST_CASE("borrowed variables are copied only when used, and act as their own") {
  Shell shell;
  start(shell);
  for (int i = 0; i < 1000; ++i) shell.vars.assign("v" + std::to_string(i), std::string(100, 'x'));
  shell.vars.assign("hostile", every_byte_but_nul() + "\n" + every_byte_but_nul());
  run(shell, "export e=1; readonly r=2; export declared; PATH=/nowhere; OPTIND=3");
  auto bytes = std::make_shared<const std::string>(snapshot::write(shell, shell.signals));

  Shell lazy;
  start(lazy, /*with_environment=*/false);
  lazy.vars.assign("v5", "the child's own");  // given way to the parent's, as put() would
  snapshot::read(*bytes, lazy, bytes);
  const std::size_t untouched = lazy.vars.borrowed_untouched();
  CHECK(untouched >= 1000);
  CHECK(*lazy.vars.value("v5") == std::string(100, 'x'));
  CHECK(*lazy.vars.value("hostile") == *shell.vars.value("hostile"));
  CHECK(lazy.vars.borrowed_untouched() == untouched - 1);  // v5 was never borrowed
  // Changes and unsets of borrowed variables stay done; readonly still refuses.
  CHECK(lazy.vars.unset("v7"));
  CHECK(lazy.vars.find("v7") == nullptr);
  CHECK(lazy.vars.assign("v8", "new"));
  CHECK(*lazy.vars.value("v8") == "new");
  CHECK_FALSE(lazy.vars.assign("r", "3"));
  CHECK(lazy.vars.find("declared")->exported);
  CHECK_FALSE(lazy.vars.find("declared")->set);
  CHECK(run(lazy, "echo $PATH $OPTIND $e") == "/nowhere 3 1\n");

  // A copy of the table (a subshell without a child) goes its own way.
  spawnsh::Variables copy = lazy.vars;
  CHECK(copy.unset("v9"));
  CHECK(lazy.vars.value("v9") != nullptr);
  CHECK(copy.value("v9") == nullptr);

  // A snapshot of the borrowing shell (for a child of the child) takes none of them.
  const std::size_t before = lazy.vars.borrowed_untouched();
  std::string again = snapshot::write(lazy, lazy.signals);
  CHECK(lazy.vars.borrowed_untouched() == before);
  Shell grandchild;
  start(grandchild, /*with_environment=*/false);
  snapshot::read(again, grandchild);
  CHECK(*grandchild.vars.value("hostile") == *shell.vars.value("hostile"));
  CHECK(grandchild.vars.find("v7") == nullptr);
  CHECK(*grandchild.vars.value("v8") == "new");

  // Listing takes them all, in the same order as the eager read.
  Shell eager;
  start(eager, /*with_environment=*/false);
  snapshot::read(*bytes, eager);
  eager.vars.unset("v7");
  eager.vars.assign("v8", "new");
  require_same_variables(eager, lazy);
  CHECK(lazy.vars.borrowed_untouched() == 0);
}

// A child that runs a program needs the environment: only the exported variables are read for
// it; the rest of a big inherited state stays where it lies.
TEST_CASE("the environment of a borrowing shell takes none of its borrowed variables") {
  Shell shell;
  start(shell, /*with_environment=*/false);
  for (int i = 0; i < 100; ++i) shell.vars.assign("v" + std::to_string(i), std::string(10000, 'x'));
  run(shell, "export e=exported; export declared; f=1");
  auto bytes = std::make_shared<const std::string>(snapshot::write(shell, shell.signals));
  Shell lazy;
  start(lazy, /*with_environment=*/false);
  snapshot::read(*bytes, lazy, bytes);
  lazy.vars.assign("own", "o");
  lazy.vars.set_exported("own");
  const std::size_t untouched = lazy.vars.borrowed_untouched();
  REQUIRE(untouched >= 102);
  std::vector<std::string> environment;
  for (char* const* entry = lazy.vars.environment(); *entry != nullptr; ++entry) {
    environment.emplace_back(*entry);
  }
  CHECK(environment == std::vector<std::string>{"e=exported", "own=o"});
  CHECK(lazy.vars.borrowed_untouched() == untouched);
  // Taken or not, a borrowed variable is in it once: e taken and changed.
  lazy.vars.assign("e", "changed");
  CHECK(std::string(lazy.vars.environment()[0]) == "e=changed");
}

TEST_CASE("variables out of order are refused") {
  Shell shell;
  start(shell, /*with_environment=*/false);
  shell.vars.assign("a", "1");
  shell.vars.assign("b", "2");
  std::string bytes = snapshot::write(shell, shell.signals);
  // The names are single letters: swapping them puts b before a.
  std::size_t a = bytes.find(std::string("\x01\0\0\0\0\0\0\0a", 9));
  std::size_t b = bytes.find(std::string("\x01\0\0\0\0\0\0\0b", 9));
  REQUIRE(a != std::string::npos);
  REQUIRE(b != std::string::npos);
  std::swap(bytes[a + 8], bytes[b + 8]);
  Shell fresh;
  start(fresh, false);
  CHECK_THROWS_WITH(snapshot::read(bytes, fresh), Catch::Contains("out of order"));
}

// ---- the image channel's own checks --------------------------------------------------------

TEST_CASE("the image audit finds a pointer out of the image, and none in a built one") {
  Shell shell;
  start(shell);
  shell.vars.assign("big", std::string(100000, 'b'));
  run(shell, "fn() { echo fn; }; alias a=b; trap 'echo t' USR1; set -- one two");
  snapshot::Contents contents = snapshot::gather(shell, shell.signals);
  spawnsh::image::Built built;
  REQUIRE(spawnsh::image::build(contents, "c", built));
  // The records, the one big value where it lies, and the continuation.
  REQUIRE(built.pieces.size() == 3);
  CHECK(built.pieces[1].data() == shell.vars.value("big")->data());
  CHECK(spawnsh::image::audit(built.records, built.size).empty());
  // The continuation is the codec's bytes, whose integers may look like an address (its magic's
  // last byte, a kind and a length once made 0x430154, inside a static spawnsh's text): data
  // after the records, not audited.
  static int in_program = 0;
  const void* address = &in_program;
  std::string looks_like_a_pointer(reinterpret_cast<const char*>(&address), sizeof address);
  std::string continuation = std::string(8, 'x') + looks_like_a_pointer;
  REQUIRE(spawnsh::image::build(contents, continuation, built));
  CHECK(spawnsh::image::audit(built.records, built.size).empty());
  // A word pointing at this process's stack, its heap and its program: each is found.
  std::string records(built.records);
  int on_stack = 0;
  auto heap = std::make_unique<int>(0);
  const void* planted[] = {&on_stack, heap.get(), &in_program};
  for (const void* p : planted) {
    std::string changed = records;
    std::memcpy(changed.data() + 8, &p, sizeof p);
    auto outside = spawnsh::image::audit(changed, built.size);
    REQUIRE(outside.size() == 1);
    CHECK(outside[0] == 8);
  }
}

TEST_CASE("a truncated or corrupted image is refused with a message or read whole, never a crash") {
  Shell shell;
  start(shell, false);
  shell.vars.assign("v", "value");
  shell.vars.set_exported("v");
  shell.positional = {"", "p"};
  shell.aliases["a"] = "echo a";
  run(shell, "fn() { echo fn; }; trap 'echo t' USR1");
  shell.traps.set(shell, SIGUSR1, std::nullopt);
  const auto image = image_of(shell, "cont");
  snapshot::Contents contents;
  for (std::size_t size : {std::size_t{0}, std::size_t{7}, image->size() - 1}) {
    CHECK_THROWS_AS(spawnsh::image::read_at(image->data(), size, contents),
                    spawnsh::image::ImageError);
  }
  std::size_t refused = 0, changes = 0;
  for (std::size_t at = 0; at < image->size(); ++at) {
    for (unsigned char change : {0x01, 0x80, 0xff}) {
      std::string corrupted = *image;
      corrupted[at] = static_cast<char>(static_cast<unsigned char>(corrupted[at]) ^ change);
      ++changes;
      snapshot::Contents c;
      try {
        spawnsh::image::read_at(corrupted.data(), corrupted.size(), c);
      } catch (const spawnsh::image::ImageError& error) {
        INFO("byte " << at << " ^ " << int(change));
        CHECK_THAT(error.what(), Catch::StartsWith("image: "));
        ++refused;
      }
    }
  }
  // Addresses, flags, counts and names are checked: most changes are caught (the rest land in
  // string bytes or small integers, which are still a valid image).
  CHECK(refused * 2 > changes);
}
