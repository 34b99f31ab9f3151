#include "engine/evaluation/green_book_accounting.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/evaluation/appraisal_defaults.hpp"

namespace civicsim::evaluation {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("evaluation::green_book_appraisal: " + message);
}

void require_years(const std::vector<double>& v, size_t n, const std::string& what) {
  require(v.size() == n,
          what + " has " + std::to_string(v.size()) + " years, expected " + std::to_string(n));
  for (double x : v) require(std::isfinite(x), what + " has a value that is not finite");
}

double ratio(double a, double b) { return b != 0.0 ? a / b : kNaN; }

PayerYear& payer_row(GreenBookAppraisal& a, const std::string& payer, Sector sector, size_t years) {
  for (PayerYear& p : a.by_payer)
    if (p.payer == payer) return p;
  const std::vector<double> zero(years, 0.0);
  a.by_payer.push_back({payer, sector, zero, zero, zero, zero, zero});
  return a.by_payer.back();
}

double benefit_correction(const AccountingSettings& s, int grade) {
  const auto it = s.benefit_optimism_bias.find(grade);
  require(it != s.benefit_optimism_bias.end(),
          "no benefit optimism bias for confidence grade " + std::to_string(grade));
  return it->second;
}

}  // namespace

const char* to_string(Sector sector) { return sector == Sector::kPrivate ? "private" : "public"; }

Sector AccountingSettings::sector_of(const std::string& payer) const {
  const auto it = payer_sectors.find(payer);
  return it == payer_sectors.end() ? Sector::kPublic : it->second;
}

const char* to_string(ValueKind kind) {
  switch (kind) {
    case ValueKind::kFiscal:
      return "fiscal";
    case ValueKind::kEconomic:
      return "economic";
    case ValueKind::kSocial:
      return "social";
  }
  return "?";
}

GreenBookAppraisal green_book_appraisal(const AccountingInput& in, const DiscountRates& rates,
                                        const AccountingSettings& s) {
  const size_t n = in.qaly_differences.size();
  require(n >= 1, "no years of QALY differences");
  require_years(in.qaly_differences, n, "qaly_differences");
  const std::vector<double> dc = discount_factors(rates.cost, static_cast<int>(n));
  const std::vector<double> dh = discount_factors(rates.health, static_cast<int>(n));
  GreenBookAppraisal a;
  // Undiscounted per-year net benefit in money: the public sector's (fiscal), for payback, and
  // everyone's, for the cumulative social value.
  std::vector<double> net_fiscal(n, 0.0), net_money(n, 0.0);

  for (const InterventionCostFlows& iv : in.interventions) {
    const std::string what = "intervention '" + iv.intervention + "' (" + iv.payer + ")";
    require_years(iv.unit_costs, n, what + " unit_costs");
    require_years(iv.fixed_costs, n, what + " fixed_costs");
    require(std::isfinite(iv.optimism_bias) && iv.optimism_bias >= 0.0,
            what + " optimism_bias must be finite and >= 0");
    const Sector sector = s.sector_of(iv.payer);
    const bool public_money = sector == Sector::kPublic;
    PayerYear& row = payer_row(a, iv.payer, sector, n);
    double pv = 0.0;
    for (size_t t = 0; t < n; ++t) {
      const double base = iv.unit_costs[t] + iv.fixed_costs[t];
      const double with_uplift = base * (1.0 + iv.optimism_bias);
      pv += base * dc[t];
      row.cost[t] += with_uplift;
      row.intervention_cost[t] += with_uplift;
      if (public_money) net_fiscal[t] -= with_uplift;
      net_money[t] -= with_uplift;
    }
    a.pv_intervention_cost += pv;
    a.pv_optimism_bias += pv * iv.optimism_bias;
    if (!public_money) a.pv_costs_private += pv + pv * iv.optimism_bias;
    a.lines.push_back({"cost", "intervention", iv.intervention, iv.payer, sector, std::nullopt,
                       std::nullopt, std::nullopt, std::nullopt, pv});
    a.lines.push_back({"cost", "optimism_bias", iv.intervention, iv.payer, sector, std::nullopt,
                       std::nullopt, std::nullopt, iv.optimism_bias, pv * iv.optimism_bias});
  }

  for (const CostItemFlows& item : in.items) {
    const std::string what = "cost item '" + item.category + "' (" + item.payer + ")";
    require_years(item.difference, n, what);
    const Sector sector = s.sector_of(item.payer);
    const bool public_money = sector == Sector::kPublic;
    // A private payer's money is no public budget's: its saving in a fiscal category is economic
    // value (a social category stays social: wellbeing, not anyone's budget).
    const ValueKind value =
        !public_money && item.value == ValueKind::kFiscal ? ValueKind::kEconomic : item.value;
    PayerYear& row = payer_row(a, item.payer, sector, n);
    const double pv = present_value(item.difference, dc);
    for (size_t t = 0; t < n; ++t) row.saving[t] -= item.difference[t];
    if (item.is_cost) {
      a.pv_induced_costs += pv;
      if (!public_money) a.pv_costs_private += pv;
      for (size_t t = 0; t < n; ++t) {
        row.cost[t] += item.difference[t];
        if (public_money) net_fiscal[t] -= item.difference[t];
        net_money[t] -= item.difference[t];
      }
      a.lines.push_back({"cost", "induced", item.category, item.payer, sector, item.cashable, value,
                         item.confidence_grade, std::nullopt, pv});
      continue;
    }
    const double ob = benefit_correction(s, item.confidence_grade);
    const double gross = -pv, kept = gross * (1.0 - ob);
    a.pv_benefit_optimism_bias += gross * ob;
    if (value == ValueKind::kFiscal) a.pv_fiscal += kept;
    if (value == ValueKind::kEconomic) a.pv_economic += kept;
    if (value == ValueKind::kSocial) a.pv_social += kept;
    if (value != ValueKind::kSocial) {
      (item.cashable ? a.pv_cashable : a.pv_non_cashable) += kept;
      a.pv_savings_by_payer[item.payer] += kept;
    }
    for (size_t t = 0; t < n; ++t) {
      const double b = -item.difference[t] * (1.0 - ob);
      (item.cashable ? row.benefit_cashable : row.benefit_non_cashable)[t] += b;
      if (value == ValueKind::kFiscal) net_fiscal[t] += b;
      net_money[t] += b;
    }
    a.lines.push_back({"benefit", "saving", item.category, item.payer, sector, item.cashable, value,
                       item.confidence_grade, std::nullopt, gross});
    a.lines.push_back({"benefit", "benefit_optimism_bias", item.category, item.payer, sector,
                       item.cashable, value, item.confidence_grade, ob, -gross * ob});
  }

  // QALYs: discounted at the health rate, valued at qaly_value; social value.
  require(std::isfinite(s.qaly_value) && s.qaly_value >= 0.0, "qaly_value must be finite and >= 0");
  a.qalys_gained = present_value(in.qaly_differences, dh);
  const double qaly_ob =
      in.qalys_are_benefit ? benefit_correction(s, s.qaly_confidence_grade) : 0.0;
  const double qaly_gross = a.qalys_gained * s.qaly_value;
  a.pv_social += qaly_gross * (1.0 - qaly_ob);
  a.pv_benefit_optimism_bias += qaly_gross * qaly_ob;
  a.lines.push_back({"benefit", "qalys", "qalys", std::nullopt, std::nullopt, false,
                     ValueKind::kSocial, s.qaly_confidence_grade, std::nullopt, qaly_gross});
  a.lines.push_back({"benefit", "benefit_optimism_bias", "qalys", std::nullopt, std::nullopt, false,
                     ValueKind::kSocial, s.qaly_confidence_grade, qaly_ob, -qaly_gross * qaly_ob});

  // The summary table reads costs first, then benefits, each in input order.
  std::stable_partition(a.lines.begin(), a.lines.end(),
                        [](const AccountingLine& l) { return l.side == "cost"; });
  a.pv_costs = a.pv_intervention_cost + a.pv_optimism_bias + a.pv_induced_costs;
  // By difference, so that with no private payer the public costs are pv_costs to the last bit.
  a.pv_costs_public = a.pv_costs - a.pv_costs_private;
  a.pv_benefits = a.pv_fiscal + a.pv_economic + a.pv_social;
  a.npsv = a.pv_benefits - a.pv_costs;
  a.npv_fiscal = a.pv_fiscal - a.pv_costs_public;
  // Private costs are negative benefits in the BCR (social value per pound of public money), so
  // that BCR > 1 exactly when the NPSV > 0.
  a.bcr = ratio(a.pv_benefits - a.pv_costs_private, a.pv_costs_public);
  a.bcr_all_costs = ratio(a.pv_benefits, a.pv_costs);
  a.bcr_fiscal = ratio(a.pv_fiscal, a.pv_costs_public);
  a.roi = ratio(a.npv_fiscal, a.pv_costs_public);
  a.net_cost = a.pv_costs - a.pv_fiscal - a.pv_economic;
  a.icer = compute_icer(a.net_cost, a.qalys_gained);
  for (double lambda : s.thresholds)
    a.nmb.push_back({lambda, net_monetary_benefit(lambda, a.net_cost, a.qalys_gained)});

  double fiscal = 0.0, social = 0.0;
  for (size_t t = 0; t < n; ++t) {
    fiscal += net_fiscal[t] * dc[t];
    social +=
        net_money[t] * dc[t] + in.qaly_differences[t] * s.qaly_value * (1.0 - qaly_ob) * dh[t];
    a.cumulative_net_fiscal.push_back(fiscal);
    a.cumulative_net_social.push_back(social);
  }
  // The start of the final run of non-negative years (a position can dip back below zero).
  for (size_t t = n; t-- > 0 && a.cumulative_net_fiscal[t] >= 0.0;)
    a.payback_year = static_cast<int>(t);
  return a;
}

void classify_cost_items(AccountingInput& input, const DiscountRates& rates) {
  for (CostItemFlows& item : input.items) {
    require(!item.difference.empty(), "cost item '" + item.category + "' has no years");
    const std::vector<double> dc =
        discount_factors(rates.cost, static_cast<int>(item.difference.size()));
    item.is_cost = present_value(item.difference, dc) > 0.0;
  }
}

AccountingInput with_unit_price(const AccountingInput& input, const std::string& intervention,
                                const std::vector<double>& units, double price) {
  AccountingInput out = input;
  // Each payer's share of the per-unit costs' present value (at a zero rate: any rate would do, as
  // long as one is used for all of them; the undiscounted sum keeps this independent of rates).
  double total = 0.0;
  std::vector<double> own;
  bool found = false;
  for (const InterventionCostFlows& iv : out.interventions) {
    double c = 0.0;
    if (iv.intervention == intervention) {
      require(units.size() == iv.unit_costs.size(),
              "units of '" + intervention + "' have " + std::to_string(units.size()) + " years");
      for (double x : iv.unit_costs) c += x;
      found = true;
    }
    own.push_back(c);
    total += c;
  }
  require(found, "no costs of intervention '" + intervention + "'");
  bool placed = false;
  for (size_t k = 0; k < out.interventions.size(); ++k) {
    InterventionCostFlows& iv = out.interventions[k];
    if (iv.intervention != intervention) continue;
    const double share = total != 0.0 ? own[k] / total : (placed ? 0.0 : 1.0);
    for (size_t t = 0; t < units.size(); ++t) iv.unit_costs[t] = share * price * units[t];
    placed = true;
  }
  return out;
}

BreakEvenPrices break_even_prices(const AccountingInput& input, const GreenBookAppraisal& a,
                                  const std::string& intervention, const std::vector<double>& units,
                                  const DiscountRates& rates, const AccountingSettings& s) {
  BreakEvenPrices out;
  out.nmb.assign(s.thresholds.size(), std::nullopt);
  const auto n = static_cast<int>(input.qaly_differences.size());
  require(static_cast<int>(units.size()) == n,
          "units of '" + intervention + "' have " + std::to_string(units.size()) + " years");
  const std::vector<double> dc = discount_factors(rates.cost, n);
  const double u = present_value(units, dc);
  // c: PV of the per-unit costs before uplift; c_public: the public payers' part of it; share:
  // the public payers' share of the price (with_unit_price's split, by undiscounted sums).
  double c = 0.0, c_public = 0.0, ob = 0.0, sum = 0.0, sum_public = 0.0;
  bool found = false, first_public = false;
  for (const InterventionCostFlows& iv : input.interventions)
    if (iv.intervention == intervention) {
      const bool public_money = s.sector_of(iv.payer) == Sector::kPublic;
      const double pv = present_value(iv.unit_costs, dc);
      double undiscounted = 0.0;
      for (double x : iv.unit_costs) undiscounted += x;
      c += pv;
      sum += undiscounted;
      if (public_money) {
        c_public += pv;
        sum_public += undiscounted;
      }
      if (!found) first_public = public_money;
      ob = iv.optimism_bias;  // one uplift per intervention
      found = true;
    }
  if (!found || !(u > 0.0)) return out;
  const auto price = [&](double x) { return (x + (1.0 + ob) * c) / ((1.0 + ob) * u); };
  out.npsv = price(a.npsv);
  for (size_t k = 0; k < a.nmb.size() && k < out.nmb.size(); ++k) out.nmb[k] = price(a.nmb[k].nmb);
  const double share = sum != 0.0 ? sum_public / sum : (first_public ? 1.0 : 0.0);
  if (share > 0.0)
    out.npv_fiscal = (a.npv_fiscal + (1.0 + ob) * c_public) / ((1.0 + ob) * share * u);
  return out;
}

// The scenario schema's defaults (engine/evaluation/appraisal_defaults.hpp), one table for both.
std::map<std::string, double> default_cost_optimism_bias() {
  std::map<std::string, double> out;
  for (const OptimismBiasCategory& c : kOptimismBiasCategories) out[c.name] = c.upper_bound;
  return out;
}

std::map<int, double> default_benefit_optimism_bias() {
  std::map<int, double> out;
  for (size_t g = 0; g < kBenefitOptimismBiasByGrade.size(); ++g)
    out[static_cast<int>(g) + 1] = kBenefitOptimismBiasByGrade[g];
  return out;
}

}  // namespace civicsim::evaluation
