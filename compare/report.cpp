#include "compare/report.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "compare/options.h"
#include "compare/statistics.h"

namespace spawnsh::compare {

TimeUnit unit_for(double seconds) {
  if (seconds < 1e-3) return {"µs", 1e6};
  if (seconds < 1.0) return {"ms", 1e3};
  return {"s", 1.0};
}

namespace {

template <typename... Args>
std::string format(const char* fmt, Args... args) {
  char buffer[512];
  std::snprintf(buffer, sizeof buffer, fmt, args...);
  return buffer;
}

// Pads to a width counted in characters (µ and ± are two bytes in UTF-8).
std::string pad(const std::string& text, std::size_t width, bool right = false) {
  std::size_t shown = 0;
  for (unsigned char c : text) shown += (c & 0xC0) != 0x80;
  if (shown >= width) return text;
  std::string fill(width - shown, ' ');
  return right ? fill + text : text + fill;
}

std::string name(spawn::Backend b) { return std::string(spawn::backend_name(b)); }

// The width of the widest variant name of the comparison, for the columns of names.
std::size_t name_width(const Comparison& c) {
  std::size_t width = std::string("backend").size();
  for (Variant v : c.variants) width = std::max(width, variant_name(v).size());
  return width;
}

std::string table(const Comparison& c, std::uint64_t ballast) {
  double smallest = 0;
  bool any = false;
  for (const VariantResult& r : c.results) {
    if (r.ballast_bytes != ballast || r.summary.runs == 0) continue;
    if (!any || r.summary.mean < smallest) smallest = r.summary.mean;
    any = true;
  }
  TimeUnit u = unit_for(smallest);
  std::string unit = u.name;
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"backend", "runs", "mean ± σ [" + unit + "]", "median [95% CI] [" + unit + "]",
                  "min … max [" + unit + "]", "user [" + unit + "]", "sys [" + unit + "]",
                  "max RSS", "minflt", "majflt", "vcsw", "ivcsw", "procs/run", "made by",
                  "outliers"});
  for (const VariantResult& r : c.results) {
    if (r.ballast_bytes != ballast) continue;
    const Summary& s = r.summary;
    double k = u.scale;
    std::string ci = format("%.3f [%.3f, %.3f]", s.median * k, s.median_ci_low * k,
                            s.median_ci_high * k);
    if (s.runs > 0 && s.median_ci_coverage < 0.95) ci += format(" (%.0f%%)", s.median_ci_coverage * 100);
    rows.push_back({variant_name(r.variant), std::to_string(s.runs),
                    format("%.3f ± %.3f", s.mean * k, s.stddev * k), ci,
                    format("%.3f … %.3f", s.min * k, s.max * k), format("%.3f", s.user * k),
                    format("%.3f", s.system * k), format("%.1f MiB", static_cast<double>(s.max_rss_kib) / 1024),
                    format("%.1f", s.minor_faults), format("%.1f", s.major_faults),
                    format("%.1f", s.voluntary_switches), format("%.1f", s.involuntary_switches),
                    format("%.2f", s.processes), made_by(s), std::to_string(s.outliers.size())});
  }
  std::vector<std::size_t> widths(rows[0].size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::size_t shown = 0;
      for (unsigned char ch : row[i]) shown += (ch & 0xC0) != 0x80;
      widths[i] = std::max(widths[i], shown);
    }
  }
  std::string text;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      bool numeric = i == 1 || (i >= 7 && i <= 12) || i == 14;
      line += pad(row[i], widths[i], numeric);
      if (i + 1 < row.size()) line += "  ";
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    text += line + '\n';
  }
  return text;
}

}  // namespace

std::string made_by(const Summary& s) {
  std::string text;
  for (spawn::Backend b : {spawn::Backend::Fork, spawn::Backend::Vfork, spawn::Backend::Clone,
                           spawn::Backend::PosixSpawn, spawn::Backend::Emulated}) {
    std::uint64_t n = s.by_backend[backend_slot(b)];
    if (n == 0) continue;
    if (!text.empty()) text += ", ";
    text += name(b) + " " + std::to_string(n);
  }
  if (s.fallbacks > 0) text += " (" + std::to_string(s.fallbacks) + " fallback)";
  return text.empty() ? "-" : text;
}

std::string summary_text(const Comparison& c, std::uint64_t ballast) {
  const VariantResult* fastest = nullptr;
  for (const VariantResult& r : c.results) {
    if (r.ballast_bytes != ballast || r.summary.runs == 0) continue;
    if (fastest == nullptr || r.summary.mean < fastest->summary.mean) fastest = &r;
  }
  if (fastest == nullptr) return {};
  std::string text = "Summary: " + variant_name(fastest->variant) + " is the fastest\n";
  for (const VariantResult& r : c.results) {
    if (r.ballast_bytes != ballast || &r == fastest || r.summary.runs == 0) continue;
    Ratio q = ratio(r.summary.mean, r.summary.stddev, fastest->summary.mean,
                    fastest->summary.stddev);
    text += format("  %s is %.2f ± %.2f times faster than %s\n",
                   variant_name(fastest->variant).c_str(), q.value, q.error,
                   variant_name(r.variant).c_str());
  }
  return text;
}

double growth_per_gib(const Comparison& c, Variant v) {
  std::vector<double> x, y;
  for (std::uint64_t size : c.ballast_sizes) {
    const VariantResult* r = c.find(v, size);
    if (r == nullptr || r->summary.runs == 0) continue;
    x.push_back(static_cast<double>(size) / static_cast<double>(1ull << 30));
    y.push_back(r->summary.mean);
  }
  return slope(x, y);
}

std::string scan_text(const Comparison& c) {
  if (c.ballast_sizes.size() < 2) return {};
  double smallest = -1;
  for (const VariantResult& r : c.results) {
    if (r.summary.runs > 0 && (smallest < 0 || r.summary.mean < smallest)) smallest = r.summary.mean;
  }
  TimeUnit u = unit_for(smallest < 0 ? 0 : smallest);
  std::string text = std::string("Mean wall time [") + u.name + "] by ballast size\n";
  const std::size_t width = name_width(c);
  std::string header = pad("backend", width);
  for (std::uint64_t size : c.ballast_sizes) header += "  " + pad(format_size(size), 10, true);
  header += "  " + pad(std::string("growth per GiB [") + u.name + "]", 22, true);
  text += header + '\n';
  for (Variant v : c.variants) {
    std::string line = pad(variant_name(v), width);
    for (std::uint64_t size : c.ballast_sizes) {
      const VariantResult* r = c.find(v, size);
      line += "  " + pad(r ? format("%.3f", r->summary.mean * u.scale) : std::string("-"), 10, true);
    }
    line += "  " + pad(format("%+.3f", growth_per_gib(c, v) * u.scale), 22, true);
    text += line + '\n';
  }
  return text;
}

std::string report_text(const Comparison& c) {
  std::string text;
  for (std::size_t i = 0; i < c.ballast_sizes.size(); ++i) {
    std::uint64_t size = c.ballast_sizes[i];
    std::string huge = i < c.huge_page_bytes.size()
                           ? ", " + std::to_string(c.huge_page_bytes[i] >> 20) + " MiB of the shell in huge pages"
                           : std::string();
    text += "Command: " + c.command + "\n";
    text += "Ballast: " + format_size(size) + " (transparent huge pages: " + c.thp_state + huge +
            "), seed " + std::to_string(c.seed) + "\n";
    text += table(c, size);
    for (const VariantResult& r : c.results) {
      if (r.ballast_bytes != size) continue;
      for (const std::string& w : r.summary.warnings) {
        text += "  Warning (" + variant_name(r.variant) + "): " + w + "\n";
      }
    }
    text += "\n" + summary_text(c, size) + "\n";
  }
  std::string scan = scan_text(c);
  if (!scan.empty()) text += scan;
  return text;
}

}  // namespace spawnsh::compare
