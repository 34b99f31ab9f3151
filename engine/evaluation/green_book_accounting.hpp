// Gross Green Book / NICE accounting of one option against its baseline (one replication, or the
// mean flows): every cost and every benefit on its own line, present values, the headline ratios,
// payback, and the break-even price per unit of an intervention. Pure functions, no I/O. Formulas
// and sources: engine/evaluation/README.md ("Green Book accounting").
//
// Money in pounds (one price base), QALYs as QALYs; per-year vectors start at appraisal year 0;
// "difference" is option minus baseline.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/evaluation/appraisal_defaults.hpp"
#include "engine/evaluation/economics.hpp"

namespace civicsim::evaluation {

// How a cost category's saving counts (HMT / New Economy 2014 CBA guidance for local partnerships):
// fiscal (public budgets), economic (wider economy), social (wellbeing, not money).
enum class ValueKind { kFiscal, kEconomic, kSocial };
const char* to_string(ValueKind kind);

// Whose budget a payer's money is (engine/evaluation/README.md, "Payers' sectors"): the public
// sector (government, the NHS, councils: what the fiscal figures count) or the private sector
// (households, landlords, firms: their money counts in the social value only).
enum class Sector { kPublic, kPrivate };
const char* to_string(Sector sector);

// One intervention's base costs (before optimism bias) paid by one payer, per year.
struct InterventionCostFlows {
  std::string intervention, payer;
  double optimism_bias = 0.0;       // Green Book uplift, e.g. 0.24 (+24%)
  std::vector<double> unit_costs;   // per-unit costs (one-off and recurring), option - baseline
  std::vector<double> fixed_costs;  // programme costs, option - baseline (zero for a sub-group)
};

// One cost item, payer x cost category, per year: option - baseline (positive = extra spending).
struct CostItemFlows {
  std::string category, payer;
  bool cashable = false;
  ValueKind value = ValueKind::kFiscal;
  int confidence_grade = kDefaultConfidenceGrade;
  // Whether it is an extra cost (induced) or a saving: decided once, from the sign of the whole
  // population's mean present value (classify_cost_items), and used for every replication and group.
  bool is_cost = false;
  std::vector<double> difference;
};

struct AccountingSettings {
  double qaly_value = kDefaultQalyValue;  // pounds per QALY, social value (Green Book 2022)
  // Fraction taken off a benefit of each confidence grade (1..6).
  std::map<int, double> benefit_optimism_bias;
  int qaly_confidence_grade = kDefaultConfidenceGrade;
  std::vector<double> thresholds = default_thresholds();  // NMB thresholds, pounds per QALY
  // The sector of each payer; a payer not listed is public.
  std::map<std::string, Sector> payer_sectors;
  Sector sector_of(const std::string& payer) const;
};

struct AccountingInput {
  std::vector<InterventionCostFlows> interventions;
  std::vector<CostItemFlows> items;
  std::vector<double> qaly_differences;  // per year
  // Whether the QALY gain is a benefit to correct for optimism (the whole population's mean gain is
  // >= 0); a QALY loss is a disbenefit, left as it is.
  bool qalys_are_benefit = true;
};

// One line of the appraisal summary table: its present value and what it is.
struct AccountingLine {
  std::string side;  // "cost" or "benefit"
  // "intervention", "optimism_bias", "induced", "saving", "qalys", "benefit_optimism_bias"
  std::string kind;
  std::string item;                  // intervention, cost category or "qalys"
  std::optional<std::string> payer;  // none for QALYs
  std::optional<Sector> sector;      // the payer's
  std::optional<bool> cashable;
  // As counted: a private payer's saving in a fiscal category is economic.
  std::optional<ValueKind> value;
  std::optional<int> confidence_grade;
  std::optional<double> optimism_bias;  // the uplift or the benefit correction applied
  double pv = 0.0;                      // signed so that each side's lines sum to its total
};

// Per year, per payer, undiscounted.
struct PayerYear {
  std::string payer;
  Sector sector = Sector::kPublic;
  std::vector<double> cost;                  // intervention costs with uplift + induced costs
  std::vector<double> intervention_cost;     // intervention costs with uplift
  std::vector<double> benefit_cashable;      // savings after the benefit correction
  std::vector<double> benefit_non_cashable;  // likewise
  std::vector<double> saving;  // -(all cost item differences), net; no intervention cost
};

// Every payer's costs count in pv_costs and the NPSV; the fiscal figures (npv_fiscal, bcr_fiscal,
// roi, payback) count the public sector's costs and savings only, and bcr is the NPSV's benefits
// net of private costs per pound of public cost (engine/evaluation/README.md, "Headline").
struct GreenBookAppraisal {
  double pv_intervention_cost = 0, pv_optimism_bias = 0, pv_induced_costs = 0, pv_costs = 0;
  double pv_costs_public = 0, pv_costs_private = 0;  // pv_costs by the payer's sector
  double pv_benefits = 0, pv_cashable = 0, pv_non_cashable = 0;
  double pv_fiscal = 0, pv_economic = 0, pv_social = 0, pv_benefit_optimism_bias = 0;
  double npsv = 0, npv_fiscal = 0;
  double bcr = 0, bcr_fiscal = 0, roi = 0;  // NaN when pv_costs_public is 0
  double bcr_all_costs = 0;                 // pv_benefits / pv_costs; NaN when pv_costs is 0
  double net_cost = 0, qalys_gained = 0;    // NICE incremental cost and (uncorrected) QALYs
  Icer icer;
  std::vector<NmbAt> nmb;
  std::map<std::string, double> pv_savings_by_payer;  // fiscal + economic benefits after correction
  // Discounted, to each year's end: the public sector's costs and fiscal benefits; everyone's.
  std::vector<double> cumulative_net_fiscal, cumulative_net_social;
  std::optional<int> payback_year;  // first year from which cumulative_net_fiscal stays >= 0
  std::vector<AccountingLine> lines;
  std::vector<PayerYear> by_payer;  // payers in order of first appearance
};

GreenBookAppraisal green_book_appraisal(const AccountingInput& input, const DiscountRates& rates,
                                        const AccountingSettings& settings);

// Sets is_cost on each item of `input` from the sign of its present value (cost discounting):
// positive = extra cost. Call it on the whole population's mean flows; copy the result to the
// items of every replication and group (same order).
void classify_cost_items(AccountingInput& input, const DiscountRates& rates);

// The price per unit, before optimism bias, at which an intervention's per-unit costs (one-off and
// recurring, every payer) replaced by `price` for each unit at the time it is reached would make a
// figure zero, everything else held. With U = sum_t units_t D_c(t) and C = PV of its per-unit
// costs before uplift, X(price) = X - (1 + ob) (price U - C), so price = (X + (1 + ob) C) /
// ((1 + ob) U). Null when U <= 0. The price falls on the payers in their shares of C
// (with_unit_price), so NPV fiscal moves only by the public share s = C_public / C:
// price = (X + (1 + ob) C_public) / ((1 + ob) s U), null when s = 0 (only private payers).
struct BreakEvenPrices {
  std::optional<double> npv_fiscal, npsv;
  std::vector<std::optional<double>> nmb;  // one per threshold: NMB = 0, the ICER at the threshold
};
BreakEvenPrices break_even_prices(const AccountingInput& input, const GreenBookAppraisal& appraisal,
                                  const std::string& intervention, const std::vector<double>& units,
                                  const DiscountRates& rates, const AccountingSettings& settings);

// `input` with `intervention`'s per-unit costs replaced by price x units, before uplift, shared
// among its payers as their present values of per-unit costs are (all on its first payer when it
// has none): what break_even_prices solves, for checking it.
AccountingInput with_unit_price(const AccountingInput& input, const std::string& intervention,
                                const std::vector<double>& units, double price);

// The Green Book upper-bound optimism-bias uplifts by project type (HM Treasury supplementary
// guidance, Mott MacDonald 2002; docs/evidence/PARAMETERS.md, greenbook optimism_bias.csv).
std::map<std::string, double> default_cost_optimism_bias();
// Benefit corrections by confidence grade 1..6: 0, 5, 10, 15, 25, 40% (HMT / New Economy 2014 CBA
// guidance as recalled; docs/evidence/PARAMETERS.md marks the table a GAP, not read in the stored
// pages).
std::map<int, double> default_benefit_optimism_bias();

}  // namespace civicsim::evaluation
