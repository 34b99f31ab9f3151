// The economics of paired scenario runs: discounting, appraisal of one option against the baseline,
// the efficiency frontier, and uncertainty summaries (intervals, CEACs). Pure functions, no I/O, no
// state. Conventions and sources are in engine/evaluation/README.md; every default cites one.
//
// Units: costs in pounds (one price base, real terms), effects in QALYs, years counted from 0 (the
// first appraisal year, undiscounted). "Difference" always means option minus baseline.
// Every function throws std::invalid_argument with a message on empty or mismatched input.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace civicsim::evaluation {

// ---- Discounting -----------------------------------------------------------------------------

// A piecewise-constant annual discount rate: (first year, rate) pairs, first year 0, years strictly
// increasing; each rate holds from its year until the next pair's year. Rates are decimals (0.035).
using RateSchedule = std::vector<std::pair<int, double>>;

struct DiscountRates {
  RateSchedule cost, health;

  // HM Treasury Green Book (2022), Annex A6: declining long-term STPR for costs, 3.5% (years 0-30),
  // 3.0% (31-75), 2.5% (76-125), 2.0% (126-200), 1.5% (201-300), 1.0% (301+); health effects at the
  // STPR less the wealth effect, 1.5% (0-30), 1.29%, 1.07%, 0.86%, 0.64%, 0.43% over the same
  // bands.
  static DiscountRates green_book();
  // NICE reference case (NICE health technology evaluations manual, PMG36, 2022): 3.5% for both.
  static DiscountRates nice();
  // One flat rate for each (sensitivity analyses; NICE's 1.5% case; replication of studies).
  static DiscountRates constant(double cost_rate, double health_rate);
};

// The rate in force in `year` (>= 0) under `schedule`.
double rate_in_year(const RateSchedule& schedule, int year);

// Discount factors for years 0..years-1 (`years` >= 1 entries). D(0) = 1 and
// D(t) = D(t-1) / (1 + r(t)), where r(t) is the rate in force in year t: moving a value from year t
// back to year t-1 uses year t's rate. So D(t) = prod_{k=1..t} 1/(1 + r(k)), and under the Green
// Book D(30) = 1.035^-30, D(31) = 1.035^-30 * 1.03^-1, D(40) = 1.035^-30 * 1.03^-10: year 31 is
// the first year discounted at the "31-75" rate (README.md explains the choice).
std::vector<double> discount_factors(const RateSchedule& schedule, int years);

// sum_t flows[t] * factors[t]; the two must have the same length.
double present_value(const std::vector<double>& flows, const std::vector<double>& factors);

// ---- ICER and net monetary benefit -----------------------------------------------------------

enum class IcerStatus {
  kDominant,                 // dC <= 0 and dQ >= 0, not both 0: cheaper and no worse
  kDominated,                // dC >= 0 and dQ <= 0, not both 0: dearer and no better
  kMoreCostlyMoreEffective,  // dC > 0, dQ > 0 (north-east quadrant): compare ICER with threshold
  kLessCostlyLessEffective,  // dC < 0, dQ < 0 (south-west): ICER is the saving per QALY forgone
  kNoDifference,             // dC == 0 and dQ == 0
};
const char* to_string(IcerStatus status);

struct Icer {
  double delta_cost = 0.0, delta_qalys = 0.0;
  // dC / dQ in the two trade-off quadrants; NaN when dominant, dominated or no difference, where a
  // ratio would mislead (a negative ICER mixes "dominant" and "dominated"; report the status).
  double icer = 0.0;
  IcerStatus status = IcerStatus::kNoDifference;
};
// Exact comparisons with 0: round the inputs first if near-zero noise should count as no
// difference.
Icer compute_icer(double delta_cost, double delta_qalys);

// NMB(lambda) = lambda dQ - dC (Stinnett & Mullahy 1998): positive = cost-effective at lambda.
double net_monetary_benefit(double threshold, double delta_cost, double delta_qalys);

// Default willingness-to-pay thresholds, pounds per QALY: NICE's range £20,000 and £30,000 (PMG36,
// 2022) and the Green Book / DHSC social value of a QALY, £70,000 (Green Book 2022, Annex A2).
std::vector<double> default_thresholds();

// ---- Appraisal of one option against the baseline (one replication or draw) ------------------

struct PayerFlows {
  std::string payer;                    // e.g. "NHS", "local authority", "DWP"
  std::vector<double> cost_difference;  // per year, option - baseline; savings are negative
};

struct AppraisalInput {
  // Per year, the option's own costs, optimism bias already applied.
  std::vector<double> intervention_costs;
  std::vector<PayerFlows> cost_differences;  // per payer, same length; may be empty
  std::vector<double> qaly_differences;      // per year, option - baseline
};

struct NmbAt {
  double threshold = 0.0, nmb = 0.0;
};

struct Appraisal {
  int years = 0;
  // Costs discounted with the cost schedule, QALYs with the health schedule.
  double pv_intervention_costs = 0.0;
  double pv_savings = 0.0;  // -PV(sum of payers' cost differences)
  std::vector<std::pair<std::string, double>> pv_savings_by_payer;  // input order
  double npv = 0.0;  // pv_savings - pv_intervention_costs (Green Book NPSV, these flows only)
  double bcr = 0.0;  // pv_savings / pv_intervention_costs; NaN when the denominator is 0
  double roi = 0.0;  // npv / pv_intervention_costs (= bcr - 1); NaN when the denominator is 0
  // Discounted cumulative net benefit (savings - intervention costs) to the end of each year.
  std::vector<double> cumulative_net_benefit;
  // First year from which cumulative_net_benefit is >= 0 in every year to the horizon; nullopt when
  // it is negative in the last year ("not within horizon").
  std::optional<int> payback_year;
  double delta_cost = 0.0;   // PV(intervention costs + cost differences) = -npv
  double delta_qalys = 0.0;  // PV(QALY differences), health schedule
  Icer icer;
  std::vector<NmbAt> nmb;  // one per threshold, in the order given
};

Appraisal appraise(const AppraisalInput& input, const DiscountRates& rates,
                   const std::vector<double>& thresholds = default_thresholds());

// ---- Efficiency frontier (Drummond et al. 2015; Briggs, Claxton & Sculpher 2006) -------------

struct CostEffect {
  std::string name;
  double cost = 0.0, qalys = 0.0;  // mean discounted totals (or differences from one common base)
};

enum class FrontierStatus {
  kOnFrontier,
  kDominated,            // another option costs no more and yields no fewer QALYs, one strictly
  kExtendedlyDominated,  // its ICER vs the previous frontier option exceeds the next one's
  kIdentical,            // same cost and QALYs as an earlier-listed option, which stands for both
};
const char* to_string(FrontierStatus status);

struct FrontierEntry {
  std::string name;
  double cost = 0.0, qalys = 0.0;
  FrontierStatus status = FrontierStatus::kOnFrontier;
  // Frontier options after the cheapest: against the previous frontier option (its input index);
  // NaN / nullopt for the cheapest frontier option and for every option off the frontier.
  std::optional<std::size_t> compared_with;
  double incremental_cost = 0.0, incremental_qalys = 0.0, icer = 0.0;
};

// One entry per option, in input order (include the baseline as an option).
std::vector<FrontierEntry> efficiency_frontier(const std::vector<CostEffect>& options);

// ---- Uncertainty summaries -------------------------------------------------------------------

// The p-quantile (0 <= p <= 1) by Hyndman & Fan (1996) type 7, the default of R and numpy: with
// the sorted sample x_0..x_{n-1}, h = (n - 1) p, Q = x_floor(h) + (h - floor(h)) (x_floor(h)+1 -
// x_floor(h)). Values must be finite.
double quantile(std::vector<double> values, double p);

struct Summary {
  std::size_t n = 0;
  double mean = 0.0;
  double lower = 0.0, upper = 0.0;    // type-7 quantiles at (1 - level)/2 and (1 + level)/2
  double probability_positive = 0.0;  // share of values > 0
};
Summary summarize(const std::vector<double>& values, double level = 0.95);

// Share of values strictly greater than 0.
double probability_positive(const std::vector<double>& values);

// Cost-effectiveness acceptability curves (van Hout et al. 1994; Fenwick, Claxton & Sculpher 2001).
struct OptionDraws {
  std::string name;
  // Per draw, option - baseline; draw i is the same replication (same random numbers, same
  // parameter draw) in every option, so options are compared within a draw.
  std::vector<double> delta_cost, delta_qalys;
};

struct AcceptabilityCurve {
  std::string name;
  // At each threshold: share of draws in which this option has the highest NMB. Ties (exactly equal
  // NMB) split the draw equally between the tied options, so each threshold sums to 1.
  std::vector<double> probability_best;
  // At each threshold: share of draws with NMB > 0 against the baseline alone (empty for the
  // baseline itself).
  std::vector<double> probability_cost_effective;
};

struct AcceptabilityCurves {
  std::vector<double> thresholds;
  std::vector<AcceptabilityCurve> curves;  // curves[0] is the baseline (0, 0), then the options
};

AcceptabilityCurves acceptability_curves(const std::vector<OptionDraws>& options,
                                         const std::vector<double>& thresholds,
                                         const std::string& baseline_name = "baseline");

// Thresholds 0, step, 2 step, ..., up to and including max (for plotting a CEAC).
std::vector<double> threshold_grid(double max = 100000.0, double step = 1000.0);

}  // namespace civicsim::evaluation
