#include "compare/driver.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>

#include "compare/ballast.h"

namespace spawnsh::compare {

std::vector<std::size_t> shuffled_round(std::size_t n, std::mt19937_64& rng) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  for (std::size_t i = n; i > 1; --i) {
    std::size_t j = static_cast<std::size_t>(rng() % i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

std::uint64_t runs_for(double first_run_seconds, const Options& options) {
  if (options.runs) return *options.runs;
  std::uint64_t n = options.min_runs;
  if (first_run_seconds > 0) {
    double wanted = std::ceil(options.min_time / first_run_seconds);
    if (wanted > static_cast<double>(n)) {
      n = wanted > 1e12 ? std::uint64_t{1'000'000'000'000} : static_cast<std::uint64_t>(wanted);
    }
  }
  if (options.max_runs) n = std::min(n, *options.max_runs);
  return std::max<std::uint64_t>(n, 1);
}

std::vector<Variant> default_variants() {
  return std::vector<Variant>(std::begin(kVariants), std::end(kVariants));
}

namespace {

std::string shown(const std::string& output) {
  std::string text = output.size() > 200 ? output.substr(0, 200) + "..." : output;
  std::string quoted;
  for (char c : text) {
    if (c == '\n') quoted += "\\n";
    else quoted += c;
  }
  return "'" + quoted + "'";
}

struct Loop {
  const Options& options;
  Measurer& measurer;
  Observer& observer;
  Comparison& out;
  std::string& error;
  // The first recorded run, copied: every variant must match it. (A pointer into the kept
  // samples dangled once a later push_back grew their vector: ASan, .ci/sanitize.)
  std::optional<RunSample> reference;
  Variant reference_variant;
  Observer::State state;

  // One run; false (error set) when the comparison must stop.
  bool once(Variant variant, std::vector<RunSample>* keep) {
    state.variant = variant;
    observer.before_run(state);
    if (!options.prepare.empty() && !measurer.prepare(variant, error)) return false;
    RunSample sample = measurer.run(variant);
    ++state.done;
    if (sample.exit_code != 0 && !options.ignore_failure) {
      error = "Command terminated with non-zero exit code " + std::to_string(sample.exit_code) +
              " under the " + variant_name(variant) +
              " backend. Use the '-i'/'--ignore-failure' option if you want to ignore this.";
      if (!sample.output.empty()) error += "\nIts output: " + shown(sample.output);
      return false;
    }
    if (keep == nullptr) return true;
    keep->push_back(std::move(sample));
    const RunSample& kept = keep->back();
    if (keep->size() == 1 && options.check_output) {
      if (!reference) {
        reference = kept;
        reference_variant = variant;
      } else if (kept.output_digest != reference->output_digest ||
                 kept.exit_code != reference->exit_code) {
        error = "the backends disagree, so nothing is timed:\n  " +
                variant_name(reference_variant) + ": status " +
                std::to_string(reference->exit_code) + ", output " + shown(reference->output) +
                "\n  " + variant_name(variant) + ": status " +
                std::to_string(kept.exit_code) + ", output " + shown(kept.output);
        return false;
      }
    }
    if (keep->size() > 1) keep->back().output.clear();  // only the first is worth keeping
    return true;
  }
};

}  // namespace

int run_comparison(const Options& options, Measurer& measurer, Observer& observer,
                   Comparison& out, std::string& error) {
  out.variants = options.variants.empty() ? default_variants() : options.variants;
  out.ballast_sizes = options.ballast.empty() ? std::vector<std::uint64_t>{0} : options.ballast;
  out.command = options.command;
  out.seed = options.seed ? *options.seed
                          : static_cast<std::uint64_t>(
                                std::chrono::steady_clock::now().time_since_epoch().count());
  out.thp_state = transparent_huge_pages();
  std::uint64_t available = available_memory();
  for (std::uint64_t size : out.ballast_sizes) {
    if (!ballast_fits(size, available, error)) return 2;
  }
  std::mt19937_64 rng(out.seed);
  Ballast ballast;
  // Results are kept in place: reserve every slot first.
  out.results.clear();
  out.results.reserve(out.variants.size() * out.ballast_sizes.size());
  Loop loop{options, measurer, observer, out, error, std::nullopt, {}, {}};
  // The progress display is told the end however the comparison ends.
  struct Finish {
    Observer& observer;
    ~Finish() { observer.finished(); }
  } finish{observer};
  const std::size_t nb = out.variants.size();
  for (std::uint64_t size : out.ballast_sizes) {
    if (!ballast.resize(size, error)) return 1;
    out.huge_page_bytes.push_back(anon_huge_pages());
    loop.state.ballast = size;
    std::size_t first = out.results.size();
    for (Variant v : out.variants) {
      VariantResult r;
      r.variant = v;
      r.ballast_bytes = size;
      out.results.push_back(std::move(r));
    }
    loop.state.warmup = true;
    loop.state.runs = options.warmup;
    loop.state.total += options.warmup * nb;
    for (std::uint64_t w = 0; w < options.warmup; ++w) {
      loop.state.run = w + 1;
      for (std::size_t k : shuffled_round(nb, rng)) {
        if (!loop.once(out.variants[k], nullptr)) return 1;
      }
    }
    loop.state.warmup = false;
    // The counts: fixed, or from one measured run of each variant (which is kept).
    std::vector<std::uint64_t> wanted(nb, options.runs ? *options.runs : 0);
    if (!options.runs) {
      loop.state.run = 1;
      loop.state.runs = 0;
      for (std::size_t k : shuffled_round(nb, rng)) {
        if (!loop.once(out.variants[k], &out.results[first + k].runs)) return 1;
      }
      for (std::size_t k = 0; k < nb; ++k) {
        wanted[k] = runs_for(out.results[first + k].runs.front().wall, options);
        loop.state.total += wanted[k];
      }
    } else {
      for (std::size_t k = 0; k < nb; ++k) loop.state.total += wanted[k];
    }
    for (;;) {
      std::vector<std::size_t> pending;
      for (std::size_t k = 0; k < nb; ++k) {
        if (out.results[first + k].runs.size() < wanted[k]) pending.push_back(k);
      }
      if (pending.empty()) break;
      for (std::size_t index : shuffled_round(pending.size(), rng)) {
        std::size_t k = pending[index];
        VariantResult& r = out.results[first + k];
        loop.state.run = r.runs.size() + 1;
        loop.state.runs = wanted[k];
        if (!loop.once(out.variants[k], &r.runs)) return 1;
      }
    }
  }
  ballast.release();
  for (VariantResult& r : out.results) r.summary = summarize(r.runs);
  return 0;
}

}  // namespace spawnsh::compare
