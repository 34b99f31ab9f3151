// "How the evaluation was done": what each option is compared with, the appraisal period, discounting,
// prices, the value put on health, optimism bias and uncertainty, then how to read the report. Each
// setting is a <dt>/<dd> pair; one the document does not state is left out rather than guessed.
#include <cctype>
#include <cmath>
#include <vector>

#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

std::string list_money(const std::vector<double>& values) {
  std::vector<std::string> items;
  for (const double v : values) items.push_back(format_money(v));
  return list_words(items);
}

// Financial years when the document has them (with the start money is discounted to, and the warm-up
// that is not counted); an older document's start and horizon otherwise.
std::string period_text(const json& settings, const std::vector<std::string>& years) {
  const json& appraisal = member(settings, "appraisal");
  std::string period;
  if (!years.empty()) {
    period = "Financial years " + years.front() + (years.size() > 1 ? " to " + years.back() : "") +
             " (" + std::to_string(years.size()) + " year" + (years.size() == 1 ? "" : "s") + ")";
    if (const std::string start = text_at(appraisal, "start"); !start.empty())
      period += ", from " + long_date(start) + "; money is discounted to that start";
    if (const std::string warm = text_at(appraisal, "warm_up_from"); !warm.empty())
      period += ". The model starts in " + long_date(warm) +
                " to settle; the months before the appraisal are not counted";
  } else {
    const int horizon = static_cast<int>(number_at(settings, "horizon_years").value_or(0));
    if (const std::string start = text_at(settings, "start"); !start.empty())
      period = "From " + long_date(start);
    if (horizon > 0)
      period +=
          (period.empty() ? "" : ", ") + std::string("over ") + std::to_string(horizon) + " years";
  }
  return period;
}

std::string value_of_health_text(const Page& page, const json& settings) {
  std::string health = "Results are shown at " + list_money(page.thresholds) +
                       " per QALY. A threshold is the most it is considered worth paying for one "
                       "quality-adjusted life "
                       "year: NICE usually uses £20,000 to £30,000.";
  if (const auto qv = number_of(member(settings, "qaly_value")))
    health +=
        " The social value counts each QALY at " + format_money(*qv) + " (HM Treasury Green Book).";
  return health;
}

// "" when the document states no optimism bias.
std::string optimism_bias_text(const json& settings) {
  const json& ob = member(settings, "optimism_bias");
  std::vector<std::string> costs, grades;
  for (const auto& [category, v] : member(ob, "costs").items())
    if (const auto x = number_of(v)) costs.push_back(words_of(category) + " " + format_percent(*x));
  for (const auto& [grade, v] : member(ob, "benefits_by_confidence_grade").items())
    if (const auto x = number_of(v)) grades.push_back("grade " + grade + " " + format_percent(*x));
  std::string s;
  if (!costs.empty())
    s += "Costs are raised by the Green Book's optimism bias for their category: " +
         list_words(costs) + ". ";
  if (!grades.empty())
    s += "Benefits are lowered by the confidence grade of their evidence (1 best, 6 weakest): " +
         list_words(grades) + ".";
  return s;
}

std::string uncertainty_html(const Page& page, const json& settings) {
  const auto replications = number_at(settings, "replications");
  return html_escape(page.ranges.text) +
         (replications ? " The model was run " + std::to_string(std::llround(*replications)) +
                             (std::llround(*replications) == 1 ? " time." : " times.")
                       : std::string());
}

std::string how_to_read_html(const Page& page) {
  std::string h =
      "<div class=\"callout\"><p><strong>How to read this report.</strong> Each option is compared "
      "with " +
      html_escape(page.baseline_label) +
      ". Costs are what the option itself costs, with an allowance for overruns (optimism bias), "
      "and any extra "
      "spending it causes in services. Benefits are spending avoided (cashable when a budget can "
      "release it), "
      "value to the wider economy, and health valued in money. The net present social value is "
      "benefits minus "
      "costs, whoever pays; the benefit-cost ratio is benefits, less private payers' costs, per £1 "
      "of public money. The net present value to the public purse, and its payback, count the "
      "public sector's costs and savings alone. Health is counted in quality-adjusted life years "
      "(QALYs).";
  if (page.ranges.shown)
    h += " Where a range is shown, it is introduced above: " + html_escape(page.ranges.text);
  return h + "</p></div>\n";
}

}  // namespace

// The cycle convention (settings.convention.text, issue #17), as a sentence; empty when absent.
std::string convention_text(const json& settings) {
  if (!settings.is_object() || !settings.contains("convention") ||
      !settings["convention"].is_object())
    return "";
  std::string text = text_at(settings["convention"], "text");
  if (text.empty()) return "";
  text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return " " + text + ".";
}

std::string discounting_text(const json& settings) {
  const std::string scheme = text_at(settings, "discounting");
  const auto cost_rate = number_at(settings, "cost_rate");
  const auto health_rate = number_at(settings, "health_rate");
  std::string name = scheme == "green_book" ? "HM Treasury Green Book rates"
                     : scheme == "nice"     ? "NICE reference-case rates"
                     : scheme == "custom"   ? "rates chosen for this evaluation"
                     : scheme.empty()       ? "rates not stated"
                                            : words_of(scheme);
  return "Future costs are discounted at " +
         (cost_rate ? percent_rate(*cost_rate) : std::string("an unstated rate")) +
         " a year and health at " +
         (health_rate ? percent_rate(*health_rate) : std::string("an unstated rate")) +
         " a year (" + name +
         "): a pound spent, or a year of health gained, in the future counts for a little less "
         "than one today." +
         convention_text(settings);
}

std::string price_basis(const json& settings) {
  if (std::string basis = text_at(settings, "price_basis"); !basis.empty()) return basis;
  const std::string year = text_at(settings, "price_year");
  return year.empty() ? "" : "All money is in " + year + " prices.";
}

std::string settings_html(const Page& page) {
  const json& settings = member(page.doc, "settings");
  const json& baseline = member(page.doc, "baseline");
  std::string h =
      "<section id=\"settings\"><h2>How the evaluation was done</h2>\n<dl class=\"settings\">\n";
  h += "<dt>Compared with</dt><dd>" + html_escape(page.baseline_label) +
       (text_at(baseline, "description").empty()
            ? ""
            : ": " + html_escape(text_at(baseline, "description"))) +
       "</dd>\n";
  if (const std::string period = period_text(settings, year_labels(page.doc)); !period.empty())
    h += "<dt>Period</dt><dd>" + html_escape(period) + ".</dd>\n";
  h += "<dt>Discounting</dt><dd>" + html_escape(discounting_text(settings)) + "</dd>\n";
  if (const std::string basis = price_basis(settings); !basis.empty())
    h += "<dt>Prices</dt><dd>" + html_escape(basis) + "</dd>\n";
  h += "<dt>Value of health</dt><dd>" + html_escape(value_of_health_text(page, settings)) +
       "</dd>\n";
  if (const std::string ob = optimism_bias_text(settings); !ob.empty())
    h += "<dt>Optimism bias</dt><dd>" + html_escape(ob) + "</dd>\n";
  if (const std::string sectors = sectors_sentence(page); !sectors.empty())
    h += "<dt>Public and private money</dt><dd>" + html_escape(sectors) +
         " Fiscal value is public budgets' and economic value households' and businesses' "
         "(HM Treasury and New Economy 2014); housing associations are private bodies in the "
         "national accounts (ONS, November 2017).</dd>\n";
  h += "<dt>Uncertainty</dt><dd>" + uncertainty_html(page, settings) + "</dd>\n";
  return h + "</dl>\n" + how_to_read_html(page) + "</section>\n";
}

}  // namespace civicsim::report::detail
