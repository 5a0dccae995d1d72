// --plot FILE.svg: an SVG written here (no dependency). One ballast size: each backend's runs as
// dots over a box (quartiles, median), on a common time axis. Several sizes: mean wall time
// (± σ) against ballast size, one line per backend. Axes, units and a legend either way; every
// series is a <g class="series" data-backend="NAME"> so that tools (and tests) can find it.
#pragma once

#include <string>
#include <vector>

#include "compare/model.h"

namespace spawnsh::compare {

std::string plot_svg(const Comparison& c);

// Round tick values covering [low, high], about `count` of them.
std::vector<double> nice_ticks(double low, double high, int count);

}  // namespace spawnsh::compare
