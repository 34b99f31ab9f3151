// "Assumptions and sources": the discounting and prices again, each scenario's assumptions, the
// disclosure rule, the result files the figures came from, and the document's sources.
#include <cmath>

#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

std::string assumption_items(const Page& page) {
  const json& baseline = member(page.doc, "baseline");
  std::string h;
  if (baseline.is_object() && !text_at(baseline, "assumptions").empty())
    h += "<li><strong>" + html_escape(page.baseline_label) + ":</strong> " +
         html_escape(text_at(baseline, "assumptions")) + "</li>\n";
  for (const json& option : array_at(page.doc, "options"))
    if (!text_at(option, "assumptions").empty())
      h += "<li><strong>" + html_escape(page.labels.option(option)) + ":</strong> " +
           html_escape(text_at(option, "assumptions")) + "</li>\n";
  return h;
}

// "" when the document sets no disclosure threshold.
std::string disclosure_item(const json& doc) {
  const json& disclosure = member(doc, "disclosure");
  const auto threshold = number_at(disclosure, "threshold");
  if (!threshold) return "";
  std::string h = "<li id=\"disclosure\"><strong>Disclosure control:</strong> ";
  if (const std::string rule = text_at(disclosure, "rule"); !rule.empty())
    h += html_escape(rule) + " ";
  return h + "Counts below " + std::to_string(std::llround(*threshold)) + " are shown as &ldquo;" +
         html_escape(suppression_mark(doc)) + "&rdquo;.</li>\n";
}

// Where the figures came from, as file names (machine names, kept in <code>).
std::string result_files_item(const Page& page) {
  const json& baseline = member(page.doc, "baseline");
  std::string files;
  if (baseline.is_object() && !text_at(baseline, "file").empty())
    files += "<li>" + html_escape(page.baseline_label) + ": <code>" +
             html_escape(text_at(baseline, "file")) + "</code></li>";
  for (const json& option : array_at(page.doc, "options"))
    if (!text_at(option, "file").empty())
      files += "<li>" + html_escape(page.labels.option(option)) + ": <code>" +
               html_escape(text_at(option, "file")) + "</code></li>";
  return files.empty() ? "" : "<li>Result files:<ul>" + files + "</ul></li>\n";
}

// Only strings: a source given as anything else is not shown.
std::string sources_list(const json& doc) {
  const json& sources = array_at(doc, "sources");
  if (sources.empty()) return "";
  std::string h = "<h3>Sources</h3>\n<ol class=\"sources\">\n";
  for (const json& s : sources)
    if (s.is_string()) h += "<li>" + html_escape(s.get<std::string>()) + "</li>\n";
  return h + "</ol>\n";
}

}  // namespace

std::string sources_html(const Page& page) {
  const json& settings = member(page.doc, "settings");
  std::string h =
      "<section id=\"sources\"><h2>Assumptions and sources</h2>\n<ul class=\"assumptions\">\n";
  h += "<li>" + html_escape(discounting_text(settings)) + "</li>\n";
  if (const std::string basis = price_basis(settings); !basis.empty())
    h += "<li>" + html_escape(basis) + "</li>\n";
  h += assumption_items(page) + disclosure_item(page.doc) + result_files_item(page) + "</ul>\n";
  return h + sources_list(page.doc) + "</section>\n";
}

}  // namespace civicsim::report::detail
