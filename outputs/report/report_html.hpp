// The commissioner's report: one self-contained HTML page (inline CSS, inlined Vega-Lite charts, no
// external fetches) rendered from an evaluation document. The document's shape is in README.md here.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace civicsim::report {

// The whole page, ready to write to a .html file. Every text from the document is HTML-escaped; chart
// specifications are embedded as JSON that cannot close their <script> element. Missing or null values
// are shown as "not available"; counts suppressed by disclosure control as "<N" (N = threshold).
// Throws std::invalid_argument when the document is not an object or has no "options" array.
std::string render_report_html(const nlohmann::json& evaluation);

// Formatting used on the page, exposed for tests and for other outputs that want the same look.
std::string html_escape(std::string_view text);
// Money: £1.2m, £35,000, -£850, £1.2bn (three significant figures at most, no pence).
std::string format_money(double value);
// Plain numbers: 1,234 / 12.3 / 0.85 (three significant figures, at most two decimals).
std::string format_number(double value);
// Figures as decision models print them: four significant figures, never in exponent form, whole
// numbers with commas from 1,000: 8.655, 0.000234, 123.5, 12,346, -0.5.
std::string format_precise(double value);
// Money the same way: pence below £1,000 (£12.35, -£0.12), whole pounds from it (£5,034, £1,234,567).
std::string format_precise_money(double value);
// A fraction as a percentage: 0.853 -> "85%".
std::string format_percent(double value);
// The test id of an option's headline cell: "npv" and "Warm homes" -> "npv-warm-homes".
std::string headline_test_id(std::string_view metric, std::string_view option_name);

}  // namespace civicsim::report
