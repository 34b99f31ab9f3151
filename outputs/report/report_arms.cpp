// "Each option on its own" and "Who is in each state over time": each arm's own costs, QALYs and
// life-years (per person and in total, not discounted and discounted), the incremental table as
// published decision models print it, what each option does not count, and the trace. Read from
// the document's `arms`, `incremental` and `trace` (outputs/evaluation/arm_document.hpp); numbers
// carry data-value attributes with the document's figure so tests can check them exactly.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

#include "outputs/report/report_html.hpp"
#include "outputs/report/report_sections.hpp"

namespace civicsim::report::detail {
namespace {

std::string data_value(const std::optional<double>& v) {
  if (!v) return "";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", *v);
  return std::string(" data-value=\"") + buf + "\"";
}

// The convention sentence the evaluation wrote, and the period it covers.
std::string convention_html(const Page& page) {
  const json& c = member(member(page.doc, "settings"), "convention");
  if (!c.is_object()) return "";
  std::string h =
      "<p class=\"callout\" id=\"cycle-convention\"><strong>How each cycle is "
      "counted.</strong> ";
  const auto cycles = number_at(c, "cycles");
  const auto years = number_at(c, "cycle_years");
  if (cycles && years) {
    const long long n = std::llround(*cycles);
    const double months = *years * 12.0;
    const std::string length = std::fabs(*years - 1.0) < 1e-9 ? "a year"
                               : std::fabs(months - std::round(months)) < 1e-9
                                   ? std::to_string(std::llround(months)) + " month" +
                                         (std::llround(months) == 1 ? "" : "s")
                                   : format_precise(*years) + " years";
    h += html_escape("The appraisal period is " + std::to_string(n) + " cycle" +
                     (n == 1 ? "" : "s") + " of " + length + " each, time points 0 to " +
                     std::to_string(n) + ". ");
  }
  const std::string text = capitalise(text_at(c, "text"));
  return h + html_escape(text) + (text.empty() || text.back() == '.' ? "" : ".") + "</p>\n";
}

struct ArmRows {
  std::string name, label;
  double persons = 0.0;
  bool has_persons = false;
  std::map<std::string, const json*> cells;  // "<measure>/<0|1>" -> row
};

std::vector<ArmRows> arm_rows(const Page& page) {
  std::vector<ArmRows> arms;
  for (const json& row : array_at(page.doc, "arms")) {
    const std::string name = text_at(row, "arm");
    auto it =
        std::find_if(arms.begin(), arms.end(), [&](const ArmRows& a) { return a.name == name; });
    if (it == arms.end()) {
      const std::string label = text_at(row, "label");
      arms.push_back({name, label.empty() ? page.labels.scenario(name) : label, 0.0, false, {}});
      it = arms.end() - 1;
    }
    if (const auto p = number_at(row, "persons")) {
      it->persons = *p;
      it->has_persons = true;
    }
    it->cells[text_at(row, "measure") + (member(row, "discounted") == true ? "/1" : "/0")] = &row;
  }
  return arms;
}

// The baseline's or an option's entry in the document, which holds its not_counted sentences.
const json* option_entry(const Page& page, const std::string& name) {
  if (const json& b = member(page.doc, "baseline"); text_at(b, "name") == name) return &b;
  for (const json& o : array_at(page.doc, "options"))
    if (text_at(o, "name") == name) return &o;
  return nullptr;
}

constexpr std::pair<const char*, const char*> kMeasures[] = {
    {"costs", "Costs"}, {"qalys", "QALYs"}, {"life_years", "Life-years"}};

std::string cell(const Page& page, const ArmRows& arm, const char* measure, bool discounted,
                 const char* scope) {
  const std::string key = std::string(measure) + (discounted ? "/1" : "/0");
  const std::string id = std::string("arm-") + measure + "-" + scope + "-" +
                         (discounted ? "discounted" : "undiscounted");
  const auto found = arm.cells.find(key);
  std::string h =
      "<td class=\"num\" data-testid=\"" + html_escape(headline_test_id(id, arm.name)) + "\"";
  if (found == arm.cells.end()) return h + ">" + kNotAvailable + "</td>";
  const json& row = *found->second;
  const json& v = member(row, scope == std::string("per-person") ? "per_person" : "total");
  const auto mean = number_at(v, "mean");
  if (!mean && member(row, "suppressed") == true)
    return h + ">" + suppressed_html(page.doc) + "</td>";
  const Format format = std::string(measure) == "costs" ? format_precise_money : format_precise;
  return h + data_value(mean) + ">" + interval_html(v, format, page.ranges.shown) + "</td>";
}

std::string arms_table(const Page& page, const std::vector<ArmRows>& arms) {
  std::string h =
      "<div class=\"table-wrap\"><table class=\"arms\">\n<caption class=\"caption\">Each option's "
      "own results over the appraisal period: per person (divided by the people alive at its "
      "start) and for the whole population</caption>\n<thead><tr><th scope=\"col\">Option and "
      "measure</th><th scope=\"col\" class=\"num\">Per person, not discounted</th><th "
      "scope=\"col\" class=\"num\">Per person, discounted</th><th scope=\"col\" "
      "class=\"num\">Whole population, not discounted</th><th scope=\"col\" class=\"num\">Whole "
      "population, discounted</th></tr></thead>\n";
  for (const ArmRows& arm : arms) {
    h += "<tbody><tr class=\"arm\"><th colspan=\"5\" scope=\"colgroup\">" + html_escape(arm.label);
    if (arm.has_persons)
      h += " <span class=\"unit\">" + html_escape(format_count(arm.persons)) +
           " people at the start</span>";
    h += "</th></tr>\n";
    for (const auto& [measure, words] : kMeasures) {
      h += "<tr><th scope=\"row\">" + std::string(words) + "</th>";
      h += cell(page, arm, measure, false, "per-person") +
           cell(page, arm, measure, true, "per-person");
      h += cell(page, arm, measure, false, "total") + cell(page, arm, measure, true, "total");
      h += "</tr>\n";
    }
    const json* entry = option_entry(page, arm.name);
    if (entry)
      h += "<tr class=\"not-counted\"><td colspan=\"5\">" + not_counted_list_html(*entry) +
           "</td></tr>\n";
    h += "</tbody>\n";
  }
  return h + "</table></div>\n";
}

// ---- the incremental table ----

std::string arm_label(const std::map<std::string, std::string>& labels, const Page& page,
                      const std::string& name) {
  const auto it = labels.find(name);
  return it != labels.end() ? it->second : page.labels.scenario(name);
}

std::string names_of(const json& list, const std::map<std::string, std::string>& labels,
                     const Page& page) {
  std::vector<std::string> out;
  for (const json& n : list)
    if (n.is_string()) out.push_back(arm_label(labels, page, n.get<std::string>()));
  return list_words(out);
}

std::string number_cell(const std::string& id, const std::optional<double>& v, Format format) {
  return "<td class=\"num\" data-testid=\"" + html_escape(id) + "\"" + data_value(v) + ">" +
         (v ? "<span class=\"mean\">" + html_escape(format(*v)) + "</span>"
            : std::string("<span class=\"muted\">&ndash;</span>")) +
         "</td>";
}

std::string incremental_row(const Page& page, const json& row,
                            const std::map<std::string, std::string>& labels) {
  const std::string name = text_at(row, "arm"), status = text_at(row, "status");
  const json& by = member(row, "dominated_by");
  std::string words;
  if (status == "dominated")
    words = "Dominated by " + names_of(by, labels, page) +
            ", which costs no more and gives no "
            "less health";
  else if (status == "extendedly_dominated")
    words = "Extendedly dominated by a mix of " + names_of(by, labels, page);
  else if (status == "identical")
    words = "The same costs and QALYs as " + names_of(by, labels, page);
  else if (member(row, "compared_with").is_string())
    words = "On the frontier, against " + arm_label(labels, page, text_at(row, "compared_with"));
  else
    words = "On the frontier: the cheapest option worth having";
  if (member(row, "suppressed") == true) words += " (figures withheld to protect privacy)";
  const auto icer = number_at(row, "icer");
  const auto inc_cost = number_at(row, "incremental_cost");
  const auto inc_qalys = number_at(row, "incremental_qalys");
  // The figure stays on one line; "per QALY" may wrap under it in a narrow column.
  std::string icer_html;
  if (icer) {
    icer_html = "<span class=\"mean\">" + html_escape(format_precise_money(*icer)) +
                "</span> <span class=\"unit\">per QALY</span>";
  } else if (inc_cost && inc_qalys && *inc_qalys == 0.0) {
    icer_html = "<span class=\"mean words\">no QALY difference</span>";
  }
  const std::string slug_of = "incremental-";
  return "<tr><th scope=\"row\">" + html_escape(arm_label(labels, page, name)) + "</th>" +
         number_cell(headline_test_id(slug_of + "cost", name), number_at(row, "cost"),
                     format_precise_money) +
         number_cell(headline_test_id(slug_of + "qalys", name), number_at(row, "qalys"),
                     format_precise) +
         number_cell(headline_test_id(slug_of + "dcost", name), inc_cost, format_precise_money) +
         number_cell(headline_test_id(slug_of + "dqalys", name), inc_qalys, format_precise) +
         "<td class=\"num\" data-testid=\"" +
         html_escape(headline_test_id(slug_of + "icer", name)) + "\"" + data_value(icer) + ">" +
         (icer_html.empty() ? std::string("<span class=\"muted\">&ndash;</span>") : icer_html) +
         "</td><td data-testid=\"" + html_escape(headline_test_id(slug_of + "status", name)) +
         "\">" + html_escape(words) + "</td></tr>\n";
}

std::string incremental_table(const Page& page) {
  const json& rows = array_at(page.doc, "incremental");
  if (rows.empty()) return "";
  std::map<std::string, std::string> labels;
  for (const json& r : rows)
    if (!text_at(r, "label").empty()) labels[text_at(r, "arm")] = text_at(r, "label");
  std::string h =
      "<h3>Incremental cost-effectiveness</h3>\n<p>As published decision models print it: every "
      "option, " +
      html_escape(page.baseline_label) +
      " included, cheapest first, with discounted costs and QALYs per person. An option that "
      "costs more and gives no more health than another is <em>dominated</em> by it; one that a "
      "mix of two other options would beat is <em>extendedly dominated</em>. Each remaining "
      "option's cost per QALY (ICER) is against the next cheaper option that remains, not against "
      "the comparator.</p>\n<div class=\"table-wrap\"><table class=\"incremental\">\n<thead><tr>"
      "<th scope=\"col\">Option</th><th scope=\"col\" class=\"num\">Cost per person</th><th "
      "scope=\"col\" class=\"num\">QALYs per person</th><th scope=\"col\" "
      "class=\"num\">Incremental cost</th><th scope=\"col\" class=\"num\">Incremental "
      "QALYs</th><th scope=\"col\" class=\"num\">Cost per QALY gained</th><th "
      "scope=\"col\">Status</th></tr></thead>\n<tbody>\n";
  for (const json& r : rows) h += incremental_row(page, r, labels);
  return h + "</tbody></table></div>\n";
}

// ---- the trace ----

struct TraceTable {
  std::string arm, process;
  std::vector<std::string> states;
  std::vector<int> cycles;
  std::map<int, std::string> dates;
  std::map<std::pair<int, std::string>, const json*> cells;
};

std::string share_text(double share) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", share * 100.0);
  return buf;
}

std::string state_label(const Page& page, const std::string& process, const std::string& state) {
  const json& l = member(member(page.doc, "labels"), "states");
  const std::string key = process + "." + state;
  return member(l, key).is_string() ? member(l, key).get<std::string>()
                                    : capitalise(words_of(state));
}

std::string process_label(const Page& page, const std::string& process) {
  const json& l = member(member(page.doc, "labels"), "processes");
  return member(l, process).is_string() ? member(l, process).get<std::string>()
                                        : capitalise(words_of(process));
}

// The time points shown: every one up to 25 cycles; otherwise one a year (and the last) when
// cycles are shorter than a year, else about 20 evenly spaced. trace.csv holds every point.
std::vector<int> shown_points(const std::vector<int>& cycles, double cycle_years, bool* thinned) {
  *thinned = false;
  if (cycles.size() <= 26) return cycles;
  int every = cycle_years > 0 && cycle_years < 1 ? static_cast<int>(std::lround(1.0 / cycle_years))
                                                 : static_cast<int>((cycles.size() + 19) / 20);
  every = std::max(every, 1);
  std::vector<int> out;
  for (int c : cycles)
    if (c % every == 0 || c == cycles.back()) out.push_back(c);
  *thinned = out.size() < cycles.size();
  return out;
}

std::string trace_table(const Page& page, const TraceTable& t, double cycle_years,
                        const std::string& arm_name) {
  bool thinned = false;
  const std::vector<int> points = shown_points(t.cycles, cycle_years, &thinned);
  std::string h = "<div class=\"table-wrap\"><table class=\"trace\">\n<caption class=\"caption\">" +
                  html_escape(arm_name + ": " + process_label(page, t.process)) +
                  (thinned ? " (one time point a year; trace.csv holds every cycle)" : "") +
                  "</caption>\n<thead><tr><th scope=\"col\">Time point</th>";
  for (const std::string& s : t.states)
    h +=
        "<th scope=\"col\" class=\"num\">" + html_escape(state_label(page, t.process, s)) + "</th>";
  h += "</tr></thead>\n<tbody>\n";
  for (int c : points) {
    const auto d = t.dates.find(c);
    h += "<tr><th scope=\"row\">" + std::to_string(c) +
         (d != t.dates.end() && !d->second.empty()
              ? " <span class=\"unit\">" + html_escape(d->second) + "</span>"
              : std::string()) +
         "</th>";
    for (const std::string& s : t.states) {
      const auto it = t.cells.find({c, s});
      const std::string id =
          headline_test_id("trace-" + t.process + "-" + s + "-" + std::to_string(c), t.arm);
      h += "<td class=\"num\" data-testid=\"" + html_escape(id) + "\"";
      const auto count = it == t.cells.end() ? std::nullopt : number_at(*it->second, "count");
      const auto share = it == t.cells.end() ? std::nullopt : number_at(*it->second, "share");
      if (count) {
        h += data_value(count) + "><span class=\"mean\">" + html_escape(format_precise(*count)) +
             "</span>" +
             (share ? "<span class=\"sub\">" + html_escape(share_text(*share)) + "</span>" : "");
      } else if (it != t.cells.end() && member(*it->second, "suppressed") == true) {
        h += ">" + suppressed_html(page.doc);
      } else {
        h += ">" + kNotAvailable;
      }
      h += "</td>";
    }
    h += "</tr>\n";
  }
  return h + "</tbody></table></div>\n";
}

}  // namespace

std::string not_counted_list_html(const json& option) {
  std::string items;
  for (const json& s : array_at(option, "not_counted"))
    if (s.is_string()) items += "<li>" + html_escape(s.get<std::string>()) + "</li>";
  if (items.empty()) return "";
  return "<div class=\"not-counted\"><strong>Not counted</strong><ul>" + items + "</ul></div>";
}

std::string arms_html(const Page& page) {
  std::string h = "<section id=\"arms\"><h2>Each option on its own</h2>\n";
  const std::vector<ArmRows> arms = arm_rows(page);
  if (arms.empty())
    return h +
           "<p class=\"muted\">The evaluation has no results for each option on its own.</p>\n"
           "</section>\n";
  h += "<p>The sections above show differences from " + html_escape(page.baseline_label) +
       ". Here is what each option, and " + html_escape(page.baseline_label) +
       ", comes to by itself: its costs (every payer, the option's own costs before optimism "
       "bias), its quality-adjusted life-years (QALYs) and its life-years, without discounting "
       "and discounted to the appraisal start.</p>\n";
  if (page.ranges.shown) h += "<p class=\"caption\">" + html_escape(page.ranges.text) + "</p>\n";
  h += convention_html(page) + arms_table(page, arms) + incremental_table(page);
  return h + "</section>\n";
}

std::string trace_html(const Page& page) {
  std::string h = "<section id=\"trace\"><h2>Who is in each state over time</h2>\n";
  std::vector<TraceTable> tables;
  for (const json& row : array_at(page.doc, "trace")) {
    const std::string arm = text_at(row, "arm"), process = text_at(row, "process");
    auto it = std::find_if(tables.begin(), tables.end(), [&](const TraceTable& t) {
      return t.arm == arm && t.process == process;
    });
    if (it == tables.end()) {
      tables.push_back({arm, process, {}, {}, {}, {}});
      it = tables.end() - 1;
    }
    const std::string state = text_at(row, "state");
    const int c = static_cast<int>(std::llround(number_at(row, "cycle").value_or(0)));
    if (std::find(it->states.begin(), it->states.end(), state) == it->states.end())
      it->states.push_back(state);
    if (std::find(it->cycles.begin(), it->cycles.end(), c) == it->cycles.end())
      it->cycles.push_back(c);
    it->dates[c] = text_at(row, "date");
    it->cells[{c, state}] = &row;
  }
  if (tables.empty())
    return h + "<p class=\"muted\">The evaluation has no trace.</p>\n</section>\n";
  const double cycle_years =
      number_at(member(member(page.doc, "settings"), "convention"), "cycle_years").value_or(1.0);
  h += "<p>The trace: how many people (or households) are in each state of each model at each "
       "time point of the appraisal period, with the share of that model's population under "
       "each number. Time point 0 is the appraisal start; time point <em>t</em> is the end of "
       "cycle <em>t</em>.</p>\n" +
       convention_html(page);
  std::map<std::string, std::string> arm_labels;
  for (const json& r : array_at(page.doc, "arms"))
    if (!text_at(r, "label").empty()) arm_labels[text_at(r, "arm")] = text_at(r, "label");
  for (const TraceTable& t : tables) {
    const auto l = arm_labels.find(t.arm);
    const std::string arm_name = l != arm_labels.end() ? l->second : page.labels.scenario(t.arm);
    h += "<details class=\"trace\"><summary>" +
         html_escape(arm_name + ": " + process_label(page, t.process)) + "</summary>" +
         trace_table(page, t, cycle_years, arm_name) + "</details>\n";
  }
  return h + "</section>\n";
}

}  // namespace civicsim::report::detail
