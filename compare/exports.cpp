#include "compare/exports.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "compare/options.h"
#include "compare/report.h"
#include "compare/statistics.h"

namespace spawnsh::compare {
namespace {

std::string number(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.9g", v);
  return buffer;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (c < 0x20) {
          char buffer[8];
          std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
          out += buffer;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

template <typename F>
std::string json_array(const std::vector<RunSample>& runs, F field) {
  std::string out = "[";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    if (i > 0) out += ",";
    out += field(runs[i]);
  }
  return out + "]";
}

std::string backend_name_of(spawn::Backend b) { return std::string(spawn::backend_name(b)); }

// The minimum mean at a size: the base of "relative".
double fastest_mean(const Comparison& c, std::uint64_t ballast) {
  double best = 0;
  for (const VariantResult& r : c.results) {
    if (r.ballast_bytes == ballast && r.summary.runs > 0 && (best == 0 || r.summary.mean < best)) {
      best = r.summary.mean;
    }
  }
  return best;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string export_json(const Comparison& c) {
  std::string out = "{\n  \"results\": [";
  bool first = true;
  for (const VariantResult& r : c.results) {
    const Summary& s = r.summary;
    out += first ? "\n" : ",\n";
    first = false;
    out += "    {\n";
    auto field = [&](const char* key, const std::string& value, bool last = false) {
      out += std::string("      \"") + key + "\": " + value + (last ? "\n" : ",\n");
    };
    field("command", json_string(c.command));
    field("backend", json_string(backend_name_of(r.variant.backend)));
    // The emulated backend's channel; null for the backends without one.
    field("channel", r.variant.channel == Channel::None
                         ? std::string("null")
                         : json_string(std::string(channel_name(r.variant.channel))));
    field("ballast_bytes", std::to_string(r.ballast_bytes));
    field("mean", number(s.mean));
    field("stddev", number(s.stddev));
    field("median", number(s.median));
    field("median_ci_low", number(s.median_ci_low));
    field("median_ci_high", number(s.median_ci_high));
    field("median_ci_coverage", number(s.median_ci_coverage));
    field("user", number(s.user));
    field("system", number(s.system));
    field("min", number(s.min));
    field("max", number(s.max));
    field("times", json_array(r.runs, [](const RunSample& x) { return number(x.wall); }));
    field("user_times", json_array(r.runs, [](const RunSample& x) { return number(x.user); }));
    field("system_times", json_array(r.runs, [](const RunSample& x) { return number(x.system); }));
    field("memory_usage_byte", json_array(r.runs, [](const RunSample& x) {
            return std::to_string(static_cast<long long>(x.max_rss_kib) * 1024);
          }));
    field("exit_codes",
          json_array(r.runs, [](const RunSample& x) { return std::to_string(x.exit_code); }));
    field("minor_faults",
          json_array(r.runs, [](const RunSample& x) { return std::to_string(x.minor_faults); }));
    field("major_faults",
          json_array(r.runs, [](const RunSample& x) { return std::to_string(x.major_faults); }));
    field("voluntary_context_switches", json_array(r.runs, [](const RunSample& x) {
            return std::to_string(x.voluntary_switches);
          }));
    field("involuntary_context_switches", json_array(r.runs, [](const RunSample& x) {
            return std::to_string(x.involuntary_switches);
          }));
    field("processes",
          json_array(r.runs, [](const RunSample& x) { return std::to_string(x.processes); }));
    std::string by = "{";
    bool any = false;
    for (spawn::Backend b : {spawn::Backend::Fork, spawn::Backend::Vfork, spawn::Backend::Clone,
                             spawn::Backend::PosixSpawn, spawn::Backend::Emulated}) {
      std::uint64_t n = s.by_backend[backend_slot(b)];
      if (n == 0) continue;
      by += std::string(any ? ", " : "") + json_string(backend_name_of(b)) + ": " + std::to_string(n);
      any = true;
    }
    field("processes_by_backend", by + "}");
    field("fallbacks", std::to_string(s.fallbacks));
    std::string outliers = "[";
    for (std::size_t i = 0; i < s.outliers.size(); ++i) {
      outliers += (i ? "," : "") + std::to_string(s.outliers[i]);
    }
    field("outliers", outliers + "]", true);
    out += "    }";
  }
  out += "\n  ],\n";
  out += "  \"seed\": " + std::to_string(c.seed) + ",\n";
  out += "  \"transparent_huge_pages\": " + json_string(c.thp_state) + ",\n";
  std::string huge = "[";
  for (std::size_t i = 0; i < c.huge_page_bytes.size(); ++i) {
    huge += (i ? "," : "") + std::to_string(c.huge_page_bytes[i]);
  }
  out += "  \"anon_huge_pages_byte\": " + huge + "]\n}\n";
  return out;
}

std::string export_csv(const Comparison& c) {
  std::string out =
      "command,backend,channel,ballast_bytes,mean,stddev,median,user,system,min,max,runs,"
      "max_rss_byte,minor_faults,major_faults,voluntary_context_switches,"
      "involuntary_context_switches,processes,fallbacks,outliers\n";
  for (const VariantResult& r : c.results) {
    const Summary& s = r.summary;
    out += csv_field(c.command) + "," + backend_name_of(r.variant.backend) + "," +
           std::string(channel_name(r.variant.channel)) + "," + std::to_string(r.ballast_bytes) + "," + number(s.mean) + "," + number(s.stddev) + "," +
           number(s.median) + "," + number(s.user) + "," + number(s.system) + "," +
           number(s.min) + "," + number(s.max) + "," + std::to_string(s.runs) + "," +
           std::to_string(static_cast<long long>(s.max_rss_kib) * 1024) + "," +
           number(s.minor_faults) + "," + number(s.major_faults) + "," +
           number(s.voluntary_switches) + "," + number(s.involuntary_switches) + "," +
           number(s.processes) + "," + std::to_string(s.fallbacks) + "," +
           std::to_string(s.outliers.size()) + "\n";
  }
  return out;
}

std::string export_markdown(const Comparison& c) {
  double smallest = 0;
  for (const VariantResult& r : c.results) {
    if (r.summary.runs > 0 && (smallest == 0 || r.summary.mean < smallest)) smallest = r.summary.mean;
  }
  TimeUnit u = unit_for(smallest);
  std::string unit = u.name;
  std::string out = "| Backend | Ballast | Mean [" + unit + "] | Min [" + unit + "] | Max [" +
                    unit + "] | Relative |\n|:---|---:|---:|---:|---:|---:|\n";
  for (const VariantResult& r : c.results) {
    const Summary& s = r.summary;
    // Relative to the fastest at the same size, with hyperfine's error of a ratio of means.
    const VariantResult* fastest = nullptr;
    double base = fastest_mean(c, r.ballast_bytes);
    for (const VariantResult& f : c.results) {
      if (f.ballast_bytes == r.ballast_bytes && f.summary.runs > 0 && f.summary.mean == base) {
        fastest = &f;
        break;
      }
    }
    char relative[64] = "-";
    if (fastest == &r) {
      std::snprintf(relative, sizeof relative, "1.00");
    } else if (fastest != nullptr) {
      Ratio q = ratio(s.mean, s.stddev, base, fastest->summary.stddev);
      std::snprintf(relative, sizeof relative, "%.2f ± %.2f", q.value, q.error);
    }
    char line[512];
    std::snprintf(line, sizeof line, "| `%s` | %s | %.3f ± %.3f | %.3f | %.3f | %s |\n",
                  variant_name(r.variant).c_str(), format_size(r.ballast_bytes).c_str(),
                  s.mean * u.scale, s.stddev * u.scale, s.min * u.scale, s.max * u.scale,
                  relative);
    out += line;
  }
  return out;
}

bool write_file(const std::string& path, const std::string& text, std::string& error) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) {
    error = "cannot write " + path + ": " + std::strerror(errno);
    return false;
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  int saved = errno;
  ok = (std::fclose(f) == 0) && ok;
  if (!ok) {
    error = "cannot write " + path + ": " + std::strerror(saved ? saved : errno);
    return false;
  }
  return true;
}

}  // namespace spawnsh::compare
