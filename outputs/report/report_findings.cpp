// "Key findings": one sentence per option, in words, before any table: its net value, what it means
// for the public purse (and what private payers bear) and for health, and whether it dominates or is
// dominated.
#include <cmath>

#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

// The net present social value when the document has it, else the net present value to the public
// purse (an older document's "npv"), else a plain "not available".
std::string net_value_words(std::optional<double> npsv, std::optional<double> npv) {
  if (npsv)
    return (*npsv >= 0 ? "its benefits exceed its costs by " + html_escape(format_money(*npsv))
                       : "its costs exceed its benefits by " + html_escape(format_money(-*npsv))) +
           " (net present social value)";
  if (npv)
    return *npv >= 0 ? "saves " + html_escape(format_money(*npv)) + " more than it costs"
                     : "costs " + html_escape(format_money(-*npv)) + " more than it saves";
  return "net value not available";
}

// The cost-effectiveness verdict against the baseline, when there is one to state.
std::string icer_words(const json& headline, const std::string& base) {
  const std::string status = text_at(headline, "icer_status");
  if (status == "dominant")
    return " It is <em>dominant</em>: cheaper than " + html_escape(base) +
           " and no worse for health.";
  if (status == "dominated")
    return " It is <em>dominated</em>: dearer than " + html_escape(base) + " and worse for health.";
  if (const auto icer = number_at(member(headline, "icer"), "mean");
      icer && status == "more_costly_more_effective")
    return " Each QALY gained costs " + html_escape(format_money(*icer)) + " against " +
           html_escape(base) + ".";
  return "";
}

std::string finding(const Page& page, const json& option) {
  const json& hl = member(option, "headline");
  std::string s = "<li><strong>" + html_escape(page.labels.option(option)) + "</strong>: ";
  const auto npsv = number_at(member(hl, "npsv"), "mean");
  const auto npv = number_at(member(hl, "npv_fiscal"), "mean")
                       ? number_at(member(hl, "npv_fiscal"), "mean")
                       : number_at(member(hl, "npv"), "mean");
  s += net_value_words(npsv, npv);
  if (npsv && npv)
    s += "; to the public purse it " + std::string(*npv >= 0 ? "gains " : "costs ") +
         html_escape(format_money(std::fabs(*npv))) + " net";
  // Costs paid with private money are in the social value but not the public purse's (issue #18).
  if (const auto paid = number_at(member(hl, "pv_costs_private"), "mean"); paid && *paid >= 500)
    s += " (private payers bear " + html_escape(format_money(*paid)) +
         " of its costs, counted in its social value only)";
  if (const auto q = number_at(member(hl, "qalys_gained"), "mean"))
    s += ", and " + std::string(*q >= 0 ? "gains " : "loses ") +
         html_escape(format_number(std::fabs(*q))) + " quality-adjusted life years";
  s += ".";
  return s + icer_words(hl, page.baseline_label) + "</li>\n";
}

}  // namespace

std::string findings_html(const Page& page) {
  std::string h = "<section id=\"findings\"><h2>Key findings</h2><ul class=\"findings\">\n";
  for (const json& option : array_at(page.doc, "options")) h += finding(page, option);
  return h + "</ul></section>\n";
}

}  // namespace civicsim::report::detail
