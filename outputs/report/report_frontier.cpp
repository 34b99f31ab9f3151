// "Efficiency frontier": every option, cheapest first, with its net cost, QALYs and whether it is worth
// having; the cost per QALY here is against the previous option on the frontier, not the baseline, and
// the section says so because the headline table's differs.
#include <algorithm>
#include <vector>

#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

std::string introduction(const Page& page) {
  return "<p>All options side by side, cheapest first, with net costs and QALYs for the whole "
         "population. An option is "
         "<em>on the frontier</em> if no other option, or mix of options, gives more health for "
         "the same money. "
         "<em>Dominated</em>: another option costs less and gives more health. <em>Extendedly "
         "dominated</em>: a mix of two "
         "other options would give more health for the money.</p>\n<p class=\"callout\" "
         "id=\"icer-note\"><strong>Two costs "
         "per QALY.</strong> Here each option on the frontier is compared with the <em>previous "
         "option on the frontier</em> "
         "(the next cheaper one worth having): the extra cost of moving up to it, per extra QALY. "
         "The headline table compares "
         "every option with " +
         html_escape(page.baseline_label) +
         " instead, so the same option can show two different figures.</p>\n";
}

bool on_frontier(const std::string& status) {
  return status == "frontier" || status == "on_frontier";
}

std::string status_words(const std::string& status) {
  return on_frontier(status)                ? "On the frontier"
         : status == "dominated"            ? "Dominated"
         : status == "extendedly_dominated" ? "Extendedly dominated"
                                            : capitalise(words_of(status));
}

// What the option's cost per QALY is against: the document's words, else the previous option on the
// frontier (rows come cheapest first).
std::string frontier_row(const Page& page, const json& row,
                         const std::string& previous_on_frontier) {
  const std::string status = text_at(row, "status");
  const auto icer = number_at(row, "icer");
  const auto cost = number_at(row, "cost");
  const auto qalys = number_at(row, "qalys");
  std::string against = text_at(row, "icer_label");
  if (against.empty() && !previous_on_frontier.empty()) against = "Against " + previous_on_frontier;
  return "<tr><th scope=\"row\">" + html_escape(page.labels.scenario(text_at(row, "option"))) +
         "</th><td class=\"num\">" + (cost ? html_escape(detailed_money(*cost)) : kNotAvailable) +
         "</td><td class=\"num\">" + (qalys ? html_escape(format_number(*qalys)) : kNotAvailable) +
         "</td><td class=\"status-" + html_escape(slug(status)) + "\" data-testid=\"" +
         html_escape(headline_test_id("frontier", text_at(row, "option"))) + "\">" +
         html_escape(status_words(status)) + "</td><td class=\"num\">" +
         (icer ? "<span class=\"mean\">" + html_escape(format_money(*icer)) +
                     "</span> <span class=\"unit\">per QALY</span>" +
                     (against.empty() ? ""
                                      : "<span class=\"sub\">" + html_escape(against) + "</span>")
               : std::string("<span class=\"muted\">&ndash;</span>")) +
         "</td></tr>\n";
}

std::string frontier_table(const Page& page) {
  std::string h =
      "<div class=\"table-wrap\"><table class=\"frontier\">\n<thead><tr><th "
      "scope=\"col\">Option</th>"
      "<th scope=\"col\" class=\"num\">Net cost</th><th scope=\"col\" class=\"num\">QALYs</th>"
      "<th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Cost per QALY against the "
      "previous option on "
      "the frontier</th></tr></thead>\n<tbody>\n";
  std::vector<const json*> rows;
  for (const json& row : array_at(page.doc, "frontier")) rows.push_back(&row);
  std::stable_sort(rows.begin(), rows.end(), [](const json* a, const json* b) {
    return number_at(*a, "cost").value_or(0) < number_at(*b, "cost").value_or(0);
  });
  std::string previous_on_frontier;
  for (const json* row : rows) {
    h += frontier_row(page, *row, previous_on_frontier);
    if (on_frontier(text_at(*row, "status")))
      previous_on_frontier = page.labels.scenario(text_at(*row, "option"));
  }
  return h + "</tbody></table></div>\n";
}

}  // namespace

std::string frontier_html(const Page& page) {
  std::string h = "<section id=\"frontier\"><h2>Efficiency frontier</h2>\n" + introduction(page);
  h += array_at(page.doc, "frontier").empty()
           ? "<p class=\"muted\">The evaluation has no frontier.</p>\n"
           : frontier_table(page);
  return h + "</section>\n";
}

}  // namespace civicsim::report::detail
