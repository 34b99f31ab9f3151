// "Who benefits": results by deprivation quintile and by council as charts, the change in a chosen
// outcome by group, and the same figures as a table (collapsed) for readers who want the numbers.
#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

std::string dimension_words(const std::string& dimension) {
  return dimension == "imd_quintile" ? "IMD quintile"
         : dimension == "council"    ? "Council"
                                     : words_of(dimension);
}

// The net monetary benefit is shown at the first threshold only, to keep the table narrow.
std::string equity_table(const Page& page) {
  const std::string first_key = threshold_key(page.thresholds.front());
  std::string rows;
  for (const json& option : array_at(page.doc, "options"))
    for (const json& row : array_at(option, "equity")) {
      rows += "<tr><td>" + html_escape(page.labels.option(option)) + "</td><td>" +
              html_escape(dimension_words(text_at(row, "dimension"))) + "</td><td>" +
              html_escape(text_at(row, "group")) + "</td><td class=\"num\">" +
              interval_html(member(row, "net_cost"), format_money, page.ranges.shown) +
              "</td><td class=\"num\">" +
              interval_html(member(row, "qalys_gained"), format_number, page.ranges.shown) +
              "</td><td class=\"num\">" +
              interval_html(member(row, first_key), format_money, page.ranges.shown) +
              "</td></tr>\n";
    }
  if (rows.empty()) return "";
  return "<details><summary>Show these figures as a table</summary><div "
         "class=\"table-wrap\"><table class=\"equity\">\n"
         "<thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Split by</th><th "
         "scope=\"col\">Group</th>"
         "<th scope=\"col\" class=\"num\">Net cost</th><th scope=\"col\" class=\"num\">QALYs "
         "gained</th>"
         "<th scope=\"col\" class=\"num\">Net monetary benefit at " +
         html_escape(format_money(page.thresholds.front())) + "</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody></table></div></details>\n";
}

}  // namespace

std::string equity_html(const Page& page, json& specs) {
  std::string h =
      "<section id=\"equity\"><h2>Who benefits</h2>\n<p>Results split by how deprived an area is "
      "(Index of "
      "Multiple Deprivation quintile: 1 is the most deprived fifth of areas, 5 the least) and by "
      "council.</p>\n";
  const std::string imd = chart_html(chart_equity(page, "imd_quintile"), specs);
  const std::string council = chart_html(chart_equity(page, "council"), specs);
  h += imd + council;
  if (imd.empty() && council.empty())
    h += "<p class=\"muted\">The evaluation has no breakdown by group.</p>\n";
  Chart by_group = chart_outcomes_by_group(page);
  by_group.words =
      "The change in one outcome (choose it from the list) in each fifth of areas and each "
      "council, compared "
      "with " +
      html_escape(page.baseline_label) + ", over the whole period.";
  h += chart_html(by_group, specs);
  return h + equity_table(page) + "</section>\n";
}

}  // namespace civicsim::report::detail
