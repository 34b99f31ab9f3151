#include "outputs/evaluation/uncertainty_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/scenario/sampling.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

// Digits with thousands separators.
std::string grouped(long long v) {
  std::string digits = std::to_string(v < 0 ? -v : v), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (v < 0 ? "-" : "") + out;
}

double three_significant(double x) {
  if (x == 0.0) return 0.0;
  const double magnitude = std::pow(10.0, std::floor(std::log10(std::abs(x))) - 2);
  return std::round(x / magnitude) * magnitude;
}

std::string percent_text(double fraction) {
  char buf[32];
  const double p = fraction * 100;
  std::snprintf(buf, sizeof buf, p == std::round(p) ? "%.0f%%" : "%.2g%%", p);
  return buf;
}

}  // namespace

std::string money_text(double pounds) {
  if (!std::isfinite(pounds)) return "n/a";
  const double v = three_significant(std::abs(pounds));
  char buf[48];
  if (v >= 1e9)
    std::snprintf(buf, sizeof buf, "£%.3gbn", v / 1e9);
  else if (v >= 1e6)
    std::snprintf(buf, sizeof buf, "£%.3gm", v / 1e6);
  else
    std::snprintf(buf, sizeof buf, "£%s", grouped(std::llround(v)).c_str());
  return (pounds < 0 && v != 0.0 ? "-" : "") + std::string(buf);
}

std::string number_text(double x) {
  if (!std::isfinite(x)) return "n/a";
  char buf[48];
  if (std::abs(x) < 10)
    std::snprintf(buf, sizeof buf, "%.2f", x);
  else if (std::abs(x) < 100)
    std::snprintf(buf, sizeof buf, "%.1f", x);
  else
    return grouped(std::llround(x));
  return buf;
}

json sampling_document(double fraction) {
  const double scale_up = 1.0 / fraction;
  std::string text;
  if (fraction == 1.0) {
    text = "The whole population was simulated (no sampling): totals are the model's own.";
  } else {
    text = "A " + percent_text(fraction) +
           " sample of the population was simulated (one person in " + number_text(scale_up) +
           "); every total (money, QALYs, counts, units reached) is scaled up " +
           number_text(scale_up) +
           " times to the whole population. A sample adds Monte Carlo "
           "error: " +
           sampling_error_text(fraction) + "; each option's is stated with its results.";
  }
  return {{"fraction", fraction}, {"scale_up", scale_up}, {"text", text}};
}

json ranges_document(int replications, int min_replications, size_t parameters) {
  const bool shown = replications >= min_replications;
  const std::string includes = parameters > 0 ? "monte_carlo_and_parameters" : "monte_carlo";
  const std::string what =
      parameters > 0
          ? "Monte Carlo variation and the uncertainty of " + std::to_string(parameters) +
                " model parameter" + (parameters == 1 ? "" : "s") +
                " drawn afresh in each replication (probabilistic sensitivity analysis)"
          : "Monte Carlo variation only (the play of chance in the simulation), not the "
            "uncertainty of the model's parameters, none of which was given a distribution";
  const std::string runs =
      std::to_string(replications) + " replication" + (replications == 1 ? "" : "s");
  std::string text;
  if (shown)
    text = "Ranges are the 2.5th to 97.5th percentiles over " + runs +
           ", paired by seed; they include " + what + ".";
  else
    text = "No range is shown: " + runs + " (at least " + std::to_string(min_replications) +
           " are needed for a range to mean anything), so every figure is a mean and there is no "
           "acceptability curve. With enough replications the ranges would include " +
           what + ".";
  return {{"min_replications", min_replications},
          {"shown", shown},
          {"text", text},
          {"includes", includes}};
}

json mc_error_document(const std::vector<double>& npsv, const OptionFlows& f, const json& labels) {
  const size_t n = npsv.size();
  if (n >= 2) {
    double mean = 0.0, ss = 0.0;
    for (double x : npsv) mean += x / static_cast<double>(n);
    for (double x : npsv) ss += (x - mean) * (x - mean);
    const double se = std::sqrt(ss / static_cast<double>(n - 1) / static_cast<double>(n));
    return {
        {"npsv_se", se},
        {"method", "replications"},
        {"text", "Monte Carlo error: the mean net present social value has a standard error of " +
                     money_text(se) + " (the standard deviation over " + std::to_string(n) +
                     " replications divided by the square root of " + std::to_string(n) + ")."}};
  }
  // One replication: a count's difference O - B has a Poisson variance of at most O + B in the
  // sample (paired runs share random numbers, so the true error is smaller), scaled up as the total.
  struct Count {
    std::string name;
    double difference, se;
  };
  std::vector<Count> counts;
  for (const OutcomeSeries& x : f.outcomes) {
    if (x.unit != "events" || x.option_total[0].empty()) continue;
    const double o = x.option_total[0][0], b = x.baseline_total[0][0];
    if (o == b) continue;
    const double sample = (o + b) * f.sampling_fraction;
    counts.push_back({x.name, o - b, std::sqrt(sample) / f.sampling_fraction});
  }
  std::sort(counts.begin(), counts.end(), [](const Count& a, const Count& b) {
    return std::abs(a.difference) > std::abs(b.difference);
  });
  if (counts.size() > 3) counts.resize(3);
  json rows = json::array();
  std::string text = "One replication: its Monte Carlo error cannot be measured from replications.";
  if (counts.empty())
    return {{"npsv_se", nullptr}, {"method", nullptr}, {"text", text}, {"counts", rows}};
  text +=
      " A Poisson approximation for the main counts (an upper bound: paired runs share random "
      "numbers): ";
  for (size_t k = 0; k < counts.size(); ++k) {
    const Count& c = counts[k];
    const std::string label = labels.contains(c.name) ? labels[c.name].get<std::string>() : c.name;
    rows.push_back({{"outcome", c.name}, {"difference", c.difference}, {"se", c.se}});
    text += (k ? "; " : "") + label + " " + number_text(c.difference) + " (standard error " +
            number_text(c.se) + ")";
  }
  return {{"npsv_se", nullptr}, {"method", "poisson"}, {"text", text + "."}, {"counts", rows}};
}

}  // namespace civicsim::evaluation
