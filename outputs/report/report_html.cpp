// The page template: the <head>, then the first page (report_first_page.cpp), then the detail a reader
// may want behind it, one section each (report_sections.hpp lists them and where each is written), then
// the scripts that draw the charts. The charts' specifications are in report_charts.cpp; shared
// reading, labels and formats in report_common.cpp.
#include "outputs/report/report_html.hpp"

#include <stdexcept>

#include "outputs/report/report_common.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report {
namespace {

using namespace detail;

std::string head_html(const std::string& title) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // The page may load nothing from anywhere: everything it needs is inside it.
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src "
       "'unsafe-inline' "
       "'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">\n";
  h += "<meta name=\"generator\" content=\"civicsim\">\n";
  h += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle +
       "</style>\n</head>\n<body>\n<main>\n";
  return h;
}

// On screen only: the printed page hides it (@media print).
std::string contents_html() {
  return "<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong><ol>"
         "<li><a href=\"#first-page\">At a glance</a></li><li><a href=\"#findings\">Key "
         "findings</a></li>"
         "<li><a href=\"#settings\">How the evaluation was done</a></li><li><a "
         "href=\"#options\">The options</a></li>"
         "<li><a href=\"#headline\">Headline results</a></li><li><a href=\"#accounting\">Appraisal "
         "summary tables</a></li>"
         "<li><a href=\"#reach\">Reach and break-even prices</a></li><li><a "
         "href=\"#outcomes\">Outcomes</a></li>"
         "<li><a href=\"#over-time\">Change over time</a></li><li><a href=\"#money-by-year\">Money "
         "by year</a></li>"
         "<li><a href=\"#cost-effectiveness\">Cost-effectiveness</a></li><li><a "
         "href=\"#equity\">Who benefits</a></li>"
         "<li><a href=\"#sensitivity\">Which numbers matter most</a></li><li><a "
         "href=\"#frontier\">Efficiency frontier</a></li>"
         "<li><a href=\"#arms\">Each option on its own</a></li><li><a href=\"#trace\">Who is "
         "in each state over time</a></li>"
         "<li><a href=\"#sources\">Assumptions and sources</a></li></ol></nav>\n";
}

}  // namespace

std::string render_report_html(const nlohmann::json& doc) {
  if (!doc.is_object()) throw std::invalid_argument("evaluation document: expected a JSON object");
  if (!member(doc, "options").is_array())
    throw std::invalid_argument("evaluation document: expected an \"options\" array");

  const json& baseline = member(doc, "baseline");
  const Labels labels(doc);
  const Page page{doc,
                  labels,
                  option_colours(doc, labels),
                  ranges_of(doc),
                  thresholds_of(doc),
                  baseline.is_object() ? labels.option(baseline) : "the baseline"};
  json specs = json::object();  // every chart's specification, by chart id, written once at the end

  std::string h;
  h.reserve(1 << 20);
  h += head_html(text_at(doc, "title", "Economic evaluation"));
  h += first_page_html(page, specs);  // printed on its own
  h += "<noscript><p class=\"callout\">The charts in this report need JavaScript, which is "
       "switched off. "
       "The tables show every headline figure.</p></noscript>\n";
  h += contents_html();
  h += findings_html(page);
  h += settings_html(page);
  h += options_html(page);
  h += headline_html(page);
  h += accounting_html(page);
  h += reach_html(page);
  h += outcomes_html(page);
  h += over_time_html(page, specs);
  h += money_by_year_html(page, specs);
  h += cost_effectiveness_html(page, specs);
  h += equity_html(page, specs);
  h += sensitivity_html(page, specs);
  h += frontier_html(page);
  h += arms_html(page);
  h += trace_html(page);
  h += sources_html(page);
  h += "<footer>Made with civicsim. Charts drawn with Vega, Vega-Lite and vega-embed (BSD-3-Clause "
       "licence, "
       "University of Washington Interactive Data Lab), included in this file so it works "
       "offline.</footer>\n";
  h += "</main>\n";
  h += scripts_html(specs);  // last, so the text shows before the charts are drawn
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace civicsim::report
