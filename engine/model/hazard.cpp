// A transition's named parametric hazard as a table of probabilities per step (see tables.hpp).
//
// The clock t (years) of a step starting at clock code c is c x dt for the cycle and the time in
// state (both count steps) and c for age (completed years). The probability of the move in the
// step is 1 - S(t + dt) / S(t), computed once per code of the clock and of the parameters'
// covariates, so the step loop reads it like any probability per cycle.
#include <algorithm>
#include <cmath>

#include "engine/model/tables.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim::process {
namespace {

using Distribution = HazardSpec::Distribution;

// H(t1) - H(t0) for the cumulative hazards whose survival is exp(-H).
double hazard_increase(Distribution d, double a, double b, double t0, double t1) {
  switch (d) {
    case Distribution::kExponential:
      return a * (t1 - t0);
    case Distribution::kWeibull:  // H = scale t^shape
      return a * (std::pow(t1, b) - std::pow(t0, b));
    case Distribution::kGompertz:  // H = rate / shape (e^(shape t) - 1); shape 0: rate t
      return b == 0.0 ? a * (t1 - t0) : a / b * (std::exp(b * t1) - std::exp(b * t0));
    case Distribution::kLogLogistic:
      break;
  }
  return 0.0;
}

double step_probability(Distribution d, double a, double b, double t0, double dt) {
  const double t1 = t0 + dt;
  if (d == Distribution::kLogLogistic) {  // S = 1 / (1 + (t/scale)^shape)
    const double x0 = std::pow(t0 / a, b), x1 = std::pow(t1 / a, b);
    return (x1 - x0) / (1.0 + x1);
  }
  return -std::expm1(-hazard_increase(d, a, b, t0, t1));
}

// The parameter names of each distribution: the first is a, the second b (absent: 0).
std::vector<std::string> parameter_names(Distribution d) {
  switch (d) {
    case Distribution::kExponential:
      return {"rate"};
    case Distribution::kGompertz:
      return {"rate", "shape"};
    default:
      return {"scale", "shape"};
  }
}

// Whether (a, b) are valid for the distribution; else what is expected.
std::string invalid(Distribution d, double a, double b) {
  switch (d) {
    case Distribution::kExponential:
      return a >= 0.0 ? "" : "a rate >= 0";
    case Distribution::kGompertz:
      return a > 0.0 ? "" : "a rate > 0 (the shape may have any sign)";
    default:
      return a > 0.0 && b > 0.0 ? "" : "a scale > 0 and a shape > 0";
  }
}

}  // namespace

std::optional<expr::LookupTable> hazard_table(const HazardSpec& h, const std::string& process,
                                              double dt, const Site& site) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  const std::string clock_name = h.clock == HazardSpec::Clock::kAge ? "age"
                                 : h.clock == HazardSpec::Clock::kCycle
                                     ? "cycle"
                                     : process + ".time_in_state";
  const size_t clock = *c.find_variable(clock_name);
  const std::vector<std::string> names = parameter_names(h.distribution);
  std::vector<expr::LookupTable> parameters;
  bool ok = true;
  for (const std::string& name : names) {
    const auto it = std::find_if(h.parameters.begin(), h.parameters.end(),
                                 [&](const auto& p) { return p.first == name; });
    auto t = stratified_table(it->second, site);  // present: the rules checked
    if (!t) {
      ok = false;
      continue;
    }
    if (std::find(t->variables.begin(), t->variables.end(), clock) != t->variables.end()) {
      site.add(it->second.json_path,
               "a parameter of covariates other than the clock " + clock_name +
                   " (the clock is the hazard's t)",
               "one that depends on " + clock_name);
      ok = false;
      continue;
    }
    parameters.push_back(std::move(*t));
  }
  if (!ok) return std::nullopt;
  expr::LookupTable clock_table = expr::make_table({clock}, c);
  std::vector<const expr::LookupTable*> all;
  for (const auto& p : parameters) all.push_back(&p);
  all.push_back(&clock_table);
  const std::vector<size_t> vars = union_variables(all);
  expr::LookupTable out = expr::make_table(vars, c);
  const size_t clock_slot =
      static_cast<size_t>(std::lower_bound(vars.begin(), vars.end(), clock) - vars.begin());
  const double clock_unit = h.clock == HazardSpec::Clock::kAge ? 1.0 : dt;
  CellWalker walk(vars, site.catalogue, all);
  for (size_t cell = 0; cell < walk.cells(); ++cell, walk.next()) {
    const double a = parameters[0].values[walk.index(0)];
    const double b = parameters.size() > 1 ? parameters[1].values[walk.index(1)] : 0.0;
    if (const std::string why = invalid(h.distribution, a, b); !why.empty()) {
      site.add(h.json_path + "/parameters", why,
               names[0] + " " + schema::format_number(a) +
                   (names.size() > 1 ? ", " + names[1] + " " + schema::format_number(b) : "") +
                   walk.describe());
      return std::nullopt;
    }
    const double t0 = static_cast<double>(walk.codes()[clock_slot]) * clock_unit;
    const double p = step_probability(h.distribution, a, b, t0, dt);
    if (!std::isfinite(p) || p < 0.0 || p > 1.0) {
      site.add(h.json_path, "a probability in [0, 1] in every step",
               schema::format_number(p) + walk.describe());
      return std::nullopt;
    }
    out.values[cell] = p;
  }
  return out;
}

}  // namespace civicsim::process
