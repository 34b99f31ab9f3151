// The sampling fraction of a run and what it means (sampling.hpp).
#include "engine/scenario/sampling.hpp"

#include <cmath>
#include <cstdio>

namespace civicsim {
namespace {

// Three significant figures, no trailing zeros: 5, 0.01, 33.3, 1e+03 stays 1000.
std::string figure(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 1000 && v < 1e7 ? "%.0f" : "%.3g", v);
  return buf;
}

}  // namespace

double sampling_fraction(const PopulationSettings& population) {
  return population.source == PopulationSource::kLcrSynthetic ? population.scale : 1.0;
}

std::optional<double> sampling_fraction(const nlohmann::json& resolved_scenario) {
  if (!resolved_scenario.is_object() || !resolved_scenario.contains("population"))
    return std::nullopt;
  const nlohmann::json& p = resolved_scenario.at("population");
  if (!p.is_object()) return std::nullopt;
  const nlohmann::json source = p.value("source", nlohmann::json("lcr_synthetic"));
  if (source != "lcr_synthetic") return 1.0;
  const nlohmann::json scale = p.value("scale", nlohmann::json(1.0));  // the schema's default
  if (!scale.is_number() || !(scale.get<double>() > 0) || !std::isfinite(scale.get<double>()))
    return std::nullopt;
  return scale.get<double>();
}

std::string sampling_error_text(double fraction) {
  // A count c in the sample is about Poisson, so the scaled-up N = c / f has variance c / f^2 = N / f.
  const double se = std::sqrt(1000.0 / fraction);
  return "a scaled-up count of 1,000 carries a Monte Carlo standard error of about " + figure(se) +
         " (" + figure(se / 10.0) + "%): the square root of the count divided by the fraction";
}

std::string sampling_text(double fraction) {
  const std::string scale = "(scale " + figure(fraction) + ")";
  if (fraction == 1.0)
    return "the whole population " + scale + ": totals in this file are the population's";
  if (fraction < 1.0)
    return figure(100 * fraction) + "% of the population " + scale +
           ": totals in this file are about 1/" + figure(1 / fraction) +
           " of the whole population's; civicsim evaluate scales them up, and " +
           sampling_error_text(fraction);
  return figure(fraction) + " simulated persons per real person " + scale +
         ": totals in this file are about " + figure(fraction) +
         " times the whole population's; civicsim evaluate scales them down";
}

}  // namespace civicsim
