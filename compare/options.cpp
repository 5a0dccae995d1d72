#include "compare/options.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

namespace spawnsh::compare {

const char* const kCompareUsage =
    "usage: spawnsh compare [options] [--] COMMAND...\n"
    "Runs COMMAND (shell code) under every spawn backend, interleaved, and compares them.\n"
    "  --backends LIST        fork,vfork,clone,posix_spawn,emulated-serialize,emulated-image\n"
    "                         (emulated: both channels); default: all of them\n"
    "  -r, --runs N           exactly N timed runs per backend\n"
    "  -m, --min-runs N       at least N runs per backend (default 10)\n"
    "  -M, --max-runs N       at most N runs per backend\n"
    "  --min-time SECONDS     run each backend at least this long (default 3)\n"
    "  -w, --warmup N         N untimed rounds first\n"
    "  -p, --prepare CMD      shell code run before every timed run, untimed\n"
    "  -i, --ignore-failure   keep going when the command fails\n"
    "  --no-output-check      do not require every backend to print the same\n"
    "  --seed N               the seed of the per-round shuffle\n"
    "  --ballast SIZE[,SIZE]  grow the measuring shell by SIZE (0, 256M, 1G...) first\n"
    "  --export-json FILE, --export-csv FILE, --export-markdown FILE\n"
    "  --plot FILE.svg        the distributions (or cost against ballast) as SVG\n"
    "  -h, --help\n";

namespace {

bool parse_count(const std::string& text, std::uint64_t& out, bool allow_zero) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || (!allow_zero && v == 0)) return false;
  out = v;
  return true;
}

bool parse_seconds(const std::string& text, double& out) {
  if (text.empty()) return false;
  errno = 0;
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (errno != 0 || *end != '\0' || !std::isfinite(v) || v < 0) return false;
  out = v;
  return true;
}

std::vector<std::string> split_commas(const std::string& text) {
  std::vector<std::string> parts;
  std::string::size_type begin = 0;
  for (;;) {
    auto comma = text.find(',', begin);
    parts.push_back(text.substr(begin, comma - begin));
    if (comma == std::string::npos) break;
    begin = comma + 1;
  }
  return parts;
}

}  // namespace

bool parse_variants(std::string_view name, std::vector<Variant>& out) {
  if (name == "emulated") {
    out.push_back({spawn::Backend::Emulated, Channel::Serialize});
    out.push_back({spawn::Backend::Emulated, Channel::Image});
    return true;
  }
  for (Variant v : kVariants) {
    if (variant_name(v) == name) {
      out.push_back(v);
      return true;
    }
  }
  return false;
}

bool parse_size(const std::string& text, std::uint64_t& bytes) {
  if (text.empty() || !(text[0] >= '0' && text[0] <= '9')) return false;
  errno = 0;
  char* end = nullptr;
  double number = std::strtod(text.c_str(), &end);
  if (errno != 0 || !std::isfinite(number) || number < 0) return false;
  std::string unit(end);
  double scale = 1;
  if (!unit.empty()) {
    switch (unit[0]) {
      case 'k': case 'K': scale = 1024.0; break;
      case 'm': case 'M': scale = 1024.0 * 1024; break;
      case 'g': case 'G': scale = 1024.0 * 1024 * 1024; break;
      case 't': case 'T': scale = 1024.0 * 1024 * 1024 * 1024; break;
      case 'b': case 'B': break;
      default: return false;
    }
    std::string rest = unit.substr(unit[0] == 'b' || unit[0] == 'B' ? 0 : 1);
    if (!(rest.empty() || rest == "B" || rest == "iB" || (unit[0] == 'b' && rest == "b") ||
          (unit[0] == 'B' && rest == "B")))
      return false;
  }
  double value = number * scale;
  if (value > 1.8e19) return false;
  bytes = static_cast<std::uint64_t>(value);
  return true;
}

std::string format_size(std::uint64_t bytes) {
  static const char* const units[] = {"T", "G", "M", "K"};
  static const std::uint64_t scales[] = {1ull << 40, 1ull << 30, 1ull << 20, 1ull << 10};
  if (bytes == 0) return "0";
  for (int i = 0; i < 4; ++i) {
    if (bytes % scales[i] == 0) return std::to_string(bytes / scales[i]) + units[i];
  }
  return std::to_string(bytes);
}

std::optional<int> parse_options(const std::vector<std::string>& args, Options& out,
                                 std::string& error, std::string& help) {
  std::vector<std::string> operands;
  std::size_t i = 0;
  auto fail = [&](std::string message) -> std::optional<int> {
    error = std::move(message);
    return 2;
  };
  for (; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "--") {
      ++i;
      break;
    }
    if (arg.empty() || arg[0] != '-' || arg == "-") break;  // the command begins
    // The option's name and its value when given in the same word (--runs=5, -r5).
    std::string name = arg, value;
    bool attached = false;
    if (arg.rfind("--", 0) == 0) {
      if (auto eq = arg.find('='); eq != std::string::npos) {
        name = arg.substr(0, eq);
        value = arg.substr(eq + 1);
        attached = true;
      }
    } else if (arg.size() > 2) {
      name = arg.substr(0, 2);
      value = arg.substr(2);
      attached = true;
    }
    // A flag given a value (--ignore-failure=yes, -ifoo) is a mistake, not a bundle.
    auto flag = [&](bool& target) -> bool {
      if (attached) return false;
      target = true;
      return true;
    };
    auto take_value = [&]() -> bool {
      if (attached) return true;
      if (i + 1 >= args.size()) return false;
      value = args[++i];
      return true;
    };
    if (name == "-h" || name == "--help") {
      help = kCompareUsage;
      return 0;
    }
    if (name == "-i" || name == "--ignore-failure") {
      if (!flag(out.ignore_failure)) return fail(name + ": takes no value");
      continue;
    }
    if (name == "--no-output-check") {
      bool on = false;
      if (!flag(on)) return fail(name + ": takes no value");
      out.check_output = false;
      continue;
    }
    static const char* const with_value[] = {
        "--backends", "-r", "--runs", "-m", "--min-runs", "-M", "--max-runs", "--min-time",
        "-w", "--warmup", "-p", "--prepare", "--seed", "--ballast", "--export-json",
        "--export-csv", "--export-markdown", "--plot"};
    bool known = false;
    for (const char* n : with_value) known = known || name == n;
    if (!known) {
      return fail("unknown option '" + name + "' (--help lists them)");
    }
    if (!take_value()) return fail(name + ": needs a value");
    if (name == "--backends") {
      out.variants.clear();
      for (const std::string& part : split_commas(value)) {
        std::vector<Variant> named;
        if (!parse_variants(part, named)) {
          return fail("--backends: '" + part +
                      "' is not a backend (valid: fork, vfork, clone, posix_spawn, emulated, "
                      "emulated-serialize, emulated-image)");
        }
        for (Variant v : named) {
          if (std::find(out.variants.begin(), out.variants.end(), v) != out.variants.end()) {
            return fail("--backends: '" + part + "' is named twice" +
                        (v.channel != Channel::None
                             ? " ('emulated' stands for both of its channels)"
                             : ""));
          }
          out.variants.push_back(v);
        }
      }
    } else if (name == "-r" || name == "--runs" || name == "-m" || name == "--min-runs" ||
               name == "-M" || name == "--max-runs") {
      std::uint64_t n = 0;
      if (!parse_count(value, n, false)) {
        return fail(name + ": '" + value + "' is not a positive whole number");
      }
      if (name == "-r" || name == "--runs") out.runs = n;
      else if (name == "-m" || name == "--min-runs") out.min_runs = n;
      else out.max_runs = n;
    } else if (name == "-w" || name == "--warmup" || name == "--seed") {
      std::uint64_t n = 0;
      if (!parse_count(value, n, true)) {
        return fail(name + ": '" + value + "' is not a whole number");
      }
      if (name == "--seed") out.seed = n;
      else out.warmup = n;
    } else if (name == "--min-time") {
      if (!parse_seconds(value, out.min_time)) {
        return fail("--min-time: '" + value + "' is not a number of seconds");
      }
    } else if (name == "-p" || name == "--prepare") {
      out.prepare = value;
    } else if (name == "--ballast") {
      out.ballast.clear();
      for (const std::string& part : split_commas(value)) {
        std::uint64_t bytes = 0;
        if (!parse_size(part, bytes)) {
          return fail("--ballast: '" + part + "' is not a size (like 0, 512K, 256M, 1G)");
        }
        out.ballast.push_back(bytes);
      }
    } else if (name == "--export-json") {
      out.export_json = value;
    } else if (name == "--export-csv") {
      out.export_csv = value;
    } else if (name == "--export-markdown") {
      out.export_markdown = value;
    } else if (name == "--plot") {
      out.plot = value;
    }
    if (value.empty() && name != "-p" && name != "--prepare") {
      return fail(name + ": needs a value");
    }
  }
  for (; i < args.size(); ++i) operands.push_back(args[i]);
  if (operands.empty()) return fail("no command to compare ([options] -- COMMAND)");
  if (out.runs && out.max_runs && *out.max_runs < *out.runs) {
    return fail("--max-runs is smaller than --runs");
  }
  if (!out.runs && out.max_runs && *out.max_runs < out.min_runs) {
    return fail("--max-runs is smaller than --min-runs");
  }
  for (std::size_t k = 0; k < operands.size(); ++k) {
    if (k > 0) out.command += ' ';
    out.command += operands[k];
  }
  return std::nullopt;
}

}  // namespace spawnsh::compare
