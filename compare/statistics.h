// Statistics of a sample of run times: location, spread, the median's confidence interval from
// order statistics (no assumption about the distribution, which for process creation is skewed),
// outliers by modified Z-score, and the ratio of two means with its propagated error.
#pragma once

#include <cstddef>
#include <vector>

namespace spawnsh::compare {

double mean(const std::vector<double>& xs);
// The sample standard deviation (n - 1 in the denominator, as hyperfine); 0 for fewer than 2.
double stddev(const std::vector<double>& xs);
double median(std::vector<double> xs);
double minimum(const std::vector<double>& xs);
double maximum(const std::vector<double>& xs);

// The median absolute deviation: median(|x - median(x)|).
double median_absolute_deviation(const std::vector<double>& xs);

// Iglewicz and Hoaglin's modified Z-score, hyperfine's rule: (x - median) / (1.4826 * MAD).
// When the MAD is 0 (more than half the runs equal), the mean absolute deviation * 1.2533 takes
// its place, as Iglewicz and Hoaglin advise; when that is 0 too, every score is 0.
std::vector<double> modified_zscores(const std::vector<double>& xs);
// |score| above this is an outlier (hyperfine's threshold).
inline constexpr double kOutlierThreshold = 14.0;
// The indices of the outliers.
std::vector<std::size_t> outliers(const std::vector<double>& xs);

// A distribution-free confidence interval for the median: the order statistics x(j) and
// x(n+1-j) with j the largest rank for which the binomial coverage is at least `level`. With too
// few samples to reach `level`, the interval is [min, max] and `coverage` says what it covers.
struct Interval {
  double low = 0;
  double high = 0;
  double coverage = 0;  // the actual probability that the interval contains the median
};
Interval median_confidence_interval(std::vector<double> xs, double level = 0.95);

// a / b with the error of a ratio of two independent means: r * sqrt((sa/a)^2 + (sb/b)^2).
struct Ratio {
  double value = 0;
  double error = 0;
};
Ratio ratio(double mean_a, double stddev_a, double mean_b, double stddev_b);

// The least-squares slope of y against x (0 with fewer than two distinct x).
double slope(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace spawnsh::compare
