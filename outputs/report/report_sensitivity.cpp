// "Which numbers matter most": the one-way sensitivity analysis as a tornado chart and a table
// (collapsed), or a note on how to ask for one when the scenario named no numbers to vary.
#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

// One number varied: its range, and the net present value at each end.
std::string one_way_row(const Page& page, const json& option, const json& row) {
  const json& npv = member(member(row, "metrics"), "npv");
  return "<tr><td>" + html_escape(page.labels.option(option)) + "</td><td>" +
         html_escape(text_at(row, "label")) + "</td><td class=\"num\">" +
         html_escape(format_number(number_at(row, "value_low").value_or(0))) + " to " +
         html_escape(format_number(number_at(row, "value_high").value_or(0))) +
         "</td><td class=\"num\">" +
         (number_at(npv, "low") ? html_escape(detailed_money(*number_at(npv, "low")))
                                : kNotAvailable) +
         "</td><td class=\"num\">" +
         (number_at(npv, "high") ? html_escape(detailed_money(*number_at(npv, "high")))
                                 : kNotAvailable) +
         "</td></tr>\n";
}

std::string one_way_table(const std::string& rows) {
  return "<details><summary>Show these figures as a table</summary><div "
         "class=\"table-wrap\"><table class=\"one-way\">\n"
         "<thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Number</th><th scope=\"col\" "
         "class=\"num\">Range</th>"
         "<th scope=\"col\" class=\"num\">Net present value at the low end</th>"
         "<th scope=\"col\" class=\"num\">at the high end</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody></table></div></details>\n";
}

}  // namespace

std::string sensitivity_html(const Page& page, json& specs) {
  std::string h = "<section id=\"sensitivity\"><h2>Which numbers matter most</h2>\n";
  std::string rows;
  for (const json& option : array_at(page.doc, "options"))
    for (const json& row : array_at(option, "one_way")) rows += one_way_row(page, option, row);
  if (rows.empty()) {
    h += "<p class=\"muted\">No one-way sensitivity analysis was run: name numbers under "
         "<code>uncertainty/one_way</code> in the scenario to see which of them the answer depends "
         "on.</p>\n";
  } else {
    h += chart_html(chart_tornado(page), specs);
    h += one_way_table(rows);
  }
  return h + "</section>\n";
}

}  // namespace civicsim::report::detail
