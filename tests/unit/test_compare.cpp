// The comparison mode without the shell: statistics against known samples, the options, the
// interleaved schedule with a fake measurer, the exports parsed back, the SVG as XML, the
// progress line.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <fcntl.h>
#include <map>
#include <set>
#include <unistd.h>

#include "compare/ballast.h"
#include "compare/driver.h"
#include "compare/exports.h"
#include "compare/options.h"
#include "compare/plot.h"
#include "compare/progress.h"
#include "compare/report.h"
#include "compare/statistics.h"
#include "tests/support/mini_json.h"

using namespace spawnsh::compare;
using spawnsh::spawn::Backend;
using Catch::Detail::Approx;

namespace {
constexpr Variant kFork{Backend::Fork, Channel::None};
constexpr Variant kVfork{Backend::Vfork, Channel::None};
constexpr Variant kClone{Backend::Clone, Channel::None};
constexpr Variant kPosixSpawn{Backend::PosixSpawn, Channel::None};
constexpr Variant kSerialize{Backend::Emulated, Channel::Serialize};
constexpr Variant kImage{Backend::Emulated, Channel::Image};
}  // namespace

TEST_CASE("statistics of a known sample", "[compare][statistics]") {
  std::vector<double> xs = {2, 4, 4, 4, 5, 5, 7, 9};
  CHECK(mean(xs) == Approx(5.0));
  CHECK(stddev(xs) == Approx(std::sqrt(32.0 / 7.0)));  // n - 1, as hyperfine
  CHECK(median(xs) == Approx(4.5));
  CHECK(median({3, 1, 2}) == Approx(2.0));
  CHECK(minimum(xs) == 2);
  CHECK(maximum(xs) == 9);
  CHECK(stddev({1.0}) == 0);
  CHECK(mean({}) == 0);
}

TEST_CASE("MAD and modified Z-scores", "[compare][statistics]") {
  std::vector<double> xs = {1, 1, 2, 2, 4, 6, 9};
  CHECK(median_absolute_deviation(xs) == Approx(1.0));  // deviations 1 1 0 0 2 4 7
  std::vector<double> z = modified_zscores(xs);
  CHECK(z[6] == Approx(7.0 / 1.4826));
  CHECK(z[2] == Approx(0.0));
  CHECK(outliers(xs).empty());  // 4.7 is not above 14

  std::vector<double> times = {1.00, 1.02, 0.98, 1.01, 0.99, 1.00, 1.03, 0.97, 5.0};
  std::vector<std::size_t> found = outliers(times);
  REQUIRE(found.size() == 1);
  CHECK(found[0] == 8);

  // MAD of 0: the mean absolute deviation stands in (Iglewicz and Hoaglin).
  std::vector<double> flat = {1, 1, 1, 1, 1, 2};
  std::vector<double> zf = modified_zscores(flat);
  CHECK(zf[5] == Approx(1.0 / (1.2533 * (1.0 / 6.0))));
  CHECK(modified_zscores({3, 3, 3}) == std::vector<double>{0, 0, 0});
}

TEST_CASE("the median's confidence interval from order statistics", "[compare][statistics]") {
  // n = 10: [x(2), x(9)] covers 1 - 2 * 11/1024 = 97.85 %; [x(3), x(8)] only 89 %.
  std::vector<double> ten = {10, 1, 9, 2, 8, 3, 7, 4, 6, 5};
  Interval ci = median_confidence_interval(ten);
  CHECK(ci.low == 2);
  CHECK(ci.high == 9);
  CHECK(ci.coverage == Approx(1 - 22.0 / 1024));
  // n = 5 cannot reach 95 %: [min, max] at 1 - 2/32.
  Interval five = median_confidence_interval({5, 4, 3, 2, 1});
  CHECK(five.low == 1);
  CHECK(five.high == 5);
  CHECK(five.coverage == Approx(1 - 2.0 / 32));
  // n = 100: ranks 40 and 61 (the binomial table's values).
  std::vector<double> hundred;
  for (int i = 1; i <= 100; ++i) hundred.push_back(i);
  Interval h = median_confidence_interval(hundred);
  CHECK(h.low == 40);
  CHECK(h.high == 61);
  CHECK(h.coverage >= 0.95);
}

namespace {

std::vector<RunSample> runs_of(std::vector<double> seconds) {
  std::vector<RunSample> runs;
  for (double s : seconds) {
    RunSample r;
    r.wall = s;
    runs.push_back(r);
  }
  return runs;
}

bool warned(const Summary& s, const std::string& words) {
  for (const std::string& w : s.warnings) {
    if (w.find(words) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("hyperfine's warnings: short runs, a slow first run, outliers, fallbacks",
          "[compare][statistics]") {
  std::vector<double> steady = {0.0100, 0.0101, 0.0099, 0.0100, 0.0102, 0.0098, 0.0100, 0.0101};
  Summary clean = summarize(runs_of(steady));
  CHECK(clean.warnings.empty());
  CHECK(clean.outliers.empty());

  std::vector<double> short_runs = {0.002, 0.0021, 0.0019, 0.002};
  CHECK(warned(summarize(runs_of(short_runs)), "less than 5 ms"));

  std::vector<double> cold_start = steady;
  cold_start.front() = 0.050;  // the first run: caches not filled yet
  Summary cold = summarize(runs_of(cold_start));
  CHECK(warned(cold, "first run was significantly slower"));
  CHECK(warned(cold, "--warmup"));
  CHECK(cold.outliers == std::vector<std::size_t>{0});

  std::vector<double> late_spike = steady;
  late_spike[5] = 0.050;  // not the first: an outlier, not a cold start
  Summary spike = summarize(runs_of(late_spike));
  CHECK_FALSE(warned(spike, "first run"));
  CHECK(warned(spike, "1 statistical outlier(s)"));
  CHECK(spike.outliers == std::vector<std::size_t>{5});

  std::vector<RunSample> refused = runs_of(steady);
  refused[2].fallbacks = 1;
  Summary fallback = summarize(refused);
  CHECK(fallback.fallbacks == 1);
  CHECK(warned(fallback, "refused by this backend"));
}

TEST_CASE("ratio of means and slope", "[compare][statistics]") {
  Ratio r = ratio(2.0, 0.2, 1.0, 0.1);
  CHECK(r.value == Approx(2.0));
  CHECK(r.error == Approx(2.0 * std::sqrt(0.02)));
  CHECK(slope({0, 1, 2}, {1, 3, 5}) == Approx(2.0));
  CHECK(slope({1, 1}, {1, 3}) == 0);
}

namespace {

struct Parsed {
  std::optional<int> status;
  Options options;
  std::string error, help;
};

Parsed parse(std::vector<std::string> args) {
  Parsed p;
  p.status = parse_options(args, p.options, p.error, p.help);
  return p;
}

}  // namespace

TEST_CASE("compare options", "[compare][cli]") {
  Parsed p = parse({"--backends=fork,posix_spawn,emulated-image", "-r5", "--warmup", "2", "--min-time=0.5",
                    "-m", "7", "-M", "9", "-p", "rm -f x", "-i", "--seed=42",
                    "--ballast", "0,256M,1G", "--export-json", "a.json", "--export-csv=b.csv",
                    "--export-markdown", "c.md", "--plot", "d.svg", "--no-output-check", "--",
                    "echo", "hi", "|", "cat"});
  REQUIRE_FALSE(p.status);
  const Options& o = p.options;
  CHECK(o.variants == std::vector<Variant>{kFork, kPosixSpawn, kImage});
  CHECK(o.runs == 5u);
  CHECK(o.warmup == 2);
  CHECK(o.min_time == Approx(0.5));
  CHECK(o.min_runs == 7);
  CHECK(o.max_runs == 9u);
  CHECK(o.prepare == "rm -f x");
  CHECK(o.ignore_failure);
  CHECK(o.seed == 42u);
  CHECK(o.ballast == std::vector<std::uint64_t>{0, 256ull << 20, 1ull << 30});
  CHECK(o.export_json == "a.json");
  CHECK(o.export_csv == "b.csv");
  CHECK(o.export_markdown == "c.md");
  CHECK(o.plot == "d.svg");
  CHECK_FALSE(o.check_output);
  CHECK(o.command == "echo hi | cat");

  Parsed defaults = parse({"true"});
  REQUIRE_FALSE(defaults.status);
  CHECK(defaults.options.variants.empty());
  CHECK_FALSE(defaults.options.runs);
  CHECK(defaults.options.min_runs == 10);
  CHECK(defaults.options.min_time == Approx(3.0));
  CHECK(defaults.options.check_output);

  Parsed help = parse({"--help"});
  CHECK(help.status == 0);
  CHECK(help.help.find("--ballast") != std::string::npos);
  CHECK(help.help.find("emulated-image") != std::string::npos);
}

TEST_CASE("compare options: a row per emulated channel", "[compare][cli]") {
  CHECK(variant_name(kFork) == "fork");
  CHECK(variant_name(kSerialize) == "emulated-serialize");
  CHECK(variant_name(kImage) == "emulated-image");
  // Plain "emulated" stands for both channels, in the order of the reports.
  Parsed both = parse({"--backends", "vfork,emulated", "true"});
  REQUIRE_FALSE(both.status);
  CHECK(both.options.variants == std::vector<Variant>{kVfork, kSerialize, kImage});
  Parsed one = parse({"--backends=emulated-image,fork,emulated-serialize", "true"});
  REQUIRE_FALSE(one.status);
  CHECK(one.options.variants == std::vector<Variant>{kImage, kFork, kSerialize});
  // Every name a report can print is one --backends takes back.
  for (Variant v : default_variants()) {
    std::vector<Variant> named;
    CHECK(parse_variants(variant_name(v), named));
    CHECK(named == std::vector<Variant>{v});
  }
  CHECK(default_variants() ==
        std::vector<Variant>{kFork, kVfork, kClone, kPosixSpawn, kSerialize, kImage});
}

TEST_CASE("compare options: every mistake is one line and status 2", "[compare][cli]") {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"-r", "0", "true"}, "-r: '0'"},          {{"-r", "x", "true"}, "-r: 'x'"},
      {{"--runs=-1", "true"}, "--runs"},        {{"-m", "1.5", "true"}, "-m"},
      {{"--min-time", "abc", "true"}, "--min-time"}, {{"--min-time=-1", "true"}, "--min-time"},
      {{"-w", "z", "true"}, "-w"},              {{"--seed", "s", "true"}, "--seed"},
      {{"--backends", "spoon", "true"}, "'spoon' is not a backend"},
      {{"--backends=fork,fork", "true"}, "named twice"},
      {{"--backends=auto", "true"}, "not a backend"},
      {{"--backends=emulated-fork", "true"}, "'emulated-fork' is not a backend"},
      {{"--backends=fork-image", "true"}, "'fork-image' is not a backend"},
      {{"--backends=emulated:image", "true"}, "emulated-image"},  // the list of valid names
      {{"--backends=emulated,emulated-image", "true"}, "'emulated' stands for both"},
      {{"--backends=emulated-image,emulated-image", "true"}, "named twice"},
      {{"--backends=", "true"}, "--backends"},
      {{"--ballast", "1Q", "true"}, "--ballast: '1Q'"},
      {{"--ballast", "-5", "true"}, "--ballast"},
      {{"--export-json"}, "needs a value"},     {{"--frobnicate", "true"}, "unknown option"},
      {{"-i=1", "true"}, "takes no value"},     {{"-r", "5"}, "no command"},
      {{"-r", "5", "-M", "3", "true"}, "--max-runs"},
      {{"-M", "x", "true"}, "-M: 'x'"},        {{"--max-runs=0", "true"}, "--max-runs"},
      {{"-m", "20", "-M", "3", "true"}, "--max-runs is smaller than --min-runs"},
      {{"--warmup"}, "needs a value"},          {{"-p"}, "needs a value"},
      {{"--plot"}, "needs a value"},            {{"--export-csv="}, "needs a value"},
      {{"--export-markdown", "", "true"}, "needs a value"},
      {{"--no-output-check=yes", "true"}, "takes no value"},
      {{"--ignore-failure=1", "true"}, "takes no value"},
      {{"--seed=-4", "true"}, "--seed"},        {{"--ballast=", "true"}, "--ballast"},
  };
  for (const auto& [args, expected] : cases) {
    Parsed p = parse(args);
    INFO(args.front() << " -> " << p.error);
    REQUIRE(p.status == 2);
    CHECK(p.error.rfind("spawnsh compare", 0) == std::string::npos);  // the caller names itself
    CHECK(p.error.find('\n') == std::string::npos);
    CHECK(p.error.find(expected) != std::string::npos);
  }
}

TEST_CASE("sizes", "[compare][cli]") {
  std::uint64_t b = 0;
  CHECK((parse_size("0", b) && b == 0));
  CHECK((parse_size("512K", b) && b == 512 * 1024));
  CHECK((parse_size("256M", b) && b == 256ull << 20));
  CHECK((parse_size("1G", b) && b == 1ull << 30));
  CHECK((parse_size("1.5G", b) && b == 3ull << 29));
  CHECK((parse_size("4GiB", b) && b == 4ull << 30));
  CHECK((parse_size("100", b) && b == 100));
  CHECK_FALSE(parse_size("", b));
  CHECK_FALSE(parse_size("G", b));
  CHECK_FALSE(parse_size("1X", b));
  CHECK_FALSE(parse_size("1GG", b));
  CHECK(format_size(0) == "0");
  CHECK(format_size(256ull << 20) == "256M");
  CHECK(format_size(1ull << 30) == "1G");
  CHECK(format_size(1000) == "1000");
}

TEST_CASE("a ballast that does not fit is refused in one line", "[compare][ballast]") {
  std::string error;
  CHECK(ballast_fits(1ull << 30, 8ull << 30, error));
  CHECK_FALSE(ballast_fits(8ull << 30, 8ull << 30, error));
  CHECK(error.find("8G does not fit") != std::string::npos);
  CHECK(error.find('\n') == std::string::npos);
  Ballast ballast;
  REQUIRE(ballast.resize(4ull << 20, error));
  CHECK(ballast.size() == 4ull << 20);
  ballast.release();
  CHECK(ballast.size() == 0);
}

namespace {

// A measurer whose runs take a set time per backend, recording the order it was asked in.
class FakeMeasurer final : public Measurer {
 public:
  std::map<Variant, double> seconds = {{kFork, 0.004},      {kVfork, 0.001},
                                       {kClone, 0.001},     {kPosixSpawn, 0.002},
                                       {kSerialize, 0.006}, {kImage, 0.007}};
  std::map<Variant, std::string> output;
  std::map<Variant, int> status;
  std::vector<Variant> calls;
  std::vector<std::string> events;
  bool prepare_fails = false;

  bool prepare(Variant b, std::string& error) override {
    events.push_back("prepare " + variant_name(b));
    if (prepare_fails) error = "prepare failed";
    return !prepare_fails;
  }
  RunSample run(Variant b) override {
    calls.push_back(b);
    events.push_back("run " + variant_name(b));
    RunSample s;
    // A spread so the statistics are not degenerate: +0..4 % by call number.
    s.wall = seconds[b] * (1.0 + 0.01 * static_cast<double>(calls.size() % 5));
    s.user = 0.0001;
    s.system = 0.0002;
    s.max_rss_kib = 2048;
    s.minor_faults = 50;
    s.exit_code = status.count(b) ? status[b] : 0;
    s.processes = 1;
    s.by_backend[backend_slot(b == kPosixSpawn ? Backend::Fork : b.backend)] = 1;
    s.fallbacks = b == kPosixSpawn ? 1 : 0;
    s.output = output.count(b) ? output[b] : "hi\n";
    s.output_digest = std::hash<std::string>{}(s.output);
    return s;
  }
};

Options fixed_runs(std::uint64_t runs) {
  Options o;
  o.runs = runs;
  o.seed = 7;
  o.command = "echo hi";
  return o;
}

}  // namespace

TEST_CASE("runs are interleaved: every round runs every backend once, shuffled by the seed",
          "[compare][schedule]") {
  FakeMeasurer m;
  Observer quiet;
  Comparison c;
  std::string error;
  REQUIRE(run_comparison(fixed_runs(6), m, quiet, c, error) == 0);
  const std::size_t n = default_variants().size();  // every backend of the build, emulated too
  REQUIRE(n == 6);  // emulated twice: once per channel
  REQUIRE(m.calls.size() == 6 * n);
  std::vector<std::vector<Variant>> rounds;
  for (std::size_t i = 0; i < 6 * n; i += n) {
    std::vector<Variant> round(m.calls.begin() + static_cast<long>(i),
                               m.calls.begin() + static_cast<long>(i + n));
    rounds.push_back(round);
    std::vector<Variant> sorted = round;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == default_variants());
  }
  bool some_round_differs = false;
  for (const auto& r : rounds) some_round_differs = some_round_differs || r != rounds.front();
  CHECK(some_round_differs);

  FakeMeasurer again;
  Comparison c2;
  REQUIRE(run_comparison(fixed_runs(6), again, quiet, c2, error) == 0);
  CHECK(again.calls == m.calls);  // the same seed, the same order
  Options other = fixed_runs(6);
  other.seed = 8;
  FakeMeasurer third;
  Comparison c3;
  REQUIRE(run_comparison(other, third, quiet, c3, error) == 0);
  CHECK(third.calls != m.calls);

  REQUIRE(c.results.size() == n);
  const VariantResult* fork = c.find(kFork, 0);
  REQUIRE(fork != nullptr);
  CHECK(fork->runs.size() == 6);
  CHECK(fork->summary.mean == Approx(0.004 * 1.02).epsilon(0.02));
  const VariantResult* ps = c.find(kPosixSpawn, 0);
  CHECK(ps->summary.fallbacks == 6);
  CHECK(made_by(ps->summary) == "fork 6 (6 fallback)");
  std::string summary = summary_text(c, 0);
  CHECK(summary.find("times faster than fork") != std::string::npos);
}

TEST_CASE("run counts: min-time from the first run, min-runs, max-runs", "[compare][schedule]") {
  Options o;
  o.min_time = 0.1;
  o.min_runs = 3;
  CHECK(runs_for(0.01, o) == 10);
  CHECK(runs_for(0.5, o) == 3);
  o.max_runs = 5;
  CHECK(runs_for(0.001, o) == 5);
  o.runs = 2;
  CHECK(runs_for(0.001, o) == 2);

  FakeMeasurer m;
  Observer quiet;
  Comparison c;
  std::string error;
  Options auto_count;
  auto_count.min_time = 0.04;  // vfork: 1 ms -> 40 runs; fork: 4 ms -> 10 runs
  auto_count.min_runs = 10;
  auto_count.seed = 1;
  auto_count.command = "x";
  REQUIRE(run_comparison(auto_count, m, quiet, c, error) == 0);
  CHECK(c.find(kFork, 0)->runs.size() == 10);
  CHECK(c.find(kVfork, 0)->runs.size() == 40);
  CHECK(c.find(kPosixSpawn, 0)->runs.size() == 20);
}

TEST_CASE("warm-up rounds are run and not kept; --prepare runs before every run",
          "[compare][schedule]") {
  FakeMeasurer m;
  Observer quiet;
  Comparison c;
  std::string error;
  Options o = fixed_runs(2);
  o.warmup = 3;
  o.prepare = "setup";
  o.variants = {kFork, kVfork};
  REQUIRE(run_comparison(o, m, quiet, c, error) == 0);
  CHECK(m.calls.size() == 10);  // 3 warm-up rounds + 2 rounds of 2
  CHECK(c.find(kFork, 0)->runs.size() == 2);
  for (std::size_t i = 0; i < m.events.size(); i += 2) {
    CHECK(m.events[i].rfind("prepare", 0) == 0);
    CHECK(m.events[i + 1].rfind("run", 0) == 0);
  }
  FakeMeasurer failing;
  failing.prepare_fails = true;
  CHECK(run_comparison(o, failing, quiet, c, error) == 1);
  CHECK(error == "prepare failed");
}

TEST_CASE("a failing command stops the comparison unless -i", "[compare][schedule]") {
  FakeMeasurer m;
  m.status[kClone] = 3;
  m.output[kClone] = "hi\n";
  Observer quiet;
  Comparison c;
  std::string error;
  Options o = fixed_runs(3);
  o.check_output = false;
  CHECK(run_comparison(o, m, quiet, c, error) == 1);
  CHECK(error.find("non-zero exit code 3 under the clone backend") != std::string::npos);
  CHECK(error.find("--ignore-failure") != std::string::npos);

  FakeMeasurer all_fail;
  for (Variant v : default_variants()) all_fail.status[v] = 4;
  o.ignore_failure = true;
  o.check_output = true;
  REQUIRE(run_comparison(o, all_fail, quiet, c, error) == 0);
  for (const VariantResult& r : c.results) {
    for (const RunSample& s : r.runs) CHECK(s.exit_code == 4);
  }
}

TEST_CASE("backends that disagree on the output are an error, not a timing", "[compare][schedule]") {
  FakeMeasurer m;
  m.output[kVfork] = "something else\n";
  Observer quiet;
  Comparison c;
  std::string error;
  Options o = fixed_runs(3);
  CHECK(run_comparison(o, m, quiet, c, error) == 1);
  CHECK(error.find("the backends disagree") != std::string::npos);
  CHECK(error.find("vfork: status 0, output 'something else\\n'") != std::string::npos);

  FakeMeasurer statuses;
  statuses.status[kFork] = 1;
  o.ignore_failure = true;
  CHECK(run_comparison(o, statuses, quiet, c, error) == 1);
  CHECK(error.find("status 1") != std::string::npos);

  o.check_output = false;
  FakeMeasurer unchecked;
  unchecked.output[kVfork] = "other\n";
  CHECK(run_comparison(o, unchecked, quiet, c, error) == 0);
}

TEST_CASE("a ballast scan keeps every size and reports the growth per GiB", "[compare][ballast]") {
  FakeMeasurer m;
  Observer quiet;
  Comparison c;
  std::string error;
  Options o = fixed_runs(2);
  o.ballast = {0, 1ull << 20};
  REQUIRE(run_comparison(o, m, quiet, c, error) == 0);
  CHECK(c.results.size() == 2 * default_variants().size());
  CHECK(c.find(kClone, 1ull << 20) != nullptr);
  std::string scan = scan_text(c);
  CHECK(scan.find("growth per GiB") != std::string::npos);
  CHECK(scan.find("1M") != std::string::npos);

  Options huge = fixed_runs(2);
  huge.ballast = {1ull << 50};
  FakeMeasurer untouched;
  CHECK(run_comparison(huge, untouched, quiet, c, error) == 2);
  CHECK(error.find("does not fit") != std::string::npos);
  CHECK(untouched.calls.empty());  // refused before anything ran
}

TEST_CASE("growth per GiB is the slope of mean against size", "[compare][ballast]") {
  Comparison c;
  c.variants = {kFork};
  c.ballast_sizes = {0, 1ull << 30, 2ull << 30};
  for (int i = 0; i < 3; ++i) {
    VariantResult r;
    r.variant = kFork;
    r.ballast_bytes = c.ballast_sizes[static_cast<std::size_t>(i)];
    r.summary.runs = 1;
    r.summary.mean = 0.001 + 0.030 * i;
    c.results.push_back(r);
  }
  CHECK(growth_per_gib(c, kFork) == Approx(0.030));
}

namespace {

Comparison sample_comparison(std::vector<std::uint64_t> sizes = {0}) {
  FakeMeasurer m;
  Observer quiet;
  Comparison c;
  std::string error;
  Options o = fixed_runs(5);
  o.command = "echo \"hi\", there";
  o.ballast = sizes;
  REQUIRE(run_comparison(o, m, quiet, c, error) == 0);
  return c;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  bool quoted = false;
  for (char ch : s) {
    if (ch == '"') quoted = !quoted;
    if (ch == sep && !quoted) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += ch;
    }
  }
  parts.push_back(cur);
  return parts;
}

}  // namespace

TEST_CASE("JSON export parsed back, field by field", "[compare][export]") {
  Comparison c = sample_comparison();
  mini_json::Value doc = mini_json::parse(export_json(c));
  const auto& results = doc["results"].array;
  REQUIRE(results.size() == c.results.size());
  for (std::size_t i = 0; i < results.size(); ++i) {
    const VariantResult& r = c.results[i];
    const mini_json::Value& j = results[i];
    CHECK(j["command"].string == "echo \"hi\", there");
    CHECK(j["backend"].string == std::string(spawnsh::spawn::backend_name(r.variant.backend)));
    if (r.variant.channel == Channel::None) {
      CHECK(j["channel"].kind == mini_json::Value::Kind::Null);
    } else {
      CHECK(j["channel"].string == std::string(channel_name(r.variant.channel)));
    }
    CHECK(j["ballast_bytes"].number == 0);
    CHECK(j["mean"].number == Approx(r.summary.mean));
    CHECK(j["stddev"].number == Approx(r.summary.stddev));
    CHECK(j["median"].number == Approx(r.summary.median));
    CHECK(j["user"].number == Approx(r.summary.user));
    CHECK(j["system"].number == Approx(r.summary.system));
    CHECK(j["min"].number == Approx(r.summary.min));
    CHECK(j["max"].number == Approx(r.summary.max));
    REQUIRE(j["times"].array.size() == 5);
    for (std::size_t k = 0; k < 5; ++k) CHECK(j["times"].array[k].number == Approx(r.runs[k].wall));
    CHECK(j["memory_usage_byte"].array[0].number == 2048.0 * 1024);
    CHECK(j["exit_codes"].array.size() == 5);
    CHECK(j["minor_faults"].array[0].number == 50);
    CHECK(j["processes"].array[0].number == 1);
    CHECK(j["fallbacks"].number == static_cast<double>(r.summary.fallbacks));
    CHECK(j["outliers"].array.empty());
  }
  CHECK(results[3]["processes_by_backend"]["fork"].number == 5);
  CHECK(doc["seed"].number == 7);
  // Both channels of the emulated backend, each its own result.
  REQUIRE(results.size() == 6);
  CHECK(results[4]["backend"].string == "emulated");
  CHECK(results[4]["channel"].string == "serialize");
  CHECK(results[5]["backend"].string == "emulated");
  CHECK(results[5]["channel"].string == "image");
  CHECK(results[5]["mean"].number > results[4]["mean"].number);  // 7 ms against 6 (the fake)
}

TEST_CASE("CSV export parsed back", "[compare][export]") {
  Comparison c = sample_comparison({0, 1ull << 20});
  std::string csv = export_csv(c);
  std::vector<std::string> lines = split(csv, '\n');
  const std::size_t rows = c.results.size();  // 2 sizes x every backend
  REQUIRE(rows == 2 * default_variants().size());
  REQUIRE(lines.size() == rows + 2);  // header, the rows, the empty rest after the last newline
  std::vector<std::string> header = split(lines[0], ',');
  CHECK(header[0] == "command");
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  for (const char* name : {"backend", "channel", "ballast_bytes", "mean", "stddev", "runs",
                           "fallbacks"}) {
    REQUIRE(column.count(name) == 1);
  }
  std::set<std::string> channels;
  for (std::size_t i = 0; i < rows; ++i) {
    std::vector<std::string> fields = split(lines[i + 1], ',');
    REQUIRE(fields.size() == header.size());
    const VariantResult& r = c.results[i];
    CHECK(fields[0] == "\"echo \"\"hi\"\", there\"");
    CHECK(fields[column["backend"]] == std::string(spawnsh::spawn::backend_name(r.variant.backend)));
    CHECK(fields[column["channel"]] == std::string(channel_name(r.variant.channel)));
    CHECK(std::stoull(fields[column["ballast_bytes"]]) == r.ballast_bytes);
    CHECK(std::stod(fields[column["mean"]]) == Approx(r.summary.mean));
    CHECK(std::stod(fields[column["stddev"]]) == Approx(r.summary.stddev));
    CHECK(std::stoul(fields[column["runs"]]) == 5);
    CHECK(std::stoull(fields[column["fallbacks"]]) == r.summary.fallbacks);
    channels.insert(fields[column["backend"]] + "/" + fields[column["channel"]]);
  }
  CHECK(channels.count("emulated/serialize") == 1);
  CHECK(channels.count("emulated/image") == 1);
  CHECK(channels.count("fork/") == 1);
}

TEST_CASE("Markdown export", "[compare][export]") {
  Comparison c = sample_comparison();
  std::vector<std::string> lines = split(export_markdown(c), '\n');
  const std::size_t rows = c.results.size();
  REQUIRE(lines.size() >= rows + 2);
  CHECK(lines[0] == "| Backend | Ballast | Mean [ms] | Min [ms] | Max [ms] | Relative |");
  int fastest = 0;
  for (std::size_t i = 2; i < rows + 2; ++i) {
    std::vector<std::string> cells = split(lines[i], '|');
    REQUIRE(cells.size() == 8);
    const VariantResult& r = c.results[i - 2];
    CHECK(cells[1] == " `" + variant_name(r.variant) + "` ");
    CHECK(std::stod(cells[3]) == Approx(r.summary.mean * 1e3).epsilon(0.001));
    if (cells[6] == " 1.00 ") ++fastest;
    else CHECK(cells[6].find(" ± ") != std::string::npos);
  }
  CHECK(fastest == 1);
}

namespace {

// A small XML well-formedness check: tags nest and close, attributes are quoted. Returns the
// start tags seen, with their attributes, in order.
struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
};
std::vector<Element> parse_xml(const std::string& text) {
  std::vector<Element> seen;
  std::vector<std::string> open;
  std::size_t i = 0;
  while ((i = text.find('<', i)) != std::string::npos) {
    std::size_t end = text.find('>', i);
    REQUIRE(end != std::string::npos);
    std::string tag = text.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag[0] == '?') continue;
    if (tag[0] == '/') {
      REQUIRE_FALSE(open.empty());
      REQUIRE(open.back() == tag.substr(1));
      open.pop_back();
      continue;
    }
    bool self_closing = tag.back() == '/';
    if (self_closing) tag.pop_back();
    Element e;
    std::size_t p = tag.find_first_of(" \n");
    e.name = tag.substr(0, p);
    while (p != std::string::npos && p < tag.size()) {
      std::size_t eq = tag.find('=', p);
      if (eq == std::string::npos) break;
      std::string key = tag.substr(p + 1, eq - p - 1);
      while (!key.empty() && key.front() == ' ') key.erase(0, 1);
      REQUIRE(tag[eq + 1] == '"');
      std::size_t close = tag.find('"', eq + 2);
      REQUIRE(close != std::string::npos);
      e.attributes[key] = tag.substr(eq + 2, close - eq - 2);
      p = close + 1;
    }
    seen.push_back(e);
    if (!self_closing) open.push_back(e.name);
  }
  CHECK(open.empty());
  return seen;
}

}  // namespace

TEST_CASE("the SVG plot is XML with one series per backend, axes and a legend", "[compare][plot]") {
  for (auto sizes : {std::vector<std::uint64_t>{0}, std::vector<std::uint64_t>{0, 1ull << 20}}) {
    Comparison c = sample_comparison(sizes);
    std::string svg = plot_svg(c);
    std::vector<Element> elements = parse_xml(svg);
    REQUIRE_FALSE(elements.empty());
    CHECK(elements.front().name == "svg");
    std::vector<std::string> series;
    int legend = 0, x_axis = 0;
    for (const Element& e : elements) {
      auto cls = e.attributes.find("class");
      if (cls == e.attributes.end()) continue;
      if (cls->second == "series") series.push_back(e.attributes.at("data-backend"));
      if (cls->second == "legend") ++legend;
      if (cls->second == "x-axis") ++x_axis;
    }
    CHECK(series == std::vector<std::string>{"fork", "vfork", "clone", "posix_spawn",
                                             "emulated-serialize", "emulated-image"});
    CHECK(legend == 1);
    CHECK(x_axis == 1);
    if (sizes.size() == 1) {
      CHECK(svg.find("wall time [ms]") != std::string::npos);
      CHECK(svg.find("class=\"run\"") != std::string::npos);
    } else {
      CHECK(svg.find("[GiB]") != std::string::npos);
      CHECK(svg.find("mean wall time [ms]") != std::string::npos);
      CHECK(svg.find("<polyline") != std::string::npos);
    }
  }
  std::vector<double> ticks = nice_ticks(0, 1, 5);
  REQUIRE(ticks.size() == 6);
  for (std::size_t i = 0; i < ticks.size(); ++i) CHECK(ticks[i] == Approx(0.2 * static_cast<double>(i)));
  ticks = nice_ticks(3, 47, 5);
  CHECK(ticks.front() == 0);
  CHECK(ticks.back() == 50);
}

TEST_CASE("the progress line, and no progress at all off a terminal", "[compare][progress]") {
  Observer::State s;
  s.variant = kVfork;
  s.ballast = 1ull << 30;
  s.run = 3;
  s.runs = 10;
  s.done = 5;
  s.total = 10;
  std::string line = progress_line(s, 65, 80);
  CHECK(line.find("vfork") != std::string::npos);
  CHECK(line.find("ballast 1G") != std::string::npos);
  CHECK(line.find("run 3/10") != std::string::npos);
  CHECK(line.find("ETA 01:05") != std::string::npos);
  CHECK(line.size() <= 80);
  CHECK(progress_line(s, -1, 30).size() <= 30);

  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  auto observer = make_progress(fds[1], fds[1]);
  observer->before_run(s);
  observer->finished();
  ::close(fds[1]);
  char buffer[256];
  CHECK(::read(fds[0], buffer, sizeof buffer) == 0);  // nothing was written
  ::close(fds[0]);

  // On a terminal it draws, unless the report goes elsewhere (hyperfine's rule).
  int terminal = ::posix_openpt(O_RDWR | O_NOCTTY);
  REQUIRE(terminal >= 0);
  REQUIRE(::grantpt(terminal) == 0);
  REQUIRE(::unlockpt(terminal) == 0);
  int screen = ::open(::ptsname(terminal), O_RDWR | O_NOCTTY);
  REQUIRE(screen >= 0);
  int report[2];
  REQUIRE(::pipe(report) == 0);
  auto quiet = make_progress(screen, report[1]);  // stdout redirected: nothing
  quiet->before_run(s);
  quiet->finished();
  auto drawn = make_progress(screen, screen);
  drawn->before_run(s);
  drawn->finished();
  ::close(screen);
  ::close(report[0]);
  ::close(report[1]);
  std::string seen;
  ssize_t n = 0;
  ::fcntl(terminal, F_SETFL, O_NONBLOCK);  // what was drawn is there already: no waiting
  while ((n = ::read(terminal, buffer, sizeof buffer)) > 0) {
    seen.append(buffer, static_cast<std::size_t>(n));
    if (seen.find("ETA") != std::string::npos || seen.size() > 4096) break;
  }
  ::close(terminal);
  CHECK(seen.find("vfork") != std::string::npos);   // the bar of the second observer only:
  CHECK(seen.find("vfork") == seen.rfind("vfork"));  // the first drew nothing
}
