// "Reach and break-even prices": the units each option reaches, what they cost and the cost of each,
// region-wide with the prices at which the option breaks even, and by council (collapsed).
#include <cmath>
#include <optional>

#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

// In a suppressed row the mark stands only for the figures the document withheld; one it still gives shows.
std::string reach_cell(const Page& page, const json& row, const char* key, Format format) {
  const bool suppressed = member(row, "suppressed") == true;
  return suppressed && number_at(member(row, key), "mean") == std::nullopt
             ? suppressed_html(page.doc)
             : interval_html(member(row, key), format, page.ranges.shown);
}

// Option, intervention, [council,] reach, cost, cost per unit: the cells both tables share.
std::string reach_cells(const Page& page, const json& option, const json& row) {
  const std::string what = text_at(row, "unit_label", "units");
  const std::string intervention = text_at(row, "label").empty()
                                       ? page.labels.intervention(text_at(row, "intervention"))
                                       : text_at(row, "label");
  std::string r = "<tr><td>" + html_escape(page.labels.option(option)) + "</td><td>" +
                  html_escape(intervention) + "</td>";
  if (text_at(row, "dimension") == "council")
    r += "<td>" + html_escape(text_at(row, "group")) + "</td>";
  r += "<td class=\"num\">" + reach_cell(page, row, "units", format_count) +
       " <span class=\"unit\">" + html_escape(what) + "</span></td><td class=\"num\">" +
       reach_cell(page, row, "cost", format_money) + "</td><td class=\"num\">" +
       reach_cell(page, row, "cost_per_unit", format_money) + "</td>";
  return r;
}

std::string break_even_price(const json& prices, const std::string& key) {
  // No price, or one at or below zero: no positive price breaks even.
  if (!member(prices, key).is_number() || member(prices, key).get<double>() < 0)
    return std::string("<span class=\"muted\">none</span>");
  return html_escape(format_money(member(prices, key).get<double>()));
}

// Break-even for the public purse, for social value, and for the cost per QALY at each threshold.
std::string break_even_cells(const Page& page, const json& row) {
  const json& be = member(row, "break_even_price");
  std::string r = "<td class=\"num\">" + break_even_price(be, "npv_fiscal") +
                  "</td><td class=\"num\">" + break_even_price(be, "npsv") +
                  "</td><td class=\"num\">";
  for (const double t : page.thresholds)
    r += "<span class=\"line\">" + html_escape(short_money(t)) + ": " +
         break_even_price(be, "icer_" + std::to_string(std::llround(t))) + "</span>";
  return r + "</td>";
}

std::string region_table(const std::string& rows) {
  return "<div class=\"table-wrap\"><table class=\"reach\" id=\"reach-table\">\n<thead><tr><th "
         "scope=\"col\">Option</th>"
         "<th scope=\"col\">Intervention</th><th scope=\"col\" class=\"num\">Reach</th><th "
         "scope=\"col\" class=\"num\">Cost</th>"
         "<th scope=\"col\" class=\"num\">Cost per unit</th><th scope=\"col\" "
         "class=\"num\">Break-even: public purse</th>"
         "<th scope=\"col\" class=\"num\">Break-even: social value</th><th scope=\"col\" "
         "class=\"num\">Break-even: cost per "
         "QALY at</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody></table></div>\n";
}

std::string council_table(const std::string& rows) {
  return "<details><summary>By council</summary><div class=\"table-wrap\"><table "
         "class=\"reach-council\">\n<thead><tr>"
         "<th scope=\"col\">Option</th><th scope=\"col\">Intervention</th><th "
         "scope=\"col\">Council</th>"
         "<th scope=\"col\" class=\"num\">Reach</th><th scope=\"col\" class=\"num\">Cost</th>"
         "<th scope=\"col\" class=\"num\">Cost per unit</th></tr></thead>\n<tbody>\n" +
         rows + "</tbody></table></div></details>\n";
}

}  // namespace

std::string reach_html(const Page& page) {
  std::string region_rows, council_rows;
  for (const json& option : array_at(page.doc, "options"))
    for (const json& row : array_at(option, "reach")) {
      if (text_at(row, "dimension") == "council")
        council_rows += reach_cells(page, option, row) + "</tr>\n";
      else
        region_rows += reach_cells(page, option, row) + break_even_cells(page, row) + "</tr>\n";
    }
  std::string h = "<section id=\"reach\"><h2>Reach and break-even prices</h2>\n";
  if (region_rows.empty() && council_rows.empty())
    return h + "<p class=\"muted\">The evaluation records no reach.</p>\n</section>\n";
  h += "<p>Units each option reaches in the appraisal period (more than under " +
       html_escape(page.baseline_label) +
       "), what they cost (not discounted, with optimism bias) and the cost of each. The "
       "break-even price is the price "
       "per unit, before optimism bias, at which the figure named is zero, everything else held: "
       "the most a "
       "provider could charge and still break even. &ldquo;None&rdquo;: no positive price breaks "
       "even.</p>\n";
  h += region_table(region_rows);
  if (!council_rows.empty()) h += council_table(council_rows);
  return h + "</section>\n";
}

}  // namespace civicsim::report::detail
