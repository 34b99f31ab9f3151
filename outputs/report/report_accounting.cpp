// "Appraisal summary tables" (HM Treasury Green Book): for each option, collapsed, every cost and
// benefit line with who bears it and what kind of line it is, so each headline total can be traced.
#include <cmath>

#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

// One line of the appraisal summary table, in words: "Saving, cashable, fiscal (confidence grade 2)".
std::string accounting_kind(const json& row, const json& settings) {
  const std::string kind = text_at(row, "kind");
  const auto ob = number_at(row, "optimism_bias");
  const auto grade = number_at(row, "confidence_grade");
  const std::string grade_text =
      grade ? "confidence grade " + std::to_string(std::llround(*grade)) : "";
  const std::string value = text_at(row, "value");
  if (kind == "intervention") return "The option's own cost";
  if (kind == "optimism_bias")
    return "Optimism bias" + (ob ? " at " + format_percent(*ob) : std::string());
  if (kind == "induced") return "Extra spending caused in services";
  if (kind == "qalys") {
    const auto qv = number_of(member(settings, "qaly_value"));
    return "Health gained, valued" +
           (qv ? " at " + format_money(*qv) + " per QALY" : std::string()) +
           (grade ? " (" + grade_text + ")" : "");
  }
  if (kind == "benefit_optimism_bias")
    return "Optimism bias on the benefit" + (ob ? " at " + format_percent(*ob) : std::string()) +
           (grade ? " (" + grade_text + ")" : "");
  if (kind == "saving") {
    std::string s = "Saving";
    if (member(row, "cashable").is_boolean())
      s += member(row, "cashable").get<bool>() ? ", cashable" : ", non-cashable";
    if (!value.empty()) s += ", " + value;
    if (grade) s += " (" + grade_text + ")";
    return s;
  }
  return capitalise(words_of(kind));
}

// The lines of one side ("cost" or "benefit") under their group heading. A line without a payer falls
// on society as a whole (health valued in money, for example).
std::string side_rows(const Page& page, const json& rows, const std::string& side) {
  const json& settings = member(page.doc, "settings");
  std::string h = std::string("<tr class=\"group\"><th colspan=\"4\" scope=\"colgroup\">") +
                  (side == "cost" ? "Costs" : "Benefits") + "</th></tr>\n";
  for (const json& row : rows) {
    if (text_at(row, "side") != side) continue;
    const std::string payer = text_at(row, "payer");
    h += "<tr><th scope=\"row\">" + html_escape(page.labels.item(text_at(row, "item"))) +
         "</th><td>" + html_escape(payer.empty() ? "Society" : payer_and_sector(page, payer)) +
         "</td><td>" + html_escape(accounting_kind(row, settings)) + "</td><td class=\"num\">" +
         interval_html(member(row, "pv"), format_money, page.ranges.shown) + "</td></tr>\n";
  }
  return h;
}

std::string option_table(const Page& page, const json& option, const json& rows) {
  const std::string label = html_escape(page.labels.option(option));
  return "<details class=\"accounting\"><summary>" + label +
         "</summary><div class=\"table-wrap\"><table class=\"accounting\">\n<caption "
         "class=\"caption\">" +
         label +
         ": present values, whole population</caption>\n<thead><tr>"
         "<th scope=\"col\">Item</th><th scope=\"col\">Who</th><th scope=\"col\">What</th>"
         "<th scope=\"col\" class=\"num\">Present value</th></tr></thead>\n<tbody>\n" +
         side_rows(page, rows, "cost") + side_rows(page, rows, "benefit") +
         "</tbody></table></div></details>\n";
}

}  // namespace

std::string accounting_html(const Page& page) {
  std::string tables;
  for (const json& option : array_at(page.doc, "options"))
    if (const json& rows = array_at(option, "accounting"); !rows.empty())
      tables += option_table(page, option, rows);
  if (tables.empty())
    tables = "<p class=\"muted\">The evaluation has no appraisal summary table.</p>\n";
  return "<section id=\"accounting\"><h2>Appraisal summary tables</h2>\n" + tables + "</section>\n";
}

}  // namespace civicsim::report::detail
