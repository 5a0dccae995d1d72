#include "compare/plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>

#include "compare/options.h"
#include "compare/report.h"
#include "compare/statistics.h"

namespace spawnsh::compare {
namespace {

constexpr double kWidth = 800, kHeight = 480;
// Room on the left and right for the longest names ("emulated-serialize").
constexpr double kLeft = 140, kRight = 180, kTop = 40, kBottom = 60;
// One colour per variant, in kVariants' order.
const char* const kColours[] = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"};
static_assert(std::size(kColours) == kVariantSlots);

std::string num(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%.2f", v);
  return b;
}

std::string label(double v) {
  char b[32];
  std::snprintf(b, sizeof b, "%g", v);
  return b;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string colour(Variant v) { return kColours[variant_slot(v)]; }

struct Axis {
  double low, high, from, to;  // data range -> pixel range
  double at(double v) const { return high == low ? from : from + (v - low) / (high - low) * (to - from); }
};

std::string header(const std::string& title) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(kWidth) + "\" height=\"" +
         num(kHeight) + "\" viewBox=\"0 0 " + num(kWidth) + " " + num(kHeight) +
         "\" font-family=\"sans-serif\" font-size=\"12\">\n"
         "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
         "<text class=\"title\" x=\"" + num(kWidth / 2) + "\" y=\"22\" text-anchor=\"middle\" "
         "font-size=\"14\">" + escape(title) + "</text>\n";
}

// A horizontal axis at the bottom with ticks and a label.
std::string x_axis(const Axis& x, const std::vector<double>& ticks, const std::string& text) {
  double y = kHeight - kBottom;
  std::string out = "<g class=\"x-axis\">\n<line x1=\"" + num(kLeft) + "\" y1=\"" + num(y) +
                    "\" x2=\"" + num(kWidth - kRight) + "\" y2=\"" + num(y) + "\" stroke=\"black\"/>\n";
  for (double t : ticks) {
    double px = x.at(t);
    out += "<line x1=\"" + num(px) + "\" y1=\"" + num(y) + "\" x2=\"" + num(px) + "\" y2=\"" +
           num(y + 5) + "\" stroke=\"black\"/>\n<text x=\"" + num(px) + "\" y=\"" + num(y + 18) +
           "\" text-anchor=\"middle\">" + label(t) + "</text>\n";
  }
  out += "<text class=\"axis-label\" x=\"" + num((kLeft + kWidth - kRight) / 2) + "\" y=\"" +
         num(kHeight - 15) + "\" text-anchor=\"middle\">" + escape(text) + "</text>\n</g>\n";
  return out;
}

std::string legend(const std::vector<Variant>& variants) {
  std::string out = "<g class=\"legend\">\n";
  double y = kTop + 10;
  for (Variant b : variants) {
    out += "<rect x=\"" + num(kWidth - kRight + 20) + "\" y=\"" + num(y - 9) +
           "\" width=\"12\" height=\"12\" fill=\"" + colour(b) + "\"/><text x=\"" +
           num(kWidth - kRight + 38) + "\" y=\"" + num(y + 1) + "\">" + variant_name(b) + "</text>\n";
    y += 20;
  }
  return out + "</g>\n";
}

double quantile(std::vector<double> xs, double q) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  double pos = q * static_cast<double>(xs.size() - 1);
  auto i = static_cast<std::size_t>(pos);
  double frac = pos - static_cast<double>(i);
  return i + 1 < xs.size() ? xs[i] * (1 - frac) + xs[i + 1] * frac : xs[i];
}

std::string distributions(const Comparison& c, std::uint64_t ballast) {
  double low = -1, high = 0;
  std::vector<const VariantResult*> shown;
  for (const VariantResult& r : c.results) {
    if (r.ballast_bytes != ballast || r.runs.empty()) continue;
    shown.push_back(&r);
    low = low < 0 ? r.summary.min : std::min(low, r.summary.min);
    high = std::max(high, r.summary.max);
  }
  TimeUnit u = unit_for(low < 0 ? 0 : low);
  std::vector<double> ticks = nice_ticks(std::max(0.0, low) * u.scale, high * u.scale, 6);
  Axis x{ticks.front(), ticks.back(), kLeft, kWidth - kRight};
  std::string out = header("spawnsh compare: " + c.command + " (ballast " + format_size(ballast) + ")");
  out += x_axis(x, ticks, std::string("wall time [") + u.name + "]");
  double band = (kHeight - kTop - kBottom) / static_cast<double>(std::max<std::size_t>(shown.size(), 1));
  for (std::size_t k = 0; k < shown.size(); ++k) {
    const VariantResult& r = *shown[k];
    double mid = kTop + band * (static_cast<double>(k) + 0.5);
    std::vector<double> times;
    for (const RunSample& s : r.runs) times.push_back(s.wall * u.scale);
    double q1 = quantile(times, 0.25), q3 = quantile(times, 0.75), med = quantile(times, 0.5);
    out += "<g class=\"series\" data-backend=\"" + variant_name(r.variant) + "\" fill=\"" + colour(r.variant) + "\">\n";
    out += "<text x=\"" + num(kLeft - 8) + "\" y=\"" + num(mid + 4) + "\" text-anchor=\"end\" fill=\"black\">" +
           variant_name(r.variant) + "</text>\n";
    out += "<rect class=\"box\" x=\"" + num(x.at(q1)) + "\" y=\"" + num(mid - band * 0.3) + "\" width=\"" +
           num(std::max(1.0, x.at(q3) - x.at(q1))) + "\" height=\"" + num(band * 0.6) +
           "\" fill-opacity=\"0.15\" stroke=\"" + colour(r.variant) + "\"/>\n";
    out += "<line class=\"median\" x1=\"" + num(x.at(med)) + "\" y1=\"" + num(mid - band * 0.3) + "\" x2=\"" +
           num(x.at(med)) + "\" y2=\"" + num(mid + band * 0.3) + "\" stroke=\"black\" stroke-width=\"2\"/>\n";
    // Dots spread vertically by a fixed pattern (no randomness: the same data gives the same file).
    for (std::size_t i = 0; i < times.size(); ++i) {
      double jitter = (static_cast<double>((i * 37) % 21) / 20.0 - 0.5) * band * 0.5;
      out += "<circle class=\"run\" cx=\"" + num(x.at(times[i])) + "\" cy=\"" + num(mid + jitter) +
             "\" r=\"2.5\" fill-opacity=\"0.6\"/>\n";
    }
    out += "</g>\n";
  }
  out += legend(c.variants);
  return out + "</svg>\n";
}

std::string scan(const Comparison& c) {
  double top = 0, smallest = -1;
  for (const VariantResult& r : c.results) {
    top = std::max(top, r.summary.mean + r.summary.stddev);
    if (r.summary.runs > 0 && (smallest < 0 || r.summary.mean < smallest)) smallest = r.summary.mean;
  }
  TimeUnit u = unit_for(top);
  double gib = static_cast<double>(1ull << 30);
  double biggest = static_cast<double>(*std::max_element(c.ballast_sizes.begin(), c.ballast_sizes.end())) / gib;
  std::vector<double> xticks = nice_ticks(0, biggest, 6);
  std::vector<double> yticks = nice_ticks(0, top * u.scale, 6);
  Axis x{xticks.front(), xticks.back(), kLeft, kWidth - kRight};
  Axis y{yticks.front(), yticks.back(), kHeight - kBottom, kTop};
  std::string out = header("spawnsh compare: " + c.command + " against the parent's size");
  out += x_axis(x, xticks, "ballast (private memory of the spawning shell) [GiB]");
  out += "<g class=\"y-axis\">\n<line x1=\"" + num(kLeft) + "\" y1=\"" + num(kTop) + "\" x2=\"" + num(kLeft) +
         "\" y2=\"" + num(kHeight - kBottom) + "\" stroke=\"black\"/>\n";
  for (double t : yticks) {
    out += "<line x1=\"" + num(kLeft - 5) + "\" y1=\"" + num(y.at(t)) + "\" x2=\"" + num(kLeft) + "\" y2=\"" +
           num(y.at(t)) + "\" stroke=\"black\"/>\n<text x=\"" + num(kLeft - 8) + "\" y=\"" + num(y.at(t) + 4) +
           "\" text-anchor=\"end\">" + label(t) + "</text>\n";
  }
  out += "<text class=\"axis-label\" transform=\"translate(30," + num((kTop + kHeight - kBottom) / 2) +
         ") rotate(-90)\" text-anchor=\"middle\">mean wall time [" + u.name + "]</text>\n</g>\n";
  for (Variant b : c.variants) {
    out += "<g class=\"series\" data-backend=\"" + variant_name(b) + "\" stroke=\"" + colour(b) + "\" fill=\"" + colour(b) + "\">\n";
    std::string points;
    for (std::uint64_t size : c.ballast_sizes) {
      const VariantResult* r = c.find(b, size);
      if (r == nullptr || r->summary.runs == 0) continue;
      double px = x.at(static_cast<double>(size) / gib), py = y.at(r->summary.mean * u.scale);
      points += num(px) + "," + num(py) + " ";
      out += "<line class=\"error\" x1=\"" + num(px) + "\" y1=\"" + num(y.at((r->summary.mean - r->summary.stddev) * u.scale)) +
             "\" x2=\"" + num(px) + "\" y2=\"" + num(y.at((r->summary.mean + r->summary.stddev) * u.scale)) + "\"/>\n";
      out += "<circle class=\"point\" cx=\"" + num(px) + "\" cy=\"" + num(py) + "\" r=\"3.5\"/>\n";
    }
    out += "<polyline fill=\"none\" stroke-width=\"2\" points=\"" + points + "\"/>\n</g>\n";
  }
  out += legend(c.variants);
  return out + "</svg>\n";
}

}  // namespace

std::vector<double> nice_ticks(double low, double high, int count) {
  if (!(high > low)) high = low + (low == 0 ? 1 : std::fabs(low));
  double raw = (high - low) / std::max(count, 1);
  double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  std::vector<double> ticks;
  double first = std::floor(low / step) * step;
  for (double t = first; t <= high + step * 0.999; t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0 : t);
    if (t >= high) break;
  }
  return ticks;
}

std::string plot_svg(const Comparison& c) {
  if (c.ballast_sizes.size() > 1) return scan(c);
  return distributions(c, c.ballast_sizes.empty() ? 0 : c.ballast_sizes.front());
}

}  // namespace spawnsh::compare
