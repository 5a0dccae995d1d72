#include "compare/statistics.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace spawnsh::compare {

double mean(const std::vector<double>& xs) {
  if (xs.empty()) return 0;
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

double stddev(const std::vector<double>& xs) {
  if (xs.size() < 2) return 0;
  double m = mean(xs);
  double squares = 0;
  for (double x : xs) squares += (x - m) * (x - m);
  return std::sqrt(squares / static_cast<double>(xs.size() - 1));
}

double median(std::vector<double> xs) {
  if (xs.empty()) return 0;
  std::sort(xs.begin(), xs.end());
  std::size_t n = xs.size();
  return n % 2 == 1 ? xs[n / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
}

double minimum(const std::vector<double>& xs) {
  return xs.empty() ? 0 : *std::min_element(xs.begin(), xs.end());
}

double maximum(const std::vector<double>& xs) {
  return xs.empty() ? 0 : *std::max_element(xs.begin(), xs.end());
}

double median_absolute_deviation(const std::vector<double>& xs) {
  double m = median(xs);
  std::vector<double> deviations;
  deviations.reserve(xs.size());
  for (double x : xs) deviations.push_back(std::fabs(x - m));
  return median(std::move(deviations));
}

std::vector<double> modified_zscores(const std::vector<double>& xs) {
  std::vector<double> scores(xs.size(), 0.0);
  if (xs.empty()) return scores;
  double m = median(xs);
  double scale = 1.4826 * median_absolute_deviation(xs);
  if (scale == 0) {
    double total = 0;
    for (double x : xs) total += std::fabs(x - m);
    scale = 1.2533 * total / static_cast<double>(xs.size());
  }
  if (scale == 0) return scores;
  for (std::size_t i = 0; i < xs.size(); ++i) scores[i] = (xs[i] - m) / scale;
  return scores;
}

std::vector<std::size_t> outliers(const std::vector<double>& xs) {
  std::vector<double> scores = modified_zscores(xs);
  std::vector<std::size_t> found;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (std::fabs(scores[i]) > kOutlierThreshold) found.push_back(i);
  }
  return found;
}

namespace {

// P(X <= k) for X ~ Binomial(n, 1/2), summed in log space so that n in the thousands is exact
// enough and nothing overflows.
double binomial_half_cdf(std::size_t n, std::size_t k) {
  double total = 0;
  double log_half_n = static_cast<double>(n) * std::log(0.5);
  for (std::size_t i = 0; i <= k && i <= n; ++i) {
    double log_choose = std::lgamma(static_cast<double>(n) + 1) -
                        std::lgamma(static_cast<double>(i) + 1) -
                        std::lgamma(static_cast<double>(n - i) + 1);
    total += std::exp(log_choose + log_half_n);
  }
  return std::min(total, 1.0);
}

}  // namespace

Interval median_confidence_interval(std::vector<double> xs, double level) {
  Interval ci;
  if (xs.empty()) return ci;
  std::sort(xs.begin(), xs.end());
  std::size_t n = xs.size();
  // [x(j), x(n+1-j)] (1-based) contains the median with probability 1 - 2 P(X <= j - 1).
  std::size_t best = 1;
  double best_coverage = 1 - 2 * binomial_half_cdf(n, 0);
  for (std::size_t j = 2; j <= n / 2; ++j) {
    double coverage = 1 - 2 * binomial_half_cdf(n, j - 1);
    if (coverage < level) break;
    best = j;
    best_coverage = coverage;
  }
  ci.low = xs[best - 1];
  ci.high = xs[n - best];
  ci.coverage = n == 1 ? 0 : best_coverage;
  return ci;
}

Ratio ratio(double mean_a, double stddev_a, double mean_b, double stddev_b) {
  Ratio r;
  if (mean_b == 0 || mean_a == 0) return r;
  r.value = mean_a / mean_b;
  double ea = stddev_a / mean_a;
  double eb = stddev_b / mean_b;
  r.error = r.value * std::sqrt(ea * ea + eb * eb);
  return r;
}

double slope(const std::vector<double>& x, const std::vector<double>& y) {
  std::size_t n = std::min(x.size(), y.size());
  if (n < 2) return 0;
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0, sxx = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
  }
  return sxx == 0 ? 0 : sxy / sxx;
}

}  // namespace spawnsh::compare
