// The sections that are charts with a sentence or two: "Change over time", "Money by year" and
// "Cost-effectiveness". The specifications are built in report_charts.cpp.
#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {

// One small-multiple chart per process, each with its own legend.
std::string over_time_html(const Page& page, json& specs) {
  const std::string base = html_escape(page.baseline_label);
  std::string h =
      "<section id=\"over-time\"><h2>Change over time</h2>\n<p>The difference each option makes, "
      "month by month, "
      "compared with " +
      base + (page.ranges.shown ? "; the shaded band is the range" : "") +
      ". Below zero means fewer than under " + base + ".</p>\n";
  std::string charts;
  for (const Chart& c : charts_over_time(page)) charts += chart_html(c, specs);
  h += charts.empty() ? "<p class=\"muted\">The evaluation has no outcomes over time.</p>\n"
                      : charts;
  return h + "</section>\n";
}

std::string money_by_year_html(const Page& page, json& specs) {
  const std::string chart = chart_html(chart_costs_by_payer(page), specs);
  return "<section id=\"money-by-year\"><h2>Money by year</h2>\n" +
         (chart.empty() ? "<p class=\"muted\">The evaluation has no yearly figures.</p>\n"
                        : chart) +
         "</section>\n";
}

// The acceptability curve only with ranges: from a few runs it would only step between 0% and 100%.
std::string cost_effectiveness_html(const Page& page, json& specs) {
  std::string h = "<section id=\"cost-effectiveness\"><h2>Cost-effectiveness</h2>\n";
  h += chart_html(chart_ce_plane(page), specs);
  if (page.ranges.shown) {
    h += chart_html(chart_ceac(page), specs);
  } else {
    h += "<h3>Cost-effectiveness acceptability curve</h3>\n<p class=\"muted\" id=\"no-ceac\">Not "
         "drawn. " +
         html_escape(page.ranges.text) +
         " With so few runs the curve would only step between 0% and 100%, which would overstate "
         "how sure we are.</p>\n";
  }
  return h + "</section>\n";
}

}  // namespace civicsim::report::detail
