// The report's sections after the first page, one renderer each, in the order report_html.cpp puts them
// on the page. Each returns its whole <section> element; a renderer that draws charts adds their
// specifications to `specs` (chart id -> Vega-Lite), which the page writes once at the end. Not part of
// the public interface (report_html.hpp is).
#pragma once

#include <string>

#include "outputs/report/report_common.hpp"

namespace civicsim::report::detail {

std::string findings_html(const Page& page);                         // report_findings.cpp
std::string settings_html(const Page& page);                         // report_settings.cpp
std::string options_html(const Page& page);                          // report_options.cpp
std::string headline_html(const Page& page);                         // report_headline.cpp
std::string accounting_html(const Page& page);                       // report_accounting.cpp
std::string reach_html(const Page& page);                            // report_reach.cpp
std::string outcomes_html(const Page& page);                         // report_outcomes.cpp
std::string over_time_html(const Page& page, json& specs);           // report_chart_sections.cpp
std::string money_by_year_html(const Page& page, json& specs);       // report_chart_sections.cpp
std::string cost_effectiveness_html(const Page& page, json& specs);  // report_chart_sections.cpp
std::string equity_html(const Page& page, json& specs);              // report_equity.cpp
std::string sensitivity_html(const Page& page, json& specs);         // report_sensitivity.cpp
std::string frontier_html(const Page& page);                         // report_frontier.cpp
std::string arms_html(const Page& page);                             // report_arms.cpp
std::string trace_html(const Page& page);                            // report_arms.cpp
std::string sources_html(const Page& page);                          // report_sources.cpp

// An option's (or the baseline's) own "Not counted" list, from its not_counted sentences; "" when
// it has none. Shown on its card and under its results (report_arms.cpp).
std::string not_counted_list_html(const json& option);

// Which payers are public and which private (settings.payer_sectors) and what that means for the
// figures; "" when the document states no sectors. Under the headline and in "How the evaluation was
// done" (report_headline.cpp).
std::string sectors_sentence(const Page& page);

// Said both under "How the evaluation was done" and under "Assumptions and sources" (report_settings.cpp).
std::string discounting_text(const json& settings);
std::string price_basis(const json& settings);  // "" when the document states no prices

// The page's fixed parts (report_style.cpp, report_scripts.cpp).
extern const char* const kStyle;
// The closing <script> elements: the vendored libraries, the chart specifications and the code that
// draws them. Last on the page, so the text shows before the charts are drawn.
std::string scripts_html(const json& specs);

}  // namespace civicsim::report::detail
