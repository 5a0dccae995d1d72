// The `time` reserved word's reports: TIMEFORMAT expansion (pure), the layout against bash's
// for the same formats, and time -v's max RSS against GNU time's.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <string>
#include <unistd.h>

#include "shell/timing/time_format.h"
#include "shell/timing/time_verbose.h"
#include "tests/support/shell_runner.h"

using namespace std::chrono_literals;
using spawnsh::spawn::Backend;
using spawnsh::timing::JobFigures;
using spawnsh::timing::format_time;
using spawnsh::testing::run_in_empty_directory;

namespace {

JobFigures sample() {
  JobFigures f;
  f.real = 75'123'456us;  // 1m15.123456s
  f.usage.user = 2'500'000us;
  f.usage.system = 500'000us;
  f.usage.max_rss_kib = 102400;
  f.usage.major_faults = 3;
  f.usage.minor_faults = 25000;
  f.usage.voluntary_switches = 7;
  f.usage.involuntary_switches = 9;
  f.usage.block_inputs = 11;
  f.usage.block_outputs = 13;
  f.processes = 2;
  f.backends = {Backend::PosixSpawn, Backend::Fork};
  return f;
}

// What stays when the figures are taken out: a number's whole part becomes one N (how many digits
// it has depends on the run: %P near 10 % gives 9.87 in one shell and 10.02 in the other), each
// digit after its point one N (the precision is part of the layout).
std::string layout(const std::string& text) {
  std::string out;
  bool in_whole_part = false;
  bool in_fraction = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (in_fraction || !in_whole_part) out += 'N';
      in_whole_part = !in_fraction;
      continue;
    }
    in_fraction = c == '.' && in_whole_part;
    in_whole_part = false;
    out += c;
  }
  return out;
}

}  // namespace

TEST_CASE("TIMEFORMAT: bash's escapes", "[time]") {
  JobFigures f = sample();
  CHECK(format_time("%R", f) == "75.123");
  CHECK(format_time("%lR", f) == "1m15.123s");
  CHECK(format_time("%0R %0lR", f) == "75 1m15s");
  CHECK(format_time("%1U %2S", f) == "2.5 0.50");
  CHECK(format_time("%6R %6lR", f) == "75.123456 1m15.123456s");
  CHECK(format_time("%9R", f) == "75.123456");  // precision stops at 6 (microseconds)
  CHECK(format_time("%P", f) == "3.99");        // 3 s of CPU in 75.123456 s, truncated
  CHECK(format_time("100%% %", f) == "100% %");
  CHECK(format_time(spawnsh::timing::kPosixTimeFormat, f) == "real 75.12\nuser 2.50\nsys 0.50");
  CHECK(format_time(spawnsh::timing::kDefaultTimeFormat, f) ==
        "\nreal\t1m15.123s\nuser\t0m2.500s\nsys\t0m0.500s");
}

TEST_CASE("TIMEFORMAT: the rusage extensions", "[time]") {
  JobFigures f = sample();
  CHECK(format_time("%M %F %m %w %c %I %O %N", f) == "102400 3 25000 7 9 11 13 2");
  CHECK(format_time("%B", f) == "posix_spawn+fork");
  f.backends.clear();
  CHECK(format_time("%B", f) == "none");
}

TEST_CASE("TIMEFORMAT: unknown escapes are copied as written and listed", "[time]") {
  JobFigures f = sample();
  std::vector<std::string> unknown;
  CHECK(format_time("a%Xb%3lqc%l", f, &unknown) == "a%Xb%3lqc%l");
  CHECK(unknown == std::vector<std::string>{"%X", "%3lq", "%l"});
  unknown.clear();
  CHECK(format_time("%4", f, &unknown) == "%4");
  CHECK(unknown == std::vector<std::string>{"%4"});
}

TEST_CASE("time -v: GNU time's labels; a table for several processes", "[time]") {
  JobFigures f = sample();
  f.status = 0;
  std::vector<spawnsh::timing::TimedProcess> processes(2);
  processes[0].record.pid = 100;
  processes[0].record.backend = Backend::PosixSpawn;
  processes[0].command = "a";
  processes[1].record.pid = 101;
  processes[1].record.backend = Backend::Fork;
  processes[1].record.status = spawnsh::spawn::WaitStatus::signaled(9);
  std::string report = spawnsh::timing::verbose_report(f, "a | b", processes);
  CHECK_THAT(report, Catch::Matchers::Contains("\tCommand being timed: \"a | b\"\n"));
  CHECK_THAT(report, Catch::Matchers::Contains("\tUser time (seconds): 2.50\n"));
  CHECK_THAT(report, Catch::Matchers::Contains("\tPercent of CPU this job got: 3%\n"));
  CHECK_THAT(report, Catch::Matchers::Contains(
                         "\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:15.12\n"));
  CHECK_THAT(report, Catch::Matchers::Contains("\tMaximum resident set size (kbytes): 102400\n"));
  CHECK_THAT(report, Catch::Matchers::Contains("\tFile system outputs: 13\n"));
  CHECK_THAT(report, Catch::Matchers::Contains("\tBackends: posix_spawn+fork\n"));
  CHECK_THAT(report, Catch::Matchers::Contains("\t100      posix_spawn 0        -"));
  CHECK_THAT(report, Catch::Matchers::Contains("\t101      fork        SIGKILL  -"));
  processes.resize(1);
  CHECK_THAT(spawnsh::timing::verbose_report(f, "a", processes),
             !Catch::Matchers::Contains("PID"));
}

TEST_CASE("layout: whole parts of any width alike, fractions digit by digit", "[time]") {
  CHECK(layout("9.87") == layout("10.02"));
  CHECK(layout("1m5.123s") == "NmN.NNNs");
  CHECK(layout("0.50") != layout("0.5"));
  CHECK(layout("real 12\nuser 3.0") == "real N\nuser N.N");
}

// Formats whose layout bash and spawnsh must share (precision above 3 is left out: bash stops
// at 3 digits, spawnsh goes to 6; unknown escapes too: bash drops the whole report).
TEST_CASE("TIMEFORMAT: the layout is bash's", "[time][bash]") {
  if (::access("/bin/bash", X_OK) != 0) {
    WARN("bash is not installed: the layout was not compared");
    return;
  }
  const char* formats[] = {
      "%R", "%U|%S", "%lR %lU %lS", "%0R %0lR", "%1R %2lU %3S", "%P", "%%", "x%", "%%%",
      "real %2R\\nuser %2U\\nsys %2S", "\\n%3lR\\t%3lU", "plain text", "%R%R%R",
  };
  for (const char* format : formats) {
    INFO("TIMEFORMAT=$'" << format << "'");
    std::string script = std::string("TIMEFORMAT=$'") + format + "'; time sleep 0.01";
    auto ours = run_in_empty_directory({SPAWNSH_BINARY, "-c", script});
    auto bash = run_in_empty_directory({"/bin/bash", "-c", script});
    CHECK(layout(ours.err) == layout(bash.err));
  }
  // time -p, and the default (TIMEFORMAT unset)
  for (const char* script : {"time -p sleep 0.01", "unset TIMEFORMAT; time sleep 0.01",
                             "TIMEFORMAT=; time sleep 0.01"}) {
    INFO(script);
    auto ours = run_in_empty_directory({SPAWNSH_BINARY, "-c", script});
    auto bash = run_in_empty_directory({"/bin/bash", "-c", script});
    CHECK(layout(ours.err) == layout(bash.err));
  }
}

namespace {
long max_rss_line(const std::string& report) {
  const std::string label = "Maximum resident set size (kbytes): ";
  std::size_t at = report.find(label);
  if (at == std::string::npos) return -1;
  return std::strtol(report.c_str() + at + label.size(), nullptr, 10);
}
}  // namespace

TEST_CASE("time -v: max RSS of a 100 MiB allocator within 5% of GNU time's", "[time]") {
  const std::string program = SPAWNSH_ALLOCATE;
  auto ours = run_in_empty_directory({SPAWNSH_BINARY, "-c", "time -v " + program + " 100"});
  REQUIRE(ours.status == 0);
  long rss = max_rss_line(ours.err);
  INFO("spawnsh time -v:\n" << ours.err);
  REQUIRE(rss > 100 * 1024);
  // What the program saw itself (getrusage RUSAGE_SELF at its end).
  long own = std::strtol(ours.out.c_str(), nullptr, 10);
  CHECK(std::labs(rss - own) * 20 <= own);
  if (::access("/usr/bin/time", X_OK) != 0) {
    WARN("GNU time is not installed: compared with the program's own getrusage only");
    return;
  }
  auto gnu = run_in_empty_directory({"/usr/bin/time", "-v", program, "100"});
  long gnu_rss = max_rss_line(gnu.err);
  INFO("GNU time -v:\n" << gnu.err);
  REQUIRE(gnu_rss > 0);
  CHECK(std::labs(rss - gnu_rss) * 20 <= gnu_rss);
}
