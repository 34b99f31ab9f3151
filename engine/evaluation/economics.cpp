#include "engine/evaluation/economics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace civicsim::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require(bool ok, const char* function, const std::string& message) {
  if (!ok) throw std::invalid_argument(std::string("evaluation::") + function + ": " + message);
}

void require_finite(const std::vector<double>& v, const char* function, const std::string& what) {
  for (std::size_t i = 0; i < v.size(); ++i)
    require(std::isfinite(v[i]), function, what + "[" + std::to_string(i) + "] is not finite");
}

void check_schedule(const RateSchedule& s, const char* function) {
  require(!s.empty(), function, "discount rate schedule is empty");
  require(s.front().first == 0, function, "discount rate schedule must start at year 0");
  for (std::size_t i = 0; i < s.size(); ++i) {
    require(std::isfinite(s[i].second) && s[i].second > -1.0, function,
            "discount rate must be finite and > -1, got " + std::to_string(s[i].second));
    if (i > 0)
      require(s[i].first > s[i - 1].first, function,
              "discount rate schedule years must be strictly increasing");
  }
}

}  // namespace

// ---- Discounting -----------------------------------------------------------------------------

DiscountRates DiscountRates::green_book() {
  // Bands 0-30, 31-75, 76-125, 126-200, 201-300, 301+ (Green Book 2022, Annex A6). The health
  // schedule is the standard one without the wealth effect (1.5% = 0.5% pure time preference + 1%
  // catastrophic risk), scaled down the same bands.
  return {{{0, 0.035}, {31, 0.030}, {76, 0.025}, {126, 0.020}, {201, 0.015}, {301, 0.010}},
          {{0, 0.015}, {31, 0.0129}, {76, 0.0107}, {126, 0.0086}, {201, 0.0064}, {301, 0.0043}}};
}

DiscountRates DiscountRates::nice() { return {{{0, 0.035}}, {{0, 0.035}}}; }

DiscountRates DiscountRates::constant(double cost_rate, double health_rate) {
  return {{{0, cost_rate}}, {{0, health_rate}}};
}

double rate_in_year(const RateSchedule& schedule, int year) {
  check_schedule(schedule, "rate_in_year");
  require(year >= 0, "rate_in_year", "year must be >= 0, got " + std::to_string(year));
  double r = schedule.front().second;
  for (const auto& [from, rate] : schedule)
    if (from <= year) r = rate;
  return r;
}

std::vector<double> discount_factors(const RateSchedule& schedule, int years) {
  check_schedule(schedule, "discount_factors");
  require(years >= 1, "discount_factors", "need at least one year, got " + std::to_string(years));
  std::vector<double> d(static_cast<std::size_t>(years));
  d[0] = 1.0;
  // Year t's rate takes year t back to year t-1 (see the header), so a band "31-75" first applies
  // to the step from year 31 to year 30.
  for (int t = 1; t < years; ++t)
    d[static_cast<std::size_t>(t)] =
        d[static_cast<std::size_t>(t - 1)] / (1.0 + rate_in_year(schedule, t));
  return d;
}

double present_value(const std::vector<double>& flows, const std::vector<double>& factors) {
  require(!flows.empty(), "present_value", "no flows");
  require(flows.size() == factors.size(), "present_value",
          std::to_string(flows.size()) + " flows but " + std::to_string(factors.size()) +
              " discount factors");
  double pv = 0.0;
  for (std::size_t t = 0; t < flows.size(); ++t) pv += flows[t] * factors[t];
  return pv;
}

// ---- ICER and net monetary benefit -----------------------------------------------------------

const char* to_string(IcerStatus status) {
  switch (status) {
    case IcerStatus::kDominant:
      return "dominant";
    case IcerStatus::kDominated:
      return "dominated";
    case IcerStatus::kMoreCostlyMoreEffective:
      return "more costly, more effective";
    case IcerStatus::kLessCostlyLessEffective:
      return "less costly, less effective";
    case IcerStatus::kNoDifference:
      return "no difference";
  }
  return "?";
}

Icer compute_icer(double delta_cost, double delta_qalys) {
  require(std::isfinite(delta_cost) && std::isfinite(delta_qalys), "compute_icer",
          "incremental cost and QALYs must be finite");
  Icer r{delta_cost, delta_qalys, kNaN, IcerStatus::kNoDifference};
  if (delta_cost == 0.0 && delta_qalys == 0.0) return r;
  if (delta_cost <= 0.0 && delta_qalys >= 0.0) {
    r.status = IcerStatus::kDominant;
  } else if (delta_cost >= 0.0 && delta_qalys <= 0.0) {
    r.status = IcerStatus::kDominated;
  } else {  // both nonzero with the same sign: a genuine trade-off, the ratio is meaningful
    r.status = delta_cost > 0.0 ? IcerStatus::kMoreCostlyMoreEffective
                                : IcerStatus::kLessCostlyLessEffective;
    r.icer = delta_cost / delta_qalys;
  }
  return r;
}

double net_monetary_benefit(double threshold, double delta_cost, double delta_qalys) {
  return threshold * delta_qalys - delta_cost;
}

std::vector<double> default_thresholds() { return {20000.0, 30000.0, 70000.0}; }

// ---- Appraisal -------------------------------------------------------------------------------

Appraisal appraise(const AppraisalInput& in, const DiscountRates& rates,
                   const std::vector<double>& thresholds) {
  const std::size_t n = in.intervention_costs.size();
  require(n >= 1, "appraise", "no years of intervention costs");
  require(in.qaly_differences.size() == n, "appraise",
          std::to_string(n) + " years of intervention costs but " +
              std::to_string(in.qaly_differences.size()) + " of QALY differences");
  require_finite(in.intervention_costs, "appraise", "intervention_costs");
  require_finite(in.qaly_differences, "appraise", "qaly_differences");
  for (const PayerFlows& p : in.cost_differences) {
    require(p.cost_difference.size() == n, "appraise",
            "payer '" + p.payer + "' has " + std::to_string(p.cost_difference.size()) +
                " years of cost differences, expected " + std::to_string(n));
    require_finite(p.cost_difference, "appraise", "cost differences of payer '" + p.payer + "'");
  }
  require_finite(thresholds, "appraise", "thresholds");

  const int years = static_cast<int>(n);
  const std::vector<double> dc = discount_factors(rates.cost, years);
  const std::vector<double> dh = discount_factors(rates.health, years);

  Appraisal a;
  a.years = years;
  a.pv_intervention_costs = present_value(in.intervention_costs, dc);
  std::vector<double> savings(n, 0.0);  // undiscounted, all payers, per year
  for (const PayerFlows& p : in.cost_differences) {
    const double pv_saving = -present_value(p.cost_difference, dc);
    a.pv_savings_by_payer.emplace_back(p.payer, pv_saving);
    a.pv_savings += pv_saving;
    for (std::size_t t = 0; t < n; ++t) savings[t] -= p.cost_difference[t];
  }
  a.npv = a.pv_savings - a.pv_intervention_costs;
  a.bcr = a.pv_intervention_costs != 0.0 ? a.pv_savings / a.pv_intervention_costs : kNaN;
  a.roi = a.pv_intervention_costs != 0.0 ? a.npv / a.pv_intervention_costs : kNaN;

  // Payback: the cumulative position can dip back below zero (a late reinvestment, savings that
  // fade), so it is the start of the final run of non-negative years, not the first crossing.
  a.cumulative_net_benefit.resize(n);
  double cum = 0.0;
  for (std::size_t t = 0; t < n; ++t) {
    cum += (savings[t] - in.intervention_costs[t]) * dc[t];
    a.cumulative_net_benefit[t] = cum;
  }
  for (int t = years - 1; t >= 0 && a.cumulative_net_benefit[static_cast<std::size_t>(t)] >= 0.0;
       --t)
    a.payback_year = t;

  a.delta_cost = -a.npv;  // intervention costs + cost differences, both discounted as costs
  a.delta_qalys = present_value(in.qaly_differences, dh);
  a.icer = compute_icer(a.delta_cost, a.delta_qalys);
  for (double lambda : thresholds)
    a.nmb.push_back({lambda, net_monetary_benefit(lambda, a.delta_cost, a.delta_qalys)});
  return a;
}

// ---- Efficiency frontier ---------------------------------------------------------------------

const char* to_string(FrontierStatus status) {
  switch (status) {
    case FrontierStatus::kOnFrontier:
      return "on frontier";
    case FrontierStatus::kDominated:
      return "dominated";
    case FrontierStatus::kExtendedlyDominated:
      return "extendedly dominated";
    case FrontierStatus::kIdentical:
      return "identical";
  }
  return "?";
}

std::vector<FrontierEntry> efficiency_frontier(const std::vector<CostEffect>& options) {
  require(!options.empty(), "efficiency_frontier", "no options");
  const std::size_t n = options.size();
  std::vector<FrontierEntry> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    const CostEffect& o = options[i];
    require(std::isfinite(o.cost) && std::isfinite(o.qalys), "efficiency_frontier",
            "option '" + o.name + "' has a non-finite cost or QALYs");
    out[i] = {o.name, o.cost, o.qalys, FrontierStatus::kOnFrontier, std::nullopt, kNaN, kNaN, kNaN};
  }
  // 1. Strict dominance. Identical points do not dominate each other (neither is strict), and
  // share the same fate against every other point.
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const bool no_worse = out[j].cost <= out[i].cost && out[j].qalys >= out[i].qalys;
      const bool strictly = out[j].cost < out[i].cost || out[j].qalys > out[i].qalys;
      if (j != i && no_worse && strictly) {
        out[i].status = FrontierStatus::kDominated;
        break;
      }
    }
  // 2. Later duplicates of a surviving point stand aside (their ICER would be 0/0).
  std::vector<std::size_t> frontier;
  for (std::size_t i = 0; i < n; ++i) {
    if (out[i].status != FrontierStatus::kOnFrontier) continue;
    const bool duplicate = std::any_of(frontier.begin(), frontier.end(), [&](std::size_t j) {
      return out[j].cost == out[i].cost && out[j].qalys == out[i].qalys;
    });
    if (duplicate)
      out[i].status = FrontierStatus::kIdentical;
    else
      frontier.push_back(i);
  }
  // Without dominated points, cost and QALYs both rise strictly along the cost order.
  std::sort(frontier.begin(), frontier.end(),
            [&](std::size_t a, std::size_t b) { return out[a].cost < out[b].cost; });
  auto icer = [&](std::size_t a, std::size_t b) {
    return (out[b].cost - out[a].cost) / (out[b].qalys - out[a].qalys);
  };
  // 3. Extended dominance: drop a point whose ICER exceeds the next one's, and recheck from the
  // start, until ICERs rise along the frontier (what is left is the lower convex hull, whatever the
  // order of removal). Equal consecutive ICERs (collinear points) are kept.
  for (std::size_t k = 1; k + 1 < frontier.size();) {
    if (icer(frontier[k - 1], frontier[k]) > icer(frontier[k], frontier[k + 1])) {
      out[frontier[k]].status = FrontierStatus::kExtendedlyDominated;
      frontier.erase(frontier.begin() + static_cast<std::ptrdiff_t>(k));
      k = 1;
    } else {
      ++k;
    }
  }
  for (std::size_t k = 1; k < frontier.size(); ++k) {
    FrontierEntry& e = out[frontier[k]];
    const FrontierEntry& prev = out[frontier[k - 1]];
    e.compared_with = frontier[k - 1];
    e.incremental_cost = e.cost - prev.cost;
    e.incremental_qalys = e.qalys - prev.qalys;
    e.icer = e.incremental_cost / e.incremental_qalys;
  }
  return out;
}

// ---- Uncertainty summaries -------------------------------------------------------------------

double quantile(std::vector<double> values, double p) {
  require(!values.empty(), "quantile", "no values");
  require(p >= 0.0 && p <= 1.0, "quantile",
          "probability must be in [0, 1], got " + std::to_string(p));
  require_finite(values, "quantile", "values");
  std::sort(values.begin(), values.end());
  const double h = static_cast<double>(values.size() - 1) * p;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= values.size()) return values.back();
  return values[lo] + (h - static_cast<double>(lo)) * (values[lo + 1] - values[lo]);
}

double probability_positive(const std::vector<double>& values) {
  require(!values.empty(), "probability_positive", "no values");
  const auto k = std::count_if(values.begin(), values.end(), [](double v) { return v > 0.0; });
  return static_cast<double>(k) / static_cast<double>(values.size());
}

Summary summarize(const std::vector<double>& values, double level) {
  require(!values.empty(), "summarize", "no values");
  require(level > 0.0 && level < 1.0, "summarize",
          "interval level must be in (0, 1), got " + std::to_string(level));
  require_finite(values, "summarize", "values");
  Summary s;
  s.n = values.size();
  s.mean = std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(s.n);
  s.lower = quantile(values, (1.0 - level) / 2.0);
  s.upper = quantile(values, (1.0 + level) / 2.0);
  s.probability_positive = probability_positive(values);
  return s;
}

AcceptabilityCurves acceptability_curves(const std::vector<OptionDraws>& options,
                                         const std::vector<double>& thresholds,
                                         const std::string& baseline_name) {
  require(!options.empty(), "acceptability_curves", "no options besides the baseline");
  require(!thresholds.empty(), "acceptability_curves", "no thresholds");
  require_finite(thresholds, "acceptability_curves", "thresholds");
  const std::size_t draws = options.front().delta_cost.size();
  require(draws >= 1, "acceptability_curves", "no draws");
  for (const OptionDraws& o : options) {
    require(o.delta_cost.size() == draws && o.delta_qalys.size() == draws, "acceptability_curves",
            "option '" + o.name + "' has " + std::to_string(o.delta_cost.size()) + " cost and " +
                std::to_string(o.delta_qalys.size()) + " QALY draws, expected " +
                std::to_string(draws) + " of each (one per replication)");
    require_finite(o.delta_cost, "acceptability_curves", "delta_cost of '" + o.name + "'");
    require_finite(o.delta_qalys, "acceptability_curves", "delta_qalys of '" + o.name + "'");
  }

  const std::size_t m = options.size() + 1;  // the baseline is option 0 with NMB 0
  const std::size_t nk = thresholds.size();
  AcceptabilityCurves out;
  out.thresholds = thresholds;
  out.curves.push_back({baseline_name, std::vector<double>(nk, 0.0), {}});
  for (const OptionDraws& o : options)
    out.curves.push_back({o.name, std::vector<double>(nk, 0.0), std::vector<double>(nk, 0.0)});

  const double weight = 1.0 / static_cast<double>(draws);
  std::vector<double> nmb(m);
  for (std::size_t k = 0; k < nk; ++k) {
    for (std::size_t i = 0; i < draws; ++i) {
      nmb[0] = 0.0;
      for (std::size_t j = 1; j < m; ++j)
        nmb[j] = net_monetary_benefit(thresholds[k], options[j - 1].delta_cost[i],
                                      options[j - 1].delta_qalys[i]);
      const double best = *std::max_element(nmb.begin(), nmb.end());
      const auto ties = std::count(nmb.begin(), nmb.end(), best);
      for (std::size_t j = 0; j < m; ++j) {
        if (nmb[j] == best) out.curves[j].probability_best[k] += weight / static_cast<double>(ties);
        if (j > 0 && nmb[j] > 0.0) out.curves[j].probability_cost_effective[k] += weight;
      }
    }
  }
  return out;
}

std::vector<double> threshold_grid(double max, double step) {
  require(std::isfinite(max) && max >= 0.0, "threshold_grid", "max must be finite and >= 0");
  require(std::isfinite(step) && step > 0.0, "threshold_grid", "step must be finite and > 0");
  // The small allowance keeps max itself when max / step is a whole number up to round-off.
  const auto n = static_cast<std::size_t>(std::floor(max / step + 1e-9)) + 1;
  std::vector<double> grid(n);
  for (std::size_t k = 0; k < n; ++k) grid[k] = static_cast<double>(k) * step;
  return grid;
}

}  // namespace civicsim::evaluation
