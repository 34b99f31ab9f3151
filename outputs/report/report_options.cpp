// "The options": a card for the comparator and for each option, in its chart colour, with its
// description and (collapsed) its assumptions, in the document's own words.
#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

// A blank line in the document's text starts a new paragraph.
std::string paragraphs(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    const std::string para = text.substr(start, end - start);
    if (para.find_first_not_of(" \n\t\r") != std::string::npos)
      out += "<p>" + html_escape(para) + "</p>";
    start = end + 2;
  }
  return out.empty() ? "<p class=\"muted\">None stated.</p>" : out;
}

std::string option_card(const Page& page, const json& option, const std::string& kicker) {
  const std::string label = page.labels.option(option);
  std::string s = "<article class=\"option\" style=\"--swatch: " + page.colours.of(label) + "\">";
  s += "<p class=\"kicker\">" + html_escape(kicker) + "</p><h3>" + html_escape(label) + "</h3>";
  s += paragraphs(text_at(option, "description"));
  s += not_counted_list_html(option);
  s += "<details><summary>Assumptions</summary>" + paragraphs(text_at(option, "assumptions")) +
       "</details></article>\n";
  return s;
}

}  // namespace

std::string options_html(const Page& page) {
  std::string h = "<section id=\"options\"><h2>The options</h2>\n<div class=\"options\">\n";
  if (const json& baseline = member(page.doc, "baseline"); baseline.is_object())
    h += option_card(page, baseline, "Comparator");
  for (const json& option : array_at(page.doc, "options")) h += option_card(page, option, "Option");
  return h + "</div>\n</section>\n";
}

}  // namespace civicsim::report::detail
