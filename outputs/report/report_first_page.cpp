// The first page: what a commissioner prints and takes to a meeting. For each option what it costs and
// who pays, what it saves and for whom, when it pays back, whom it reaches and at what cost per unit,
// the cost per outcome avoided; then how sure we are and what is not counted. A run on a sample says so
// before any figure.
#include <algorithm>
#include <cmath>
#include <map>

#include "outputs/report/report_common.hpp"
#include "outputs/report/report_html.hpp"

namespace civicsim::report::detail {
namespace {

std::string money(std::optional<double> v) {
  return v ? html_escape(format_money(*v)) : kNotAvailable;
}

std::string mean_money(const json& headline, const char* key) {
  return money(number_at(member(headline, key), "mean"));
}

// Sum of the accounting rows' mean present values by payer, largest first, for one side of the account
// (costs, or the savings net of their optimism-bias correction).
std::vector<std::pair<std::string, double>> by_payer(const json& option, const std::string& side) {
  std::map<std::string, double> sums;
  for (const json& row : array_at(option, "accounting")) {
    if (text_at(row, "side") != side) continue;
    const std::string kind = text_at(row, "kind");
    if (side == "benefit" && kind != "saving" && kind != "benefit_optimism_bias") continue;
    const std::string payer = text_at(row, "payer");
    const auto v = number_at(member(row, "pv"), "mean");
    if (payer.empty() || !v) continue;
    sums[payer] += *v;
  }
  std::vector<std::pair<std::string, double>> out(sums.begin(), sums.end());
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  return out;
}

std::string payer_lines(const Page& page, const std::vector<std::pair<std::string, double>>& rows) {
  std::string out;
  for (const auto& [payer, v] : rows) {
    if (std::fabs(v) < 500) continue;  // rounds to £0
    // Only private money is marked: the first page stays short, and public is what it is about.
    const bool is_private = payer_sector(page.doc, payer) == "private";
    out += "<span class=\"line\">" + html_escape(page.labels.payer(payer)) +
           (is_private ? " (private)" : "") + " <span class=\"fig\">" +
           html_escape(format_money(v)) + "</span></span>";
  }
  return out.empty() ? "<span class=\"muted\">None</span>" : out;
}

std::string payback_text(const json& cell, const std::vector<std::string>& years) {
  const json& mean = member(cell, "mean");
  if (mean.is_string()) return html_escape(mean.get<std::string>());
  if (mean.is_number()) return html_escape(std::to_string(std::llround(mean.get<double>())));
  if (!cell.is_object()) return kNotAvailable;
  return years.empty() ? "Not within the period" : "Not by " + html_escape(years.back());
}

std::string reach_lines(const Page& page, const json& option) {
  std::string out;
  for (const json& row : array_at(option, "reach")) {
    const std::string dim = text_at(row, "dimension");
    if (!dim.empty() && dim != "all") continue;
    const std::string what = text_at(row, "unit_label", "reached");
    std::string line = "<span class=\"line\">";
    if (member(row, "suppressed") == true) {
      line += suppressed_html(page.doc) + " " + html_escape(what);
    } else {
      const auto units = number_at(member(row, "units"), "mean");
      const auto per = number_at(member(row, "cost_per_unit"), "mean");
      line += "<span class=\"fig\">" + (units ? html_escape(format_count(*units)) : kNotAvailable) +
              "</span> " + html_escape(what);
      if (per) line += ", <span class=\"fig\">" + html_escape(format_money(*per)) + "</span> each";
    }
    out += line + "</span>";
  }
  return out.empty() ? "<span class=\"muted\">None recorded</span>" : out;
}

std::string outcome_lines(const Page& page, const json& option) {
  std::string out;
  int shown = 0;
  // Events (attacks, admissions, entries to care) before years spent in a state: what a
  // commissioner counts. The rest are in the outcomes section.
  std::vector<const json*> rows;
  for (const bool events : {true, false})
    for (const json& row : array_at(option, "cost_per_outcome"))
      if ((text_at(row, "unit") == "events") == events) rows.push_back(&row);
  for (const json* each : rows) {
    const json& row = *each;
    if (shown == 2) break;
    const std::string what = page.labels.outcome(text_at(row, "outcome"));
    if (member(row, "suppressed") == true) {
      out += "<span class=\"line\">" + html_escape(what) + ": " + suppressed_html(page.doc) +
             "</span>";
      ++shown;
      continue;
    }
    const auto avoided = number_at(member(row, "avoided"), "mean");
    if (!avoided || *avoided <= 0) continue;
    const auto per = number_at(row, "net_cost_per_avoided");
    std::string line = "<span class=\"line\">" + html_escape(what) + ": <span class=\"fig\">" +
                       html_escape(format_count(*avoided)) + "</span> fewer";
    if (per && *per >= 0)
      line += ", <span class=\"fig\">" + html_escape(format_money(*per)) + "</span> each";
    else if (per)
      line += ", saving <span class=\"fig\">" + html_escape(format_money(-*per)) + "</span> each";
    out += line + "</span>";
    ++shown;
  }
  return out.empty() ? "<span class=\"muted\">None avoided</span>" : out;
}

// What the figures leave out, built from the document.
std::vector<std::string> not_counted(const Page& page) {
  const json& settings = member(page.doc, "settings");
  const json& appraisal = member(settings, "appraisal");
  std::vector<std::string> out;
  const std::string start = text_at(appraisal, "start"), warm = text_at(appraisal, "warm_up_from");
  if (!start.empty() && !warm.empty() && warm != start)
    out.push_back("Anything before " + long_date(start) + ": the model runs from " +
                  long_date(warm) + " to settle, and those months are not counted.");
  if (const auto years = year_labels(page.doc); !years.empty())
    out.push_back("Costs and benefits after " + years.back() +
                  ", the end of the appraisal period.");
  bool economic = false, social_saving = false, any_accounting = false;
  for (const json& option : array_at(page.doc, "options"))
    for (const json& row : array_at(option, "accounting")) {
      any_accounting = true;
      economic = economic || text_at(row, "value") == "economic";
      social_saving =
          social_saving || (text_at(row, "value") == "social" && text_at(row, "kind") == "saving");
    }
  if (any_accounting && !economic)
    out.push_back(
        "Economic value beyond public spending (such as working time): no cost item is declared "
        "economic.");
  if (any_accounting && !social_saving && !number_of(member(settings, "wellby_value")))
    out.push_back(
        "Wellbeing beyond health: only QALYs are valued as social benefit (no WELLBY value is "
        "set).");
  const std::string includes = text_at(member(settings, "ranges"), "includes");
  if (page.ranges.shown && includes == "monte_carlo")
    out.push_back(
        "Uncertainty in the input numbers: the ranges show chance alone (see which numbers matter "
        "most).");
  size_t suppressed = 0;
  for (const json& option : array_at(page.doc, "options"))
    for (const char* key : {"outcomes", "outcomes_by_group", "reach", "cost_per_outcome"})
      for (const json& row : array_at(option, key))
        suppressed += member(row, "suppressed") == true ? 1 : 0;
  if (suppressed > 0)
    out.push_back(std::to_string(suppressed) + " figure" + (suppressed == 1 ? "" : "s") +
                  " withheld by disclosure control, to protect privacy.");
  for (const json& s : array_at(page.doc, "not_counted"))
    if (s.is_string()) out.push_back(s.get<std::string>());
  return out;
}

// The Monte Carlo error of each option in one line: the standard error of NPSV over replications,
// or with one replication the Poisson approximation of its two main counts (said once, above).
std::string chance_error_html(const Page& page, const json& options) {
  std::string lines, method;
  for (const json& option : options) {
    const json& e = member(option, "mc_error");
    std::string line;
    if (const auto se = number_at(e, "npsv_se")) {
      line = "net present social value &plusmn; " + html_escape(format_money(*se));
      method = "replications";
    } else {
      size_t shown = 0;
      for (const json& c : array_at(e, "counts")) {
        const auto d = number_at(c, "difference"), count_se = number_at(c, "se");
        if (!d || !count_se || shown == 2) continue;
        line += std::string(shown++ ? "; " : "") +
                html_escape(page.labels.outcome(text_at(c, "outcome"))) + " " +
                html_escape(format_number(*d)) + " &plusmn; " +
                html_escape(format_number(*count_se));
        method = method.empty() ? "poisson" : method;
      }
    }
    if (line.empty()) line = html_escape(text_at(e, "text"));
    if (!line.empty())
      lines += "<li><strong>" + html_escape(page.labels.option(option)) + ":</strong> " + line +
               "</li>\n";
  }
  if (lines.empty()) return "";
  const std::string lead =
      method == "replications"
          ? "Chance (Monte Carlo) error, one standard error over the replications:"
          : "Chance (Monte Carlo) error, one standard error: with one replication it cannot be "
            "measured from "
            "replications, so it is approximated from the counts (Poisson; an upper bound, as the "
            "paired runs "
            "share random numbers):";
  return "<p>" + std::string(lead) + "</p>\n<ul class=\"chance\">\n" + lines + "</ul>\n";
}

std::string sampling_text(const json& settings) {
  const json& sampling = member(settings, "sampling");
  if (const std::string t = text_at(sampling, "text"); !t.empty()) return t;
  const auto fraction = number_at(sampling, "fraction");
  if (!fraction) return "";
  if (*fraction >= 1) return "The whole population was simulated.";
  return "A " + format_percent(*fraction) +
         " sample of the population was simulated; every total is scaled up " +
         format_number(1 / *fraction) + " times.";
}

// The title, the question, whether the totals come from a sample (before any figure), and what every
// figure is compared with.
std::string first_page_header(const Page& page, const std::vector<std::string>& years) {
  const json& doc = page.doc;
  const json& settings = member(doc, "settings");
  std::string h =
      "<header class=\"page\">\n<p class=\"kicker\">Economic evaluation &middot; civicsim";
  if (const std::string g = text_at(doc, "generated"); !g.empty())
    h += " &middot; " + html_escape(long_date(g));
  h += "</p>\n<h1>" + html_escape(text_at(doc, "title", "Economic evaluation")) + "</h1>\n";
  if (const std::string q = text_at(doc, "question"); !q.empty())
    h += "<p class=\"question\">" + html_escape(q) + "</p>\n";
  h += "</header>\n";
  if (const std::string s = sampling_text(settings); !s.empty())
    h += "<p class=\"sampling\" id=\"sampling\"><strong>Sample.</strong> " + html_escape(s) +
         "</p>\n";

  std::string period;
  if (!years.empty())
    period = years.size() == 1 ? years.front() : years.front() + " to " + years.back();
  h += "<p class=\"lede\">Each option compared with <strong>" + html_escape(page.baseline_label) +
       "</strong>" + (period.empty() ? "" : ", financial years " + html_escape(period)) +
       ". Money is the present value: discounted to the start" +
       (text_at(settings, "price_year").empty()
            ? ""
            : ", in " + html_escape(text_at(settings, "price_year")) + " prices") +
       ".</p>\n";
  return h;
}

// "At a glance": one row per question a commissioner asks, one column per option.
std::string glance_table(const Page& page, const json& options,
                         const std::vector<std::string>& years) {
  std::string h =
      "<div class=\"table-wrap\"><table class=\"glance\" id=\"glance\">\n<thead><tr><th "
      "scope=\"col\">At a glance</th>";
  for (const json& option : options) {
    const std::string label = page.labels.option(option);
    h += "<th scope=\"col\"><span class=\"swatch\" style=\"background:" + page.colours.of(label) +
         "\"></span>" + html_escape(label) + "</th>";
  }
  h += "</tr></thead>\n<tbody>\n";
  auto row = [&](const std::string& heading, const std::string& explain, const std::string& id,
                 auto cell) {
    h += "<tr><th scope=\"row\">" + html_escape(heading) +
         (explain.empty() ? "" : "<span class=\"explain\">" + html_escape(explain) + "</span>") +
         "</th>";
    for (const json& option : options)
      h += "<td data-testid=\"" +
           html_escape(headline_test_id("glance-" + id, text_at(option, "name"))) + "\">" +
           cell(option, member(option, "headline")) + "</td>";
    h += "</tr>\n";
  };
  row("What it costs", "Own cost, optimism bias on it, extra spending caused in services.", "cost",
      [&](const json&, const json& hl) {
        std::string s = "<span class=\"mean\">" + mean_money(hl, "pv_costs") + "</span>";
        s += "<span class=\"sub\">" + mean_money(hl, "pv_intervention_cost") + " own + " +
             mean_money(hl, "pv_optimism_bias") + " optimism bias";
        if (number_at(member(hl, "pv_induced_costs"), "mean").value_or(0) != 0)
          s += " + " + mean_money(hl, "pv_induced_costs") + " induced";
        s += "</span>";
        return s;
      });
  row("Who pays", "", "pays",
      [&](const json& o, const json&) { return payer_lines(page, by_payer(o, "cost")); });
  row("What it saves or gains", "After optimism bias: savings and health valued.", "benefits",
      [&](const json&, const json& hl) {
        return "<span class=\"mean\">" + mean_money(hl, "pv_benefits") +
               "</span><span class=\"sub\">cashable " + mean_money(hl, "pv_cashable") +
               ", non-cashable " + mean_money(hl, "pv_non_cashable") + ", social " +
               mean_money(hl, "pv_social") + "</span>";
      });
  row("Who saves", "After optimism bias.", "saves",
      [&](const json& o, const json&) { return payer_lines(page, by_payer(o, "benefit")); });
  row(page.labels.metric("npsv", "Net present social value"),
      "Benefits minus costs, whoever pays; BCR: benefits less private costs per £1 of public cost.",
      "npsv", [&](const json&, const json& hl) {
        std::string s = "<span class=\"mean\">" + mean_money(hl, "npsv") + "</span>";
        if (const auto bcr = number_at(member(hl, "bcr"), "mean")) {
          s += "<span class=\"sub\">BCR " + html_escape(format_number(*bcr));
          // Private payers make the BCR (per pound of public cost) differ from the ratio over all
          // costs: both, so that a small public share does not read as the whole.
          const auto all = number_at(member(hl, "bcr_all_costs"), "mean");
          if (all && format_number(*all) != format_number(*bcr))
            s += "; " + html_escape(format_number(*all)) + " over all costs";
          s += "</span>";
        }
        return s;
      });
  row("Pays back",
      "From this year on, the public purse is ahead (the public sector's costs and savings alone).",
      "payback", [&](const json&, const json& hl) {
        return "<span class=\"mean words\">" + payback_text(member(hl, "payback_year"), years) +
               "</span>";
      });
  row("Reach", "Units in the period; cost of each with optimism bias.", "reach",
      [&](const json& o, const json&) { return reach_lines(page, o); });
  row("Outcomes avoided", "Net cost of each one avoided.", "outcomes",
      [&](const json& o, const json&) { return outcome_lines(page, o); });
  return h + "</tbody></table></div>\n";
}

// The cumulative payback line. Its heading leads its caption instead of being an <h3> as further down
// (chart_html), which keeps the printed first page short.
std::string payback_figure(const Page& page, json& specs) {
  const Chart payback = chart_payback(page);
  if (payback.spec.is_null()) return "";
  specs[payback.id] = payback.spec;
  return "<figure class=\"chart-block\"><figcaption><strong>" + html_escape(payback.heading) +
         ".</strong> " + payback.words + "</figcaption>\n<div class=\"chart\" id=\"" + payback.id +
         "\" role=\"img\" aria-label=\"" + html_escape(payback.heading) + "\"></div>" +
         payback.caption + "</figure>\n";
}

std::string how_sure_and_not_counted(const Page& page, const json& options) {
  std::string h =
      "<div class=\"first-grid\">\n<div class=\"box\" id=\"how-sure\"><h2>How sure we "
      "are</h2>\n<p>" +
      html_escape(page.ranges.text) + "</p>\n" + chance_error_html(page, options);
  h += "</div>\n<div class=\"box\" id=\"not-counted\"><h2>What is not counted</h2>\n<ul>\n";
  const auto missing = not_counted(page);
  for (const std::string& s : missing) h += "<li>" + html_escape(s) + "</li>\n";
  if (missing.empty()) h += "<li class=\"muted\">The evaluation lists nothing left out.</li>\n";
  return h + "</ul>\n</div>\n</div>\n";
}

}  // namespace

std::string first_page_html(const Page& page, json& specs) {
  const json& options = array_at(page.doc, "options");
  const std::vector<std::string> years = year_labels(page.doc);
  return "<section id=\"first-page\" class=\"first-page\" aria-label=\"Summary\">\n" +
         first_page_header(page, years) + glance_table(page, options, years) +
         payback_figure(page, specs) + how_sure_and_not_counted(page, options) + "</section>\n";
}

}  // namespace civicsim::report::detail
