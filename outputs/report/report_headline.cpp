// "Headline results": one row per figure, one column per option, in five groups (costs, benefits, net
// value, health, value for money). A row shows when any option has the figure; the core figures always
// show, as "not available" where missing, so a reader sees what is absent rather than a shorter table.
#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "engine/scenario/process_spec.hpp"
#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

enum class Kind { money, ratio, percent, qalys, year, icer, probability };

struct Metric {
  std::string key;
  std::string label;
  std::string explanation;
  Kind kind;
  bool always = false;         // shown even when no option has it (a core figure)
  std::string fallback_key{};  // the same figure's name in older documents
  bool public_only = false;    // the public sector's costs and savings alone (marked so)
};

using MetricGroup = std::pair<std::string, std::vector<Metric>>;  // heading, rows

std::string format_year(double v) { return std::to_string(std::llround(v)); }

const json& metric_cell(const json& headline, const Metric& m) {
  const json& cell = member(headline, m.key);
  if (cell.is_null() && !m.fallback_key.empty()) return member(headline, m.fallback_key);
  return cell;
}

std::vector<Metric> cost_metrics() {
  return {{"pv_costs", "All costs",
           "The option's own costs with optimism bias, and extra spending it causes in services.",
           Kind::money, true, "intervention_cost"},
          {"pv_intervention_cost", "The option's own cost", "Before the optimism-bias allowance.",
           Kind::money},
          {"pv_optimism_bias", "Optimism bias on it",
           "HM Treasury's allowance for costs overrunning, by cost category.", Kind::money},
          {"pv_induced_costs", "Extra spending in services",
           "Services the option causes more of (for example more early help).", Kind::money},
          {"pv_costs_public", "Costs to the public sector",
           "The NHS's, councils' and other public payers' part of all costs: what the fiscal "
           "figures count.",
           Kind::money, false, "", true},
          {"pv_costs_private", "Costs to private payers",
           "Landlords', owners' and other private payers' part: counted in the net present social "
           "value, not in the public purse's figures.",
           Kind::money}};
}

// All benefits and their parts, then the savings to each payer: the payers the document names, else the
// four every scenario has.
std::vector<Metric> benefit_metrics(const Page& page) {
  std::vector<Metric> benefits = {
      {"pv_benefits", "All benefits",
       "Fiscal, economic and social value together, after optimism bias.", Kind::money, true},
      {"pv_cashable", "Cashable savings",
       "Savings a budget holder can take out (for example placements not bought).", Kind::money},
      {"pv_non_cashable", "Non-cashable savings",
       "Capacity freed rather than money released (for example GP time).", Kind::money},
      {"pv_fiscal", "Fiscal value", "Savings to public budgets.", Kind::money, false,
       "savings_total", true},
      {"pv_economic", "Economic value",
       "Value to households and businesses, such as working time and private payers' own savings.",
       Kind::money},
      {"pv_social", "Social value", "Health gained valued in money, and other social benefits.",
       Kind::money},
      {"pv_benefit_optimism_bias", "Optimism bias taken off benefits",
       "The correction for optimism by each benefit's confidence grade (already taken off the "
       "figures above).",
       Kind::money}};
  std::vector<std::string> payers;
  for (const auto& [id, _] : member(member(page.doc, "labels"), "payers").items())
    payers.push_back(id);
  if (payers.empty()) payers.assign(kPayerNames.begin(), kPayerNames.end());
  for (const std::string& p : payers) {
    const std::string sector = payer_sector(page.doc, p);
    benefits.push_back(
        {"savings_" + p, "Savings to " + payer_and_sector(page, p),
         "Spending by this payer that the option avoids, after optimism bias" +
             std::string(sector == "private"  ? ": economic value, not public money."
                         : sector == "public" ? ": fiscal value where its category is fiscal."
                                              : "."),
         Kind::money});
  }
  return benefits;
}

// The chances come from the spread of the runs, so they show only where ranges do.
std::vector<Metric> net_value_metrics(const Page& page) {
  std::vector<Metric> net = {
      {"npsv", page.labels.metric("npsv", "Net present social value"),
       "All benefits minus all costs (HM Treasury Green Book).", Kind::money, true},
      {"npv_fiscal", page.labels.metric("npv_fiscal", "Net present value to the public purse"),
       "Fiscal savings minus the public sector's costs; private payers' costs and savings are left "
       "out. Above zero: the option pays for itself in public money.",
       Kind::money, true, "npv", true},
      {"bcr", page.labels.metric("bcr", "Benefit-cost ratio"),
       "All benefits, less private payers' costs, per £1 of public-sector cost (HM Treasury's "
       "convention; with no private payer, all benefits per £1 of cost). Above 1: benefits exceed "
       "all costs.",
       Kind::ratio, true},
      {"bcr_all_costs", page.labels.metric("bcr_all_costs", "Benefits per £1 of all costs"),
       "All benefits per £1 of every payer's cost, public and private.", Kind::ratio},
      {"bcr_fiscal", "Benefit-cost ratio, public purse",
       "Fiscal savings per £1 of public-sector cost.", Kind::ratio, false, "", true},
      {"roi", "Return on investment",
       "Net fiscal saving as a share of the public-sector cost: 20% means every £1 comes back as "
       "£1.20.",
       Kind::percent, false, "", true},
      {"payback_year", "Payback year",
       "First financial year from which the public purse's cumulative net stays above zero.",
       Kind::year, false, "", true}};
  if (page.ranges.shown) {
    net.push_back({"p_npsv_positive", "Chance benefits exceed costs",
                   "Share of model runs with a positive net present social value.",
                   Kind::probability});
    net.push_back({"p_roi_positive", "Chance the public purse gains",
                   "Share of model runs in which fiscal savings exceed the cost.",
                   Kind::probability});
  }
  return net;
}

// The ICER here is against the baseline; the frontier's is against the previous option on it, and the
// row says so, since the same option can show both.
std::vector<Metric> value_for_money_metrics(const Page& page) {
  const std::string base = page.baseline_label;
  std::vector<Metric> value;
  value.push_back({"net_cost", "Net cost",
                   "Costs minus fiscal and economic savings: the NICE incremental cost.",
                   Kind::money});
  value.push_back({"icer", "Cost per QALY against " + base,
                   "The incremental cost-effectiveness ratio: extra net cost for each extra QALY, "
                   "each option against " +
                       base +
                       ". The efficiency frontier's cost per QALY is against the previous option "
                       "on the frontier instead, "
                       "so the two differ.",
                   Kind::icer, true});
  for (const double t : page.thresholds)
    value.push_back(
        {threshold_key(t), "Net monetary benefit at " + format_money(t) + " per QALY",
         "Health gained valued at " + format_money(t) + " per QALY, minus the net cost.",
         Kind::money});
  return value;
}

std::vector<MetricGroup> headline_metrics(const Page& page) {
  return {
      {"Costs (present value)", cost_metrics()},
      {"Benefits (present value)", benefit_metrics(page)},
      {"Net value", net_value_metrics(page)},
      {"Health",
       {{"qalys_gained", "Health gained (QALYs)",
         "Quality-adjusted life years: one year in full health is 1 QALY.", Kind::qalys, true}}},
      {"Value for money", value_for_money_metrics(page)}};
}

// One option's cell for one figure. The payback year may be a financial year's name or a plain number,
// and null within the period means it never pays back; the ICER is read with its status, since a
// negative ratio alone cannot say whether the option saves money or loses health.
std::string headline_cell(const json& headline, const Metric& m, bool ranges,
                          const std::vector<std::string>& years) {
  const json& cell = metric_cell(headline, m);
  switch (m.kind) {
    case Kind::money:
      return interval_html(cell, format_money, ranges);
    case Kind::ratio:
    case Kind::qalys:
      return interval_html(cell, format_number, ranges);
    case Kind::percent:
      return interval_html(cell, format_percent, ranges);
    case Kind::probability: {
      const auto p = number_at(cell, "mean");
      return p ? "<span class=\"mean\">" + html_escape(format_percent(*p)) + "</span>"
               : kNotAvailable;
    }
    case Kind::year: {
      const json& mean = member(cell, "mean");
      if (mean.is_string())
        return "<span class=\"mean\">" + html_escape(mean.get<std::string>()) + "</span>";
      if (mean.is_number()) return interval_html(cell, format_year, ranges);
      if (!cell.is_object()) return kNotAvailable;
      return "<span class=\"mean words\">" +
             html_escape(years.empty() ? "Not within the period" : "Not by " + years.back()) +
             "</span>";
    }
    case Kind::icer: {
      const std::string status = text_at(headline, "icer_status");
      if (status == "dominant")
        return "<span class=\"mean good\">Dominant</span> <span class=\"sub\">(costs less, "
               "improves health)</span>";
      if (status == "dominated")
        return "<span class=\"mean bad\">Dominated</span> <span class=\"sub\">(costs more, worse "
               "health)</span>";
      if (status == "no_difference") return "<span class=\"mean\">No difference</span>";
      if (!number_at(cell, "mean")) return kNotAvailable;
      if (status == "less_costly_less_effective")
        return interval_html(cell, format_money, ranges) +
               " <span class=\"unit\">saved per QALY lost</span>";
      return interval_html(cell, format_money, ranges) + " <span class=\"unit\">per QALY</span>";
    }
  }
  return kNotAvailable;
}

bool any_option_has(const json& options, const Metric& m) {
  return std::any_of(options.begin(), options.end(), [&](const json& o) {
    return !metric_cell(member(o, "headline"), m).is_null();
  });
}

std::string column_headings(const Page& page, const json& options) {
  std::string h = "<thead><tr><th scope=\"col\">Measure</th>";
  for (const json& option : options) {
    const std::string label = page.labels.option(option);
    h += "<th scope=\"col\" class=\"num\"><span class=\"swatch\" style=\"background:" +
         page.colours.of(label) + "\"></span>" + html_escape(label) + "</th>";
  }
  return h + "</tr></thead>\n";
}

// The group's heading row and its rows; "" when no option has any of its figures.
std::string group_rows(const Page& page, const MetricGroup& group, const json& options,
                       const std::vector<std::string>& years) {
  const auto& [heading, metrics] = group;
  std::string rows;
  for (const Metric& m : metrics) {
    if (!m.always && !any_option_has(options, m)) continue;
    // The document's name for the figure; the ICER's own, which says what it is against.
    const std::string label = m.kind == Kind::icer ? m.label : page.labels.metric(m.key, m.label);
    const std::string scope = m.public_only && states_sectors(page.doc)
                                  ? " <span class=\"scope\">public sector only</span>"
                                  : "";
    rows += "<tr><th scope=\"row\">" + html_escape(label) + scope + "<span class=\"explain\">" +
            html_escape(m.explanation) + "</span></th>";
    for (const json& option : options)
      rows += "<td class=\"num\" data-testid=\"" +
              html_escape(headline_test_id(m.key, text_at(option, "name"))) + "\">" +
              headline_cell(member(option, "headline"), m, page.ranges.shown, years) + "</td>";
    rows += "</tr>\n";
  }
  if (rows.empty()) return "";
  const std::string columns = std::to_string(options.size() + 1);
  return "<tr class=\"group\"><th colspan=\"" + columns + "\" scope=\"colgroup\">" +
         html_escape(heading) + "</th></tr>\n" + rows;
}

}  // namespace

std::string sectors_sentence(const Page& page) {
  if (!states_sectors(page.doc)) return "";
  std::vector<std::string> of[2];  // public, private
  for (const auto& [payer, sector] : member(member(page.doc, "settings"), "payer_sectors").items())
    if (sector == "public" || sector == "private")
      of[sector == "private" ? 1 : 0].push_back(page.labels.payer(payer));
  std::string s = "Figures marked public sector only count the public sector's costs and savings";
  if (!of[0].empty()) s += " (" + list_words(of[0]) + ")";
  s += ". Private payers";
  if (!of[1].empty()) s += " (" + list_words(of[1]) + ")";
  return s +
         " count in the net present social value: their costs among all costs, their savings as "
         "economic value.";
}

std::string headline_html(const Page& page) {
  const json& options = array_at(page.doc, "options");
  const std::vector<std::string> years = year_labels(page.doc);
  std::string h = "<section id=\"headline\"><h2>Headline results</h2>\n";
  h += "<p>Each option compared with " + html_escape(page.baseline_label) +
       ". Money is discounted to the start of the appraisal. " + html_escape(page.ranges.text) +
       "</p>\n";
  if (const std::string sectors = sectors_sentence(page); !sectors.empty())
    h += "<p id=\"sectors\">" + html_escape(sectors) + "</p>\n";
  h += "<div class=\"table-wrap\"><table class=\"headline\" id=\"headline-table\">\n" +
       column_headings(page, options) + "<tbody>\n";
  for (const MetricGroup& group : headline_metrics(page))
    h += group_rows(page, group, options, years);
  return h + "</tbody></table></div>\n</section>\n";
}

}  // namespace civicsim::report::detail
