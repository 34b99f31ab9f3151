#include "outputs/evaluation/option_appraisal.hpp"

#include <cmath>
#include <limits>

#include "outputs/evaluation/labels.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string item_key(const std::string& payer, const std::string& category) {
  return payer + "/" + category;
}

// The values of `get` over the replications' appraisals.
template <typename Get>
std::vector<double> over(const GroupAppraisal& a, Get get) {
  std::vector<double> v;
  for (const GreenBookAppraisal& x : a.draws) v.push_back(get(x));
  return v;
}

json mean_only(const json& value) { return {{"mean", value}, {"low", nullptr}, {"high", nullptr}}; }

double sum(const std::vector<double>& v) {
  double s = 0.0;
  for (double x : v) s += x;
  return s;
}

}  // namespace

std::string token(const char* words) {
  std::string out;
  for (const char* c = words; *c; ++c) {
    if (*c == ',') continue;
    out += *c == ' ' ? '_' : *c;
  }
  return out;
}

json number_or_null(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json interval(const std::vector<double>& values) {
  std::vector<double> finite;
  for (double v : values)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty()) return {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  const Summary s = summarize(finite);
  return {{"mean", s.mean}, {"low", s.lower}, {"high", s.upper}};
}

std::string threshold_key(const std::string& prefix, double t) {
  return prefix + "_" + std::to_string(static_cast<long long>(t));
}

void Classification::apply(AccountingInput& input, const DiscountRates& rates) const {
  AccountingInput own = input;
  classify_cost_items(own, rates);
  for (size_t i = 0; i < input.items.size(); ++i) {
    const auto it = is_cost.find(item_key(input.items[i].payer, input.items[i].category));
    input.items[i].is_cost = it != is_cost.end() ? it->second : own.items[i].is_cost;
  }
  input.qalys_are_benefit = qalys_are_benefit;
}

Classification classify(const OptionFlows& f, const DiscountRates& rates) {
  AccountingInput mean = accounting_input(f, 0, -1);
  classify_cost_items(mean, rates);
  Classification c;
  for (const CostItemFlows& item : mean.items)
    c.is_cost[item_key(item.payer, item.category)] = item.is_cost;
  c.qalys_are_benefit =
      present_value(mean.qaly_differences, discount_factors(rates.health, f.years)) >= 0.0;
  return c;
}

GroupAppraisal appraise_group(const OptionFlows& f, size_t g, const DiscountRates& rates,
                              const AccountingSettings& settings, const Classification& c) {
  GroupAppraisal a;
  for (int r = 0; r < f.replications; ++r) {
    AccountingInput in = accounting_input(f, g, r);
    c.apply(in, rates);
    a.draws.push_back(green_book_appraisal(in, rates, settings));
  }
  a.mean_input = accounting_input(f, g, -1);
  c.apply(a.mean_input, rates);
  a.mean = green_book_appraisal(a.mean_input, rates, settings);
  return a;
}

json headline_document(const GroupAppraisal& a, const OptionFlows& f,
                       const std::vector<double>& thresholds) {
  json h;
  const auto put = [&](const char* key, double GreenBookAppraisal::*member) {
    h[key] = interval(over(a, [&](const GreenBookAppraisal& x) { return x.*member; }));
  };
  put("pv_costs", &GreenBookAppraisal::pv_costs);
  put("pv_intervention_cost", &GreenBookAppraisal::pv_intervention_cost);
  put("pv_optimism_bias", &GreenBookAppraisal::pv_optimism_bias);
  put("pv_induced_costs", &GreenBookAppraisal::pv_induced_costs);
  put("pv_costs_public", &GreenBookAppraisal::pv_costs_public);
  put("pv_costs_private", &GreenBookAppraisal::pv_costs_private);
  put("pv_benefits", &GreenBookAppraisal::pv_benefits);
  put("pv_cashable", &GreenBookAppraisal::pv_cashable);
  put("pv_non_cashable", &GreenBookAppraisal::pv_non_cashable);
  put("pv_fiscal", &GreenBookAppraisal::pv_fiscal);
  put("pv_economic", &GreenBookAppraisal::pv_economic);
  put("pv_social", &GreenBookAppraisal::pv_social);
  put("pv_benefit_optimism_bias", &GreenBookAppraisal::pv_benefit_optimism_bias);
  put("npsv", &GreenBookAppraisal::npsv);
  put("npv_fiscal", &GreenBookAppraisal::npv_fiscal);
  put("bcr", &GreenBookAppraisal::bcr);
  put("bcr_all_costs", &GreenBookAppraisal::bcr_all_costs);
  put("bcr_fiscal", &GreenBookAppraisal::bcr_fiscal);
  put("roi", &GreenBookAppraisal::roi);
  put("net_cost", &GreenBookAppraisal::net_cost);
  put("qalys_gained", &GreenBookAppraisal::qalys_gained);
  h["p_npsv_positive"] =
      mean_only(probability_positive(over(a, [](const auto& x) { return x.npsv; })));
  h["p_roi_positive"] = mean_only(probability_positive(
      over(a, [](const auto& x) { return std::isfinite(x.roi) ? x.roi : 0.0; })));
  // The ICER of the means (a ratio of intervals would mislead); its uncertainty is the CE plane.
  h["icer"] = mean_only(number_or_null(a.mean.icer.icer));
  h["icer_status"] = token(to_string(a.mean.icer.status));
  for (size_t k = 0; k < thresholds.size(); ++k)
    h[threshold_key("nmb", thresholds[k])] =
        interval(over(a, [&](const auto& x) { return x.nmb[k].nmb; }));
  h["payback_year"] = mean_only(
      a.mean.payback_year
          ? json(f.appraisal.window.year_labels[static_cast<size_t>(*a.mean.payback_year)])
          : json(nullptr));
  // Kept for continuity with earlier documents (the same values as the new names).
  h["intervention_cost"] = h["pv_costs"];
  h["npv"] = h["npv_fiscal"];
  h["savings_total"] = interval(over(a, [](const auto& x) { return x.pv_fiscal + x.pv_economic; }));
  for (const char* payer : kPayerNames)
    h[std::string("savings_") + payer] = interval(over(a, [&](const GreenBookAppraisal& x) {
      const auto it = x.pv_savings_by_payer.find(payer);
      return it == x.pv_savings_by_payer.end() ? 0.0 : it->second;
    }));
  return h;
}

json accounting_document(const GroupAppraisal& a) {
  json rows = json::array();
  for (size_t k = 0; k < a.mean.lines.size(); ++k) {
    const AccountingLine& l = a.mean.lines[k];
    const auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
    rows.push_back({{"side", l.side},
                    {"kind", l.kind},
                    {"item", l.item},
                    {"payer", opt(l.payer)},
                    {"sector", l.sector ? json(to_string(*l.sector)) : json(nullptr)},
                    {"cashable", opt(l.cashable)},
                    {"value", l.value ? json(to_string(*l.value)) : json(nullptr)},
                    {"confidence_grade", opt(l.confidence_grade)},
                    {"optimism_bias", opt(l.optimism_bias)},
                    {"pv", interval(over(a, [&](const auto& x) { return x.lines[k].pv; }))}});
  }
  return rows;
}

json by_year_document(const GroupAppraisal& a, const OptionFlows& f) {
  const auto sector_of = [&](const std::string& payer) {
    const auto it = f.appraisal.payer_sectors.find(payer);
    return to_string(it == f.appraisal.payer_sectors.end() ? Sector::kPublic : it->second);
  };
  json rows = json::array();
  for (int y = 0; y < f.years; ++y)
    for (const char* payer : kPayerNames) {
      const auto yi = static_cast<size_t>(y);
      // Programme (fixed) costs with their uplift: part of intervention_cost, shown apart so that
      // the rest of a year's cost is per unit (disclosure control divides it by a unit price).
      double programme = 0.0;
      for (const InterventionCostFlows& iv : a.mean_input.interventions)
        if (iv.payer == payer) programme += iv.fixed_costs[yi] * (1.0 + iv.optimism_bias);
      json row = {{"year", f.appraisal.window.year_labels[yi]},
                  {"payer", payer},
                  {"sector", sector_of(payer)},
                  {"cost", 0.0},
                  {"benefit_cashable", 0.0},
                  {"benefit_non_cashable", 0.0},
                  {"intervention_cost", 0.0},
                  {"programme_cost", programme},
                  {"saving", 0.0}};
      for (const PayerYear& p : a.mean.by_payer)
        if (p.payer == payer)
          row.update({{"cost", p.cost[yi]},
                      {"benefit_cashable", p.benefit_cashable[yi]},
                      {"benefit_non_cashable", p.benefit_non_cashable[yi]},
                      {"intervention_cost", p.intervention_cost[yi]},
                      {"saving", p.saving[yi]}});
      rows.push_back(std::move(row));
    }
  return rows;
}

json payback_document(const GroupAppraisal& a, const OptionFlows& f) {
  json rows = json::array();
  for (size_t y = 0; y < static_cast<size_t>(f.years); ++y)
    rows.push_back({{"year", f.appraisal.window.year_labels[y]},
                    {"cumulative_net_fiscal", a.mean.cumulative_net_fiscal[y]},
                    {"cumulative_net_social", a.mean.cumulative_net_social[y]}});
  return rows;
}

json reach_document(const OptionFlows& f, const std::vector<GroupAppraisal>& by_group,
                    const DiscountRates& rates, const AccountingSettings& settings) {
  json rows = json::array();
  const size_t nv = f.interventions.size();
  for (size_t i = 0; i < nv; ++i) {
    const InterventionInfo& iv = f.interventions[i];
    const double uplift = 1.0 + iv.settings.optimism_bias;
    bool any = false;
    for (int p = 0; p < kPayerCount; ++p)
      any = any || f.intervention_present[i * kPayerCount + static_cast<size_t>(p)];
    for (size_t k = i; k < f.units.size() && !any; k += nv) any = f.units[k] != 0.0;
    if (!any) continue;  // the same in both arms: nothing reached by the option
    for (size_t g = 0; g < f.groups.size(); ++g) {
      if (f.groups[g].dimension == "imd_quintile") continue;
      std::vector<double> units, cost, per_unit;
      for (int r = 0; r < f.replications; ++r) {
        const double u = sum(units_reached(f, g, r, i));
        double c = 0.0;
        for (int y = 0; y < f.years; ++y)
          for (int p = 0; p < kPayerCount; ++p) {
            const size_t at = (f.index(r, g, y) * nv + i) * kPayerCount + static_cast<size_t>(p);
            c += (f.unit_cost[at] + f.fixed_cost[at]) * uplift;
          }
        units.push_back(u);
        cost.push_back(c);
        per_unit.push_back(u > 0.0 ? c / u : kNaN);
      }
      const GroupAppraisal& a = by_group[g];
      const BreakEvenPrices be = break_even_prices(a.mean_input, a.mean, iv.name,
                                                   units_reached(f, g, -1, i), rates, settings);
      const auto opt = [](const std::optional<double>& v) {
        return v ? number_or_null(*v) : json(nullptr);
      };
      json prices = {{"npv_fiscal", opt(be.npv_fiscal)}, {"npsv", opt(be.npsv)}};
      for (size_t k = 0; k < settings.thresholds.size(); ++k)
        prices[threshold_key("icer", settings.thresholds[k])] = opt(be.nmb[k]);
      rows.push_back({{"intervention", iv.name},
                      {"label", iv.settings.label.empty() ? readable(iv.name) : iv.settings.label},
                      {"unit_label", iv.settings.unit_label.empty() ? iv.unit + " reached"
                                                                    : iv.settings.unit_label},
                      {"dimension", f.groups[g].dimension},
                      {"group", f.groups[g].label},
                      {"units", interval(units)},
                      {"cost", interval(cost)},
                      {"cost_per_unit", interval(per_unit)},
                      {"break_even_price", prices},
                      {"suppressed", false}});
    }
  }
  return rows;
}

json cost_per_outcome_document(const OptionFlows& f, const GroupAppraisal& everyone) {
  json rows = json::array();
  for (const OutcomeSeries& x : f.outcomes) {
    std::vector<double> avoided;
    double mean = 0.0;
    for (size_t r = 0; r < x.option_total[0].size(); ++r) {
      avoided.push_back(x.baseline_total[0][r] - x.option_total[0][r]);
      mean += avoided.back() / static_cast<double>(x.option_total[0].size());
    }
    if (!(mean > 0.0)) continue;  // only what the option reduces
    rows.push_back({{"outcome", x.name},
                    {"unit", x.unit},
                    {"avoided", interval(avoided)},
                    {"net_cost_per_avoided", number_or_null(everyone.mean.net_cost / mean)},
                    {"suppressed", false}});
  }
  return rows;
}

}  // namespace civicsim::evaluation
