// "Outcomes": the total change in each outcome over the period, one column per option, with counts
// below the disclosure threshold suppressed; then the net cost of each outcome avoided.
#include <algorithm>
#include <utility>
#include <vector>

#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

using OutcomeUnits = std::vector<std::pair<std::string, std::string>>;  // outcome id, unit

// Every outcome any option reports, in the order first seen, so each gets one row.
OutcomeUnits outcomes_of(const json& options) {
  OutcomeUnits outcomes;
  for (const json& option : options)
    for (const json& row : array_at(option, "outcomes")) {
      const std::string id = text_at(row, "outcome");
      if (std::none_of(outcomes.begin(), outcomes.end(),
                       [&](const auto& o) { return o.first == id; }))
        outcomes.emplace_back(id, text_at(row, "unit"));
    }
  return outcomes;
}

std::string outcome_cell(const Page& page, const json& option, const std::string& id) {
  const json* found = nullptr;
  for (const json& row : array_at(option, "outcomes"))
    if (text_at(row, "outcome") == id) found = &row;
  std::string cell;
  if (!found)
    cell = kNotAvailable;
  else if (member(*found, "suppressed") == true)
    cell = suppressed_html(page.doc);
  else
    cell = interval_html(*found, format_number, page.ranges.shown);
  return "<td class=\"num\" data-testid=\"" +
         html_escape(headline_test_id("outcome-" + slug(page.labels.outcome(id)),
                                      text_at(option, "name"))) +
         "\">" + cell + "</td>";
}

std::string totals_table(const Page& page, const json& options, const OutcomeUnits& outcomes) {
  std::string h =
      "<p>Totals over the period: how many more (below zero: fewer) each option brings compared "
      "with " +
      html_escape(page.baseline_label) + ", for the whole population.</p>\n";
  h += "<div class=\"table-wrap\"><table class=\"outcomes\" id=\"outcomes-table\">\n<thead><tr><th "
       "scope=\"col\">Outcome</th>";
  for (const json& option : options)
    h += "<th scope=\"col\" class=\"num\">" + html_escape(page.labels.option(option)) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  for (const auto& [id, unit] : outcomes) {
    h += "<tr><th scope=\"row\">" + html_escape(page.labels.outcome(id)) +
         (unit.empty() ? "" : " <span class=\"unit\">(" + html_escape(unit) + ")</span>") + "</th>";
    for (const json& option : options) h += outcome_cell(page, option, id);
    h += "</tr>\n";
  }
  return h + "</tbody></table></div>\n";
}

// A negative net cost per outcome avoided is money saved on each one, and says so.
std::string cost_per_outcome_row(const Page& page, const json& option, const json& row) {
  const bool suppressed = member(row, "suppressed") == true;
  const auto per = number_at(row, "net_cost_per_avoided");
  return "<tr><td>" + html_escape(page.labels.option(option)) + "</td><td>" +
         html_escape(page.labels.outcome(text_at(row, "outcome"))) + "</td><td class=\"num\">" +
         (suppressed ? suppressed_html(page.doc)
                     : interval_html(member(row, "avoided"), format_count, page.ranges.shown)) +
         " <span class=\"unit\">" + html_escape(text_at(row, "unit")) +
         "</span></td><td class=\"num\">" +
         (suppressed ? suppressed_html(page.doc)
          : !per     ? kNotAvailable
          : *per < 0 ? "<span class=\"mean good\">" + html_escape(format_money(-*per)) +
                           "</span> <span class=\"unit\">saved</span>"
                     : "<span class=\"mean\">" + html_escape(format_money(*per)) + "</span>") +
         "</td></tr>\n";
}

std::string cost_per_outcome_table(const std::string& rows) {
  return "<h3>Net cost per outcome avoided</h3>\n<p>The net cost (costs minus fiscal and economic "
         "savings) divided by the "
         "number avoided: what each one avoided costs the public, counting nothing else.</p>\n<div "
         "class=\"table-wrap\">"
         "<table class=\"cost-per-outcome\">\n<thead><tr><th scope=\"col\">Option</th><th "
         "scope=\"col\">Outcome</th>"
         "<th scope=\"col\" class=\"num\">Avoided</th><th scope=\"col\" class=\"num\">Net cost of "
         "each</th></tr></thead>\n"
         "<tbody>\n" +
         rows + "</tbody></table></div>\n";
}

}  // namespace

std::string outcomes_html(const Page& page) {
  const json& options = array_at(page.doc, "options");
  const OutcomeUnits outcomes = outcomes_of(options);
  std::string h = "<section id=\"outcomes\"><h2>Outcomes</h2>\n";
  h += outcomes.empty() ? "<p class=\"muted\">The evaluation lists no outcome totals.</p>\n"
                        : totals_table(page, options, outcomes);
  std::string rows;
  for (const json& option : options)
    for (const json& row : array_at(option, "cost_per_outcome"))
      rows += cost_per_outcome_row(page, option, row);
  if (!rows.empty()) h += cost_per_outcome_table(rows);
  return h + "</section>\n";
}

}  // namespace civicsim::report::detail
