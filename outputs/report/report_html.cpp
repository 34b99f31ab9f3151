#include "outputs/report/report_html.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <vector>

#include "outputs/report/vega_assets.hpp"

namespace civicsim::report {
namespace {

using json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Reading the document leniently: a missing key, a wrong type or null all read as "absent".

const json& member(const json& object, std::string_view key) {
  static const json null_value;
  if (!object.is_object()) return null_value;
  const auto it = object.find(std::string(key));
  return it == object.end() ? null_value : *it;
}

std::optional<double> number_of(const json& value) {
  if (!value.is_number()) return std::nullopt;
  const double v = value.get<double>();
  if (!std::isfinite(v)) return std::nullopt;
  return v;
}

std::optional<double> number_at(const json& object, std::string_view key) { return number_of(member(object, key)); }

std::string text_at(const json& object, std::string_view key, std::string_view fallback = "") {
  const json& v = member(object, key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return v.dump();
  return std::string(fallback);
}

const json& array_at(const json& object, std::string_view key) {
  static const json empty = json::array();
  const json& v = member(object, key);
  return v.is_array() ? v : empty;
}

// ---------------------------------------------------------------------------------------------
// Numbers.

std::string with_commas(uint64_t n) {
  const std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string fixed(double v, int decimals) {
  std::array<char, 64> buf{};
  std::snprintf(buf.data(), buf.size(), "%.*f", decimals, v);
  return buf.data();
}

double round_significant(double a, int figures) {
  if (a == 0) return 0;
  const double magnitude = std::pow(10.0, figures - 1 - static_cast<int>(std::floor(std::log10(a))));
  return std::round(a * magnitude) / magnitude;
}

const std::string kNotAvailable = R"(<span class="na" title="not available">n/a</span>)";

// Totals that differ by less than 1% (the frontier's costs): £408.9m, £1,248.3m, £35,120.
std::string detailed_money(double value) {
  const double a = std::fabs(value);
  std::string body;
  if (std::llround(a / 1e5) >= 10) {
    const long long tenths = std::llround(a / 1e5);
    body = with_commas(static_cast<uint64_t>(tenths / 10)) + "." + std::to_string(tenths % 10) + "m";
  } else {
    body = with_commas(static_cast<uint64_t>(std::llround(a)));
  }
  return std::string(value < 0 && body != "0" ? "-" : "") + "£" + body;
}

std::string detailed_money_or_na(std::optional<double> v) { return v ? html_escape(detailed_money(*v)) : kNotAvailable; }

// ---------------------------------------------------------------------------------------------
// Words.

std::string slug(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) && u < 128) {
      out += static_cast<char>(std::tolower(u));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "option" : out;
}

const std::array<const char*, 12> kMonths = {"January", "February", "March",     "April",   "May",      "June",
                                             "July",    "August",   "September", "October", "November", "December"};

// "2025-06-30" -> "30 June 2025", "2025-01" -> "January 2025"; anything else is returned unchanged.
std::string long_date(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 && d >= 1 && d <= 31)
    return std::to_string(d) + " " + kMonths[static_cast<size_t>(m - 1)] + " " + std::to_string(y);
  if (std::sscanf(iso.c_str(), "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12)
    return std::string(kMonths[static_cast<size_t>(m - 1)]) + " " + std::to_string(y);
  return iso;
}

// "2025-01" -> "2025-01-01", so browsers parse it the same way everywhere.
std::string chart_date(const std::string& year_month) {
  return year_month.size() == 7 ? year_month + "-01" : year_month;
}

std::string payer_label(const std::string& payer) {
  if (payer == "nhs") return "NHS";
  if (payer == "council_childrens_services") return "Council children's services";
  if (payer == "housing") return "Housing";
  if (payer == "other") return "Other";
  std::string out = payer;
  std::replace(out.begin(), out.end(), '_', ' ');
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string percent_rate(double rate) {
  const double pct = rate * 100.0;
  return (std::fabs(pct - std::round(pct)) < 1e-9 ? fixed(pct, 0) : fixed(pct, 1)) + "%";
}

std::vector<double> thresholds_of(const json& doc) {
  std::vector<double> out;
  for (const json& t : array_at(member(doc, "settings"), "thresholds"))
    if (auto v = number_of(t); v && *v > 0) out.push_back(*v);
  if (out.empty()) out = {20000, 30000, 70000};
  return out;
}

std::string threshold_key(double threshold) { return "nmb_" + std::to_string(std::llround(threshold)); }

// "£20k" for chart labels.
std::string short_money(double v) {
  if (std::fabs(v) >= 1000 && std::fmod(v, 1000) == 0) return "£" + std::to_string(std::llround(v / 1000)) + "k";
  return format_money(v);
}

// ---------------------------------------------------------------------------------------------
// Scripts: JSON that cannot end its <script> element, and the vendored libraries.

std::string script_json(const json& value) {
  const std::string raw = value.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 64);
  for (const char c : raw) {
    // '<', '>' and '&' only occur inside JSON strings, where the \u escapes mean the same characters.
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

// The minified file without its source-map comment (the map is not shipped, and a browser's developer
// tools would try to fetch it), and with any "</script" (there is none today) made harmless.
std::string inline_script(std::string_view js) {
  std::string out(js);
  if (const auto pos = out.rfind("//# sourceMappingURL="); pos != std::string::npos) out.erase(pos);
  for (size_t pos = 0; (pos = out.find("</", pos)) != std::string::npos; pos += 3) {
    std::string next = out.substr(pos + 2, 6);
    std::transform(next.begin(), next.end(), next.begin(), [](unsigned char c) { return std::tolower(c); });
    if (next == "script") out.replace(pos, 2, "<\\/");
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Option colours: the same option has the same colour in every chart (Okabe-Ito, safe for colour blindness).

const std::array<const char*, 7> kPalette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"};
const char* const kBaselineColour = "#7F7F7F";

struct Colours {
  json domain = json::array();
  json range = json::array();
  void add(const std::string& name, const std::string& colour) {
    for (const json& d : domain)
      if (d == name) return;
    domain.push_back(name);
    range.push_back(colour);
  }
  json scale() const { return {{"domain", domain}, {"range", range}}; }
  // Only the options that occur in `rows` (field "option"), so a chart's legend lists no absent option.
  Colours only_in(const json& rows) const {
    Colours out;
    for (size_t i = 0; i < domain.size(); ++i)
      if (std::any_of(rows.begin(), rows.end(), [&](const json& r) { return member(r, "option") == domain[i]; }))
        out.add(domain[i].get<std::string>(), range[i].get<std::string>());
    return out;
  }
};

Colours option_colours(const json& doc) {
  Colours c;
  size_t i = 0;
  for (const json& option : array_at(doc, "options")) c.add(text_at(option, "name"), kPalette[i++ % kPalette.size()]);
  const std::string baseline = text_at(member(doc, "baseline"), "name");
  if (!baseline.empty()) c.add(baseline, kBaselineColour);
  for (const json& row : array_at(doc, "ceac")) {
    const std::string name = text_at(row, "option");
    bool known = false;
    for (const json& d : c.domain) known = known || d == name;
    if (!known) c.add(name, name == baseline ? kBaselineColour : kPalette[i++ % kPalette.size()]);
  }
  return c;
}

json option_colour_encoding(const Colours& colours, bool legend = true) {
  json e = {{"field", "option"}, {"type", "nominal"}, {"title", "Option"}, {"scale", colours.scale()}};
  if (!legend) e["legend"] = nullptr;
  return e;
}

// Axis labels like £2m, £500k, £1bn (d3's SI prefixes are M and G).
const char* const kMoneyLabels = "replace(replace(datum.label, 'M', 'm'), 'G', 'bn')";
json money_axis(const std::string& title) { return {{"title", title}, {"format", "$~s"}, {"labelExpr", kMoneyLabels}}; }

json money_tooltip(const std::string& field, const std::string& title) {
  return {{"field", field}, {"type", "quantitative"}, {"title", title}, {"format", "$,.0f"}};
}

json base_spec() {
  return {{"config",
           {{"font", "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"},
            {"axis", {{"labelFontSize", 12}, {"titleFontSize", 12}, {"titleFontWeight", "normal"}}},
            {"header", {{"labelFontSize", 13}, {"labelFontWeight", "bold"}}},
            {"legend", {{"labelFontSize", 12}, {"titleFontSize", 12}, {"orient", "bottom"}, {"labelLimit", 320}}},
            {"view", {{"stroke", nullptr}}}}}};
}

// ---------------------------------------------------------------------------------------------
// Charts: each a Vega-Lite specification with its data inlined.

json chart_over_time(const json& doc, const Colours& all_colours) {
  json values = json::array();
  for (const json& option : array_at(doc, "options"))
    for (const json& row : array_at(option, "over_time")) {
      values.push_back({{"option", text_at(option, "name")},
                        {"outcome", text_at(row, "outcome")},
                        {"date", chart_date(text_at(row, "date"))},
                        {"mean", member(row, "mean")},
                        {"low", member(row, "low")},
                        {"high", member(row, "high")}});
    }
  if (values.empty()) return nullptr;
  const Colours colours = all_colours.only_in(values);
  json outcome_order = json::array();
  for (const json& v : values)
    if (std::find(outcome_order.begin(), outcome_order.end(), v["outcome"]) == outcome_order.end())
      outcome_order.push_back(v["outcome"]);
  const json x = {{"field", "date"}, {"type", "temporal"}, {"title", nullptr}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {{"field", "outcome"}, {"type", "nominal"}, {"title", nullptr}, {"sort", outcome_order}};
  spec["columns"] = 2;
  spec["spec"] = {
      {"width", 440},
      {"height", 220},
      {"layer",
       json::array(
           {{{"mark", {{"type", "area"}, {"opacity", 0.2}}},
             {"encoding",
              {{"x", x},
               {"y", {{"field", "low"}, {"type", "quantitative"}, {"title", "Difference from baseline"}}},
               {"y2", {{"field", "high"}}},
               {"color", option_colour_encoding(colours)}}}},
            {{"mark", {{"type", "line"}, {"strokeWidth", 2}}},
             {"encoding",
              {{"x", x},
               {"y", {{"field", "mean"}, {"type", "quantitative"}}},
               {"color", option_colour_encoding(colours)},
               {"tooltip",
                json::array({{{"field", "option"}, {"title", "Option"}},
                             {{"field", "date"}, {"type", "temporal"}, {"title", "Month"}, {"format", "%B %Y"}},
                             {{"field", "mean"}, {"title", "Difference"}, {"format", ",.1f"}},
                             {{"field", "low"}, {"title", "95% interval from"}, {"format", ",.1f"}},
                             {{"field", "high"}, {"title", "95% interval to"}, {"format", ",.1f"}}})}}}},
            {{"mark", {{"type", "rule"}, {"color", "#555"}, {"strokeDash", {3, 3}}}},
             {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}}})}};
  spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  return spec;
}

json chart_costs_by_payer(const json& doc) {
  json values = json::array();
  std::vector<std::string> payers;
  for (const json& option : array_at(doc, "options")) {
    std::map<long long, double> cost_by_year;
    for (const json& row : array_at(option, "by_year")) {
      const auto year = number_at(row, "year");
      if (!year) continue;
      const std::string payer = text_at(row, "payer");
      if (std::find(payers.begin(), payers.end(), payer) == payers.end()) payers.push_back(payer);
      cost_by_year[std::llround(*year)] += number_at(row, "intervention_cost").value_or(0.0);
      if (const auto saving = number_at(row, "saving"))
        values.push_back({{"option", text_at(option, "name")},
                          {"year", std::to_string(std::llround(*year))},
                          {"series", "Saving: " + payer_label(payer)},
                          {"amount", *saving}});
    }
    for (const auto& [year, cost] : cost_by_year)
      values.push_back({{"option", text_at(option, "name")},
                        {"year", std::to_string(year)},
                        {"series", "Cost of the option"},
                        {"amount", -cost}});
  }
  if (values.empty()) return nullptr;
  json series = json::array({"Cost of the option"});
  json colours = json::array({"#444444"});
  const std::array<const char*, 6> payer_palette = {"#0072B2", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#D55E00"};
  for (size_t i = 0; i < payers.size(); ++i) {
    series.push_back("Saving: " + payer_label(payers[i]));
    colours.push_back(payer_palette[i % payer_palette.size()]);
  }
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {{"field", "option"}, {"type", "nominal"}, {"title", nullptr}, {"sort", nullptr}};
  spec["columns"] = 2;
  spec["spec"] = {
      {"width", 420},
      {"height", 260},
      {"layer",
       json::array({{{"mark", "bar"},
                     {"encoding",
                      {{"x", {{"field", "year"}, {"type", "ordinal"}, {"title", "Year"}, {"axis", {{"labelAngle", 0}}}}},
                       {"y",
                        {{"field", "amount"},
                         {"type", "quantitative"},
                         {"aggregate", "sum"},
                         {"axis", money_axis("£ a year (not discounted): savings up, costs down")}}},
                       {"color",
                        {{"field", "series"},
                         {"type", "nominal"},
                         {"title", nullptr},
                         {"scale", {{"domain", series}, {"range", colours}}}}},
                       {"tooltip",
                        json::array({{{"field", "series"}, {"title", "What"}},
                                     {{"field", "year"}, {"title", "Year"}},
                                     money_tooltip("amount", "Amount")})}}}},
                    {{"mark", {{"type", "rule"}, {"color", "#222"}}},
                     {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}}})}};
  return spec;
}

json chart_ce_plane(const json& doc, const Colours& all_colours) {
  json draws = json::array();
  json means = json::array();
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0;
  for (const json& option : array_at(doc, "options")) {
    double sum_c = 0, sum_q = 0;
    int n = 0;
    for (const json& row : array_at(option, "ce_draws")) {
      const auto c = number_at(row, "d_cost");
      const auto q = number_at(row, "d_qaly");
      if (!c || !q) continue;
      draws.push_back({{"option", text_at(option, "name")}, {"replication", member(row, "replication")},
                       {"d_cost", *c}, {"d_qaly", *q}});
      x_min = std::min(x_min, *q), x_max = std::max(x_max, *q);
      y_min = std::min(y_min, *c), y_max = std::max(y_max, *c);
      sum_c += *c, sum_q += *q, ++n;
    }
    if (n > 0) means.push_back({{"option", text_at(option, "name")}, {"d_cost", sum_c / n}, {"d_qaly", sum_q / n}});
  }
  if (draws.empty()) return nullptr;
  const Colours colours = all_colours.only_in(draws);
  // Pad the view so no point sits on the edge; the threshold lines are clipped to it.
  const double x_pad = std::max((x_max - x_min) * 0.12, 1e-6);
  const double y_pad = std::max((y_max - y_min) * 0.12, 1.0);
  x_min -= x_pad, x_max += x_pad, y_min -= y_pad, y_max += y_pad;
  json lines = json::array();
  json labels = json::array();
  for (const double lambda : thresholds_of(doc)) {
    const std::string label = short_money(lambda) + " per QALY";
    lines.push_back({{"label", label}, {"d_qaly", x_min}, {"d_cost", lambda * x_min}});
    lines.push_back({{"label", label}, {"d_qaly", x_max}, {"d_cost", lambda * x_max}});
    // Where the line leaves the view on the right or at the top.
    double lx = x_max, ly = lambda * x_max;
    if (ly > y_max) lx = y_max / lambda, ly = y_max;
    if (lx > x_min && lx <= x_max) labels.push_back({{"label", label}, {"d_qaly", lx}, {"d_cost", ly}});
  }
  const json x = {{"field", "d_qaly"},
                  {"type", "quantitative"},
                  {"title", "Health gained compared with the baseline (QALYs)"},
                  {"scale", {{"domain", {x_min, x_max}}, {"nice", false}, {"zero", false}}}};
  const json y = {{"field", "d_cost"},
                  {"type", "quantitative"},
                  {"title", "Extra cost compared with the baseline, after savings (£)"},
                  {"axis", {{"format", "$~s"}, {"labelExpr", kMoneyLabels}}},
                  {"scale", {{"domain", {y_min, y_max}}, {"nice", false}, {"zero", false}}}};
  json spec = base_spec();
  spec["width"] = 640;
  spec["height"] = 420;
  spec["layer"] = json::array(
      {{{"data", {{"values", json::array({json::object()})}}},
        {"mark", {{"type", "rule"}, {"color", "#222"}}},
        {"encoding", {{"x", {{"datum", 0}, {"type", "quantitative"}}}}}},
       {{"data", {{"values", json::array({json::object()})}}},
        {"mark", {{"type", "rule"}, {"color", "#222"}}},
        {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}},
       {{"data", {{"values", lines}}},
        {"mark", {{"type", "line"}, {"color", "#888"}, {"strokeDash", {6, 4}}, {"clip", true}}},
        {"encoding", {{"x", x}, {"y", y}, {"detail", {{"field", "label"}}}}}},
       {{"data", {{"values", labels}}},
        {"mark", {{"type", "text"}, {"align", "right"}, {"baseline", "bottom"}, {"dx", -4}, {"dy", -2},
                  {"color", "#555"}, {"fontSize", 11}}},
        {"encoding", {{"x", x}, {"y", y}, {"text", {{"field", "label"}}}}}},
       {{"data", {{"values", draws}}},
        {"mark", {{"type", "point"}, {"filled", true}, {"opacity", 0.55}, {"size", 60}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"color", option_colour_encoding(colours)},
          {"tooltip",
           json::array({{{"field", "option"}, {"title", "Option"}},
                        {{"field", "replication"}, {"title", "Model run"}},
                        {{"field", "d_qaly"}, {"title", "QALYs gained"}, {"format", ",.2f"}},
                        money_tooltip("d_cost", "Extra cost")})}}}},
       {{"data", {{"values", means}}},
        {"mark", {{"type", "point"}, {"shape", "diamond"}, {"filled", true}, {"size", 220}, {"stroke", "#000"},
                  {"strokeWidth", 1}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"color", option_colour_encoding(colours, false)},
          {"tooltip",
           json::array({{{"field", "option"}, {"title", "Average of runs"}},
                        {{"field", "d_qaly"}, {"title", "QALYs gained"}, {"format", ",.2f"}},
                        money_tooltip("d_cost", "Extra cost")})}}}}});
  return spec;
}

json chart_ceac(const json& doc, const Colours& all_colours) {
  json values = json::array();
  for (const json& row : array_at(doc, "ceac")) {
    const auto lambda = number_at(row, "lambda");
    const auto p = number_at(row, "p");
    if (!lambda || !p) continue;
    values.push_back({{"option", text_at(row, "option")}, {"lambda", *lambda}, {"p", *p}});
  }
  if (values.empty()) return nullptr;
  const Colours colours = all_colours.only_in(values);
  json rules = json::array();
  for (const double t : thresholds_of(doc)) rules.push_back({{"lambda", t}, {"label", short_money(t)}});
  const json x = {{"field", "lambda"},
                  {"type", "quantitative"},
                  {"title", "Most the commissioner would pay for one QALY (£)"},
                  {"axis", {{"format", "$~s"}}}};
  json spec = base_spec();
  spec["width"] = 640;
  spec["height"] = 320;
  spec["layer"] = json::array(
      {{{"data", {{"values", rules}}},
        {"mark", {{"type", "rule"}, {"color", "#999"}, {"strokeDash", {6, 4}}}},
        {"encoding", {{"x", x}}}},
       {{"data", {{"values", rules}}},
        {"mark", {{"type", "text"}, {"align", "left"}, {"dx", 3}, {"y", 8}, {"color", "#555"}, {"fontSize", 11}}},
        {"encoding", {{"x", x}, {"text", {{"field", "label"}}}}}},
       {{"data", {{"values", values}}},
        {"mark", {{"type", "line"}, {"point", true}, {"strokeWidth", 2}}},
        {"encoding",
         {{"x", x},
          {"y",
           {{"field", "p"},
            {"type", "quantitative"},
            {"title", "Chance this option is the best value"},
            {"axis", {{"format", ".0%"}}},
            {"scale", {{"domain", {0, 1}}}}}},
          {"color", option_colour_encoding(colours)},
          {"tooltip",
           json::array({{{"field", "option"}, {"title", "Option"}},
                        money_tooltip("lambda", "Value of a QALY"),
                        {{"field", "p"}, {"title", "Chance best value"}, {"format", ".0%"}}})}}}}});
  return spec;
}

json chart_equity(const json& doc, const Colours& all_colours, const std::string& dimension, const std::string& first_threshold_key,
                  double first_threshold) {
  struct Measure {
    std::string key, title;
    bool money;
  };
  const std::vector<Measure> measures = {
      {"net_cost", "Net cost (£, after savings)", true},
      {"qalys_gained", "Health gained (QALYs)", false},
      {first_threshold_key, "Net monetary benefit at " + format_money(first_threshold) + " per QALY (£)", true}};
  json values = json::array();
  size_t groups = 0;
  std::vector<std::string> seen_groups;
  for (const json& option : array_at(doc, "options"))
    for (const json& row : array_at(option, "equity")) {
      if (text_at(row, "dimension") != dimension) continue;
      const std::string group = text_at(row, "group");
      if (std::find(seen_groups.begin(), seen_groups.end(), group) == seen_groups.end()) seen_groups.push_back(group);
      for (const Measure& m : measures) {
        const json& cell = member(row, m.key);
        values.push_back({{"option", text_at(option, "name")},
                          {"group", group},
                          {"measure", m.key},
                          {"mean", member(cell, "mean")},
                          {"low", member(cell, "low")},
                          {"high", member(cell, "high")}});
      }
    }
  groups = seen_groups.size();
  if (values.empty()) return nullptr;
  const Colours colours = all_colours.only_in(values);
  const size_t n_options = std::max<size_t>(1, array_at(doc, "options").size());
  const auto height = static_cast<int>(std::max<size_t>(120, groups * (n_options * 14 + 10)));
  json charts = json::array();
  for (size_t i = 0; i < measures.size(); ++i) {
    const Measure& m = measures[i];
    json xaxis = {{"title", m.title}};
    if (m.money) {
      xaxis["format"] = "$~s";
      xaxis["labelExpr"] = kMoneyLabels;
    }
    json yenc = {{"field", "group"}, {"type", "nominal"}, {"sort", seen_groups}, {"title", nullptr}};
    if (i > 0) yenc["axis"] = {{"labels", false}, {"ticks", false}};
    const json yoff = {{"field", "option"}, {"type", "nominal"}, {"sort", colours.domain}};
    const json tooltip = json::array({{{"field", "option"}, {"title", "Option"}},
                                      {{"field", "group"}, {"title", "Group"}},
                                      {{"field", "mean"}, {"title", "Average"}, {"format", m.money ? "$,.0f" : ",.2f"}},
                                      {{"field", "low"}, {"title", "95% interval from"}, {"format", m.money ? "$,.0f" : ",.2f"}},
                                      {{"field", "high"}, {"title", "95% interval to"}, {"format", m.money ? "$,.0f" : ",.2f"}}});
    charts.push_back(
        {{"width", 230},
         {"height", height},
         {"transform", json::array({{{"filter", {{"field", "measure"}, {"equal", m.key}}}}, {{"filter", "isValid(datum.mean)"}}})},
         {"layer",
          json::array({{{"mark", "bar"},
                        {"encoding",
                         {{"y", yenc},
                          {"yOffset", yoff},
                          {"x", {{"field", "mean"}, {"type", "quantitative"}, {"axis", xaxis}}},
                          {"color", option_colour_encoding(colours)},
                          {"tooltip", tooltip}}}},
                       {{"mark", {{"type", "rule"}, {"color", "#222"}}},
                        {"encoding",
                         {{"y", yenc},
                          {"yOffset", yoff},
                          {"x", {{"field", "low"}, {"type", "quantitative"}}},
                          {"x2", {{"field", "high"}}}}}}})}});
  }
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["hconcat"] = charts;
  spec["spacing"] = 24;
  return spec;
}

// Natural-unit outcomes by IMD quintile and by council, one outcome at a time (a drop-down list).
json chart_outcomes_by_group(const json& doc, const Colours& all_colours) {
  json values = json::array(), outcomes = json::array();
  for (const json& option : array_at(doc, "options"))
    for (const json& row : array_at(option, "outcomes_by_group")) {
      if (!number_at(row, "mean")) continue;  // suppressed
      const std::string outcome = text_at(row, "outcome");
      if (std::find(outcomes.begin(), outcomes.end(), outcome) == outcomes.end()) outcomes.push_back(outcome);
      const std::string dim = text_at(row, "dimension");
      values.push_back({{"option", text_at(option, "name")},
                        {"outcome", outcome},
                        {"unit", text_at(row, "unit")},
                        {"dimension", dim == "imd_quintile" ? "By IMD quintile" : "By council"},
                        {"group", text_at(row, "group")},
                        {"mean", member(row, "mean")},
                        {"low", member(row, "low")},
                        {"high", member(row, "high")}});
    }
  if (values.empty()) return nullptr;
  const Colours colours = all_colours.only_in(values);
  const json y = {{"field", "group"}, {"type", "nominal"}, {"title", nullptr}};
  const json yoff = {{"field", "option"}, {"type", "nominal"}, {"sort", colours.domain}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["params"] = json::array({{{"name", "outcome_shown"},
                                 {"value", outcomes.front()},
                                 {"bind", {{"input", "select"}, {"options", outcomes}, {"name", "Outcome: "}}}}});
  spec["transform"] = json::array({{{"filter", "datum.outcome == outcome_shown"}}});
  spec["facet"] = {{"column", {{"field", "dimension"}, {"type", "nominal"}, {"title", nullptr}}}};
  spec["spec"] = {
      {"width", 300},
      {"height", {{"step", 12}}},
      {"layer",
       json::array({{{"mark", "bar"},
                     {"encoding",
                      {{"y", y},
                       {"yOffset", yoff},
                       {"x", {{"field", "mean"}, {"type", "quantitative"}, {"title", "Difference from baseline"}}},
                       {"color", option_colour_encoding(colours)},
                       {"tooltip", json::array({{{"field", "option"}, {"title", "Option"}},
                                                {{"field", "group"}, {"title", "Group"}},
                                                {{"field", "mean"}, {"title", "Difference"}, {"format", ",.1f"}},
                                                {{"field", "low"}, {"title", "95% interval from"}, {"format", ",.1f"}},
                                                {{"field", "high"}, {"title", "95% interval to"}, {"format", ",.1f"}},
                                                {{"field", "unit"}, {"title", "Unit"}}})}}}},
                    {{"mark", {{"type", "rule"}, {"color", "#222"}}},
                     {"encoding",
                      {{"y", y}, {"yOffset", yoff}, {"x", {{"field", "low"}, {"type", "quantitative"}}}, {"x2", {{"field", "high"}}}}}}})}};
  spec["resolve"] = {{"scale", {{"y", "independent"}, {"x", "independent"}}}};
  return spec;
}

// One-way sensitivity: each option's net present value with each varied number at its low and high
// value, widest swing first, around the value with every number at its base.
json chart_tornado(const json& doc) {
  json values = json::array();
  for (const json& option : array_at(doc, "options"))
    for (const json& row : array_at(option, "one_way")) {
      const json& npv = member(member(row, "metrics"), "npv");
      const auto base = number_at(npv, "base"), low = number_at(npv, "low"), high = number_at(npv, "high");
      if (!base || !low || !high) continue;
      const std::string label = text_at(row, "label") + " (" + format_number(number_at(row, "value_low").value_or(0)) +
                                " to " + format_number(number_at(row, "value_high").value_or(0)) + ")";
      for (const bool at_high : {false, true})
        values.push_back({{"option", text_at(option, "name")},
                          {"parameter", label},
                          {"end", at_high ? "high value" : "low value"},
                          {"value", number_at(row, at_high ? "value_high" : "value_low").value_or(0)},
                          {"npv", at_high ? *high : *low},
                          {"base", *base},
                          {"swing", std::abs(*high - *low)}});
    }
  if (values.empty()) return nullptr;
  const json y = {{"field", "parameter"}, {"type", "nominal"}, {"title", nullptr},
                  {"axis", {{"labelLimit", 420}}},
                  {"sort", {{"field", "swing"}, {"op", "max"}, {"order", "descending"}}}};
  // Low and high side by side: both ends can move the value the same way.
  const json yoff = {{"field", "end"}, {"type", "nominal"}, {"sort", {"low value", "high value"}}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {{"row", {{"field", "option"}, {"type", "nominal"}, {"title", nullptr},
                            {"header", {{"labelAngle", 0}, {"labelAlign", "left"}, {"labelOrient", "top"}}}}}};
  spec["spec"] = {
      {"width", 420},
      {"height", {{"step", 30}}},
      {"layer",
       json::array({{{"mark", "bar"},
                     {"encoding",
                      {{"y", y},
                       {"yOffset", yoff},
                       {"x", {{"field", "npv"}, {"type", "quantitative"}, {"axis", money_axis("Net present value (£)")}}},
                       {"x2", {{"field", "base"}}},
                       {"color", {{"field", "end"}, {"type", "nominal"}, {"title", "Number at its"},
                                  {"scale", {{"domain", {"low value", "high value"}}, {"range", {"#4c78a8", "#f58518"}}}}}},
                       {"tooltip", json::array({{{"field", "parameter"}, {"title", "Number"}},
                                                {{"field", "end"}, {"title", "At its"}},
                                                {{"field", "value"}, {"title", "Value"}, {"format", ",.4~g"}},
                                                money_tooltip("npv", "Net present value"),
                                                money_tooltip("base", "At base values")})}}}},
                    {{"mark", {{"type", "rule"}, {"color", "#222"}}},
                     {"encoding", {{"x", {{"field", "base"}, {"type", "quantitative"}, {"aggregate", "mean"}}}}}}})}};
  spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  return spec;
}

// ---------------------------------------------------------------------------------------------
// Tables and text.

// "mean (low to high)" as HTML, each number formatted by `format`.
template <typename Format>
std::string interval_html(const json& cell, Format format, const std::string& missing_bound = "n/a") {
  const auto mean = number_at(cell, "mean");
  const auto low = number_at(cell, "low");
  const auto high = number_at(cell, "high");
  if (!mean) return kNotAvailable;
  std::string out = "<span class=\"mean\">" + html_escape(format(*mean)) + "</span>";
  if (low || high) {
    out += " <span class=\"range\">(" + html_escape(low ? format(*low) : missing_bound) + " to " +
           html_escape(high ? format(*high) : missing_bound) + ")</span>";
  }
  return out;
}

std::string format_year(double v) { return std::to_string(std::llround(v)); }

enum class Kind { money, ratio, percent, qalys, year, icer, probability };

struct Metric {
  std::string key;
  std::string label;
  std::string explanation;
  Kind kind;
};

std::vector<std::pair<std::string, std::vector<Metric>>> headline_metrics(const json& doc) {
  std::vector<Metric> value;
  for (const double t : thresholds_of(doc))
    value.push_back({threshold_key(t), "Net monetary benefit at " + format_money(t) + " per QALY",
                     "Health gained valued at " + format_money(t) +
                         " per QALY, minus the net cost. Above zero: worth doing if a QALY is worth that much.",
                     Kind::money});
  value.insert(value.begin(),
               {"icer", "Cost per QALY gained (ICER)",
                "The incremental cost-effectiveness ratio: extra cost for each extra QALY, compared with the baseline. "
                "\"Dominant\" means the option costs less and improves health.",
                Kind::icer});
  return {
      {"Money",
       {{"intervention_cost", "Cost of the option", "What the option itself costs, discounted, whoever pays.", Kind::money},
        {"savings_total", "Savings, all payers", "Spending avoided on other services because of the option, discounted.",
         Kind::money},
        {"savings_nhs", "Savings to the NHS", "Hospital, GP and other NHS spending avoided.", Kind::money},
        {"savings_council_childrens_services", "Savings to council children's services",
         "Children's social care spending avoided, such as care placements.", Kind::money},
        {"savings_housing", "Savings to housing", "Housing and homelessness spending avoided.", Kind::money},
        {"savings_other", "Savings to other payers", "Spending avoided by anyone else (for example police, schools).",
         Kind::money},
        {"npv", "Net present value", "Savings minus costs, in today's money. Above zero: the option pays for itself.",
         Kind::money},
        {"bcr", "Benefit-cost ratio", "Pounds saved for every £1 spent. Above 1: the savings exceed the cost.", Kind::ratio},
        {"roi", "Return on investment",
         "Net saving as a share of the cost: 20% means every £1 spent comes back as £1.20.", Kind::percent},
        {"p_roi_positive", "Chance the option saves more than it costs",
         "Share of model runs in which the savings exceed the cost.", Kind::probability},
        {"payback_year", "Payback year", "The first year in which savings so far exceed costs so far.", Kind::year}}},
      {"Health", {{"qalys_gained", "Health gained (QALYs)",
                   "Quality-adjusted life years: one year lived in full health counts as 1 QALY.", Kind::qalys}}},
      {"Value for money", value}};
}

std::string headline_cell(const json& headline, const Metric& m, int horizon_years) {
  const json& cell = member(headline, m.key);
  switch (m.kind) {
    case Kind::money:
      return interval_html(cell, format_money);
    case Kind::ratio:
      return interval_html(cell, format_number);
    case Kind::qalys:
      return interval_html(cell, format_number);
    case Kind::percent:
      return interval_html(cell, format_percent);
    case Kind::probability: {
      const auto p = number_at(cell, "mean");
      return p ? "<span class=\"mean\">" + html_escape(format_percent(*p)) + "</span>" : kNotAvailable;
    }
    case Kind::year: {
      const std::string not_reached = horizon_years > 0
                                          ? "not within " + std::to_string(horizon_years) + " years"
                                          : "not within the horizon";
      if (!number_at(cell, "mean")) {
        // Null mean: the option does not pay back within the horizon (a missing cell is "not available").
        if (!cell.is_object()) return kNotAvailable;
        std::string text = not_reached;
        text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
        return "<span class=\"mean\">" + html_escape(text) + "</span>";
      }
      return interval_html(cell, format_year, not_reached);
    }
    case Kind::icer: {
      const std::string status = text_at(headline, "icer_status");
      if (status == "dominant")
        return "<span class=\"mean good\">Dominant</span> <span class=\"range\">(costs less, improves health)</span>";
      if (status == "dominated")
        return "<span class=\"mean bad\">Dominated</span> <span class=\"range\">(costs more, worse health)</span>";
      if (status == "no_difference") return "<span class=\"mean\">No difference</span>";
      const auto per = [](double v) { return format_money(v); };
      if (!number_at(cell, "mean")) return kNotAvailable;
      if (status == "less_costly_less_effective")
        return interval_html(cell, per) + " <span class=\"unit\">saved per QALY lost</span>";
      return interval_html(cell, per) + " <span class=\"unit\">per QALY</span>";
    }
  }
  return kNotAvailable;
}

std::string suppression_mark(const json& doc) {
  const auto threshold = number_at(member(doc, "disclosure"), "threshold");
  return threshold ? "<" + std::to_string(std::llround(*threshold)) : "suppressed";
}

std::string suppressed_html(const json& doc) {
  const auto threshold = number_at(member(doc, "disclosure"), "threshold");
  const std::string title = threshold ? "Fewer than " + std::to_string(std::llround(*threshold)) +
                                            ": not shown, to protect privacy"
                                      : "Not shown, to protect privacy";
  return "<span class=\"suppressed\" title=\"" + html_escape(title) + "\">" + html_escape(suppression_mark(doc)) + "</span>";
}

std::string discounting_text(const json& settings) {
  const std::string scheme = text_at(settings, "discounting");
  const auto cost_rate = number_at(settings, "cost_rate");
  const auto health_rate = number_at(settings, "health_rate");
  std::string name = scheme == "green_book" ? "HM Treasury Green Book rates"
                     : scheme == "nice"     ? "NICE reference-case rates"
                     : scheme == "custom"   ? "rates chosen for this evaluation"
                     : scheme.empty()       ? "rates not stated"
                                            : scheme;
  std::string out = "Future costs are discounted at " + (cost_rate ? percent_rate(*cost_rate) : std::string("an unstated rate")) +
                    " a year and health at " +
                    (health_rate ? percent_rate(*health_rate) : std::string("an unstated rate")) + " a year (" + name +
                    "): a pound spent, or a year of health gained, in the future counts for a little less than one today.";
  return out;
}

// The document's sentence on the price basis; a document with only a price year gets one.
std::string price_basis(const json& settings) {
  if (std::string basis = text_at(settings, "price_basis"); !basis.empty()) return basis;
  const std::string year = text_at(settings, "price_year");
  return year.empty() ? "" : "All money is in " + year + " prices.";
}

std::string list_money(const std::vector<double>& values) {
  std::string out;
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += i + 1 == values.size() ? " and " : ", ";
    out += format_money(values[i]);
  }
  return out;
}

std::string paragraphs(const std::string& text) {
  // Blank lines in the document's text separate paragraphs.
  std::string out, para;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    para = text.substr(start, end - start);
    if (para.find_first_not_of(" \n\t\r") != std::string::npos) out += "<p>" + html_escape(para) + "</p>";
    start = end + 2;
  }
  return out.empty() ? "<p class=\"muted\">None stated.</p>" : out;
}

const char* const kStyle = R"css(
:root { --ink:#1d2430; --muted:#5b6573; --rule:#d8dde4; --band:#f4f6f9; --accent:#0b4f8a; --good:#116b3a; --bad:#a0281e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
header.page { border-bottom: 3px solid var(--accent); padding-bottom: 1rem; margin-bottom: 1.5rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .8rem; color: var(--muted); margin: 0; }
h1 { font-size: 2rem; line-height: 1.2; margin: .3rem 0 .6rem; }
h2 { font-size: 1.45rem; margin: 2.6rem 0 .6rem; padding-top: .4rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.4rem 0 .3rem; }
p { margin: .5rem 0; max-width: 75ch; }
.question { font-size: 1.2rem; font-weight: 600; max-width: 70ch; }
.muted, .meta { color: var(--muted); }
nav.toc ol { columns: 2; padding-left: 1.2rem; margin: .4rem 0; }
nav.toc a { color: var(--accent); }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.2rem; margin: .8rem 0; }
dl.settings dt { font-weight: 600; }
dl.settings dd { margin: 0; max-width: 75ch; }
.callout { background: var(--band); border-left: 4px solid var(--accent); padding: .8rem 1rem; margin: 1rem 0; }
.callout p { margin: .3rem 0; }
ul.findings li { margin: .35rem 0; }
.options { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }
article.option { border: 1px solid var(--rule); border-radius: 6px; padding: .6rem 1rem 1rem; border-top: 5px solid var(--swatch, var(--accent)); }
article.option h3 { margin-top: .4rem; }
details { margin-top: .5rem; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
code { font-size: .9em; background: var(--band); padding: 0 .25em; border-radius: 3px; }
.table-wrap { overflow-x: auto; margin: .8rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { padding: .45rem .6rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tbody tr.group th { background: var(--band); font-size: .8rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
th .explain { display: block; font-weight: normal; font-size: .82rem; color: var(--muted); max-width: 46ch; }
.range { display: block; font-size: .82rem; color: var(--muted); }
.unit { font-size: .82rem; color: var(--muted); }
.mean { font-weight: 600; }
.good { color: var(--good); } .bad { color: var(--bad); }
.na { color: var(--muted); font-style: italic; }
.suppressed { font-weight: 600; color: var(--muted); border-bottom: 1px dotted var(--muted); cursor: help; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .35em; vertical-align: baseline; }
.chart { margin: .8rem 0 1.2rem; overflow-x: auto; min-height: 60px; }
.status-frontier { color: var(--good); font-weight: 600; }
.status-dominated, .status-extendedly_dominated { color: var(--bad); }
ol.sources li, ul.assumptions li { margin: .3rem 0; overflow-wrap: anywhere; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; }
@media print { main { max-width: none; padding: 0; } h2 { break-before: auto; } .chart, table { break-inside: avoid; } nav.toc { display: none; } }
)css";

const char* const kEmbedScript = R"js(
(function () {
  'use strict';
  var specs = JSON.parse(document.getElementById('civicsim-chart-specs').textContent);
  var options = {
    actions: false, renderer: 'svg', mode: 'vega-lite',
    formatLocale: {decimal: '.', thousands: ',', grouping: [3], currency: ['\u00a3', '']},
    timeFormatLocale: {dateTime: '%a %e %b %X %Y', date: '%d/%m/%Y', time: '%H:%M:%S', periods: ['AM', 'PM'],
      days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
      shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
      months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
      shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']}
  };
  Object.keys(specs).forEach(function (id) {
    var el = document.getElementById(id);
    if (!el) return;
    vegaEmbed(el, specs[id], options).then(function () {
      el.setAttribute('data-rendered', 'true');
    }).catch(function (err) {
      el.setAttribute('data-rendered', 'error');
      el.textContent = 'This chart could not be drawn: ' + (err && err.message ? err.message : err);
    });
  });
})();
)js";

}  // namespace

// ---------------------------------------------------------------------------------------------

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string format_money(double value) {
  if (!std::isfinite(value)) return "n/a";
  const double r = round_significant(std::fabs(value), 3);
  std::string body;
  if (r >= 1e9) {
    const double b = r / 1e9;
    body = fixed(b, b >= 100 ? 0 : 1) + "bn";
  } else if (r >= 1e6) {
    const double m = r / 1e6;
    body = fixed(m, m >= 100 ? 0 : 1) + "m";
  } else {
    body = with_commas(static_cast<uint64_t>(std::llround(r)));
  }
  const bool negative = value < 0 && body != "0";
  return std::string(negative ? "-" : "") + "£" + body;
}

std::string format_number(double value) {
  if (!std::isfinite(value)) return "n/a";
  const double a = std::fabs(value);
  std::string body;
  if (std::llround(a) >= 1000) body = with_commas(static_cast<uint64_t>(std::llround(a)));
  else if (a >= 99.5) body = fixed(a, 0);
  else if (a >= 9.995) body = fixed(a, 1);
  else body = fixed(a, 2);
  const bool zero = body.find_first_not_of("0.,") == std::string::npos;
  return std::string(value < 0 && !zero ? "-" : "") + body;
}

std::string format_percent(double value) {
  if (!std::isfinite(value)) return "n/a";
  const long long pct = std::llround(value * 100.0);
  return std::to_string(pct) + "%";
}

std::string headline_test_id(std::string_view metric, std::string_view option_name) {
  return std::string(metric) + "-" + slug(option_name);
}

std::string render_report_html(const nlohmann::json& doc) {
  if (!doc.is_object()) throw std::invalid_argument("evaluation document: expected a JSON object");
  if (!member(doc, "options").is_array()) throw std::invalid_argument("evaluation document: expected an \"options\" array");

  const json& settings = member(doc, "settings");
  const json& options = array_at(doc, "options");
  const json& baseline = member(doc, "baseline");
  const Colours colours = option_colours(doc);
  const std::vector<double> thresholds = thresholds_of(doc);
  const int horizon = static_cast<int>(number_at(settings, "horizon_years").value_or(0));
  const auto replications = number_at(settings, "replications");
  const std::string title = text_at(doc, "title", "Economic evaluation");
  const std::string baseline_name = text_at(baseline, "name", "the baseline");
  auto colour_of = [&](const std::string& name) -> std::string {
    for (size_t i = 0; i < colours.domain.size(); ++i)
      if (colours.domain[i] == name) return colours.range[i].get<std::string>();
    return kBaselineColour;
  };

  std::string h;
  h.reserve(1 << 20);
  h += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // The page may load nothing from anywhere: everything it needs is inside it.
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' "
       "'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">\n";
  h += "<meta name=\"generator\" content=\"civicsim\">\n";
  h += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n";

  // 1. Title, question, settings, how to read.
  h += "<header class=\"page\">\n<p class=\"kicker\">Economic evaluation &middot; civicsim</p>\n";
  h += "<h1>" + html_escape(title) + "</h1>\n";
  if (const std::string q = text_at(doc, "question"); !q.empty())
    h += "<p class=\"question\">" + html_escape(q) + "</p>\n";
  if (const std::string g = text_at(doc, "generated"); !g.empty())
    h += "<p class=\"meta\">Produced " + html_escape(long_date(g)) + "</p>\n";
  h += "</header>\n";
  h += "<noscript><p class=\"callout\">The charts in this report need JavaScript, which is switched off. "
       "The tables show every headline figure.</p></noscript>\n";

  h += "<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong><ol>"
       "<li><a href=\"#settings\">How the evaluation was done</a></li><li><a href=\"#options\">The options</a></li>"
       "<li><a href=\"#headline\">Headline results</a></li><li><a href=\"#outcomes\">Outcomes</a></li>"
       "<li><a href=\"#charts\">Charts</a></li><li><a href=\"#equity\">Who benefits</a></li>"
       "<li><a href=\"#sensitivity\">Which numbers matter most</a></li>"
       "<li><a href=\"#frontier\">Efficiency frontier</a></li><li><a href=\"#sources\">Assumptions and sources</a></li>"
       "</ol></nav>\n";

  // Key findings in words.
  h += "<section id=\"findings\"><h2>Key findings</h2><ul class=\"findings\">\n";
  for (const json& option : options) {
    const json& hl = member(option, "headline");
    const std::string name = text_at(option, "name");
    std::string s = "<li><strong>" + html_escape(name) + "</strong>: ";
    if (const auto npv = number_at(member(hl, "npv"), "mean")) {
      s += *npv >= 0 ? "saves " + html_escape(format_money(*npv)) + " more than it costs"
                     : "costs " + html_escape(format_money(-*npv)) + " more than it saves";
      s += " over the period, in today's money";
    } else {
      s += "net saving not available";
    }
    if (const auto q = number_at(member(hl, "qalys_gained"), "mean"))
      s += ", and " + std::string(*q >= 0 ? "gains " : "loses ") + html_escape(format_number(std::fabs(*q))) +
           " quality-adjusted life years";
    s += ".";
    const std::string status = text_at(hl, "icer_status");
    if (status == "dominant") s += " It is <em>dominant</em>: cheaper than " + html_escape(baseline_name) + " and better for health.";
    else if (status == "dominated") s += " It is <em>dominated</em>: dearer than " + html_escape(baseline_name) + " and worse for health.";
    else if (const auto icer = number_at(member(hl, "icer"), "mean"); icer && status == "more_costly_more_effective")
      s += " Each QALY gained costs " + html_escape(format_money(*icer)) + ".";
    if (const auto p = number_at(member(hl, "p_roi_positive"), "mean")) {
      if (*p <= 0) s += " It saved more than it cost in none of the model runs.";
      else if (*p >= 1) s += " It saved more than it cost in every model run.";
      else s += " It saved more than it cost in " + html_escape(format_percent(*p)) + " of model runs.";
    }
    h += s + "</li>\n";
  }
  h += "</ul></section>\n";

  h += "<section id=\"settings\"><h2>How the evaluation was done</h2>\n<dl class=\"settings\">\n";
  h += "<dt>Compared with</dt><dd>" + html_escape(baseline_name) +
       (text_at(baseline, "description").empty() ? "" : ": " + html_escape(text_at(baseline, "description"))) + "</dd>\n";
  {
    std::string period;
    if (const std::string start = text_at(settings, "start"); !start.empty()) period = "From " + long_date(start);
    if (horizon > 0) period += (period.empty() ? "" : ", ") + std::string("over ") + std::to_string(horizon) + " years";
    if (!period.empty()) h += "<dt>Period</dt><dd>" + html_escape(period) + ".</dd>\n";
  }
  h += "<dt>Discounting</dt><dd>" + html_escape(discounting_text(settings)) + "</dd>\n";
  if (const std::string basis = price_basis(settings); !basis.empty())
    h += "<dt>Prices</dt><dd>" + html_escape(basis) + "</dd>\n";
  h += "<dt>Value of health</dt><dd>Results are shown at " + html_escape(list_money(thresholds)) +
       " per QALY. A threshold is the most it is considered worth paying for one quality-adjusted life year: NICE "
       "usually uses £20,000 to £30,000; HM Treasury's Green Book values a QALY at about £70,000.</dd>\n";
  if (replications && std::llround(*replications) == 1)
    h += "<dt>Uncertainty</dt><dd>The model was run once: the figures are one run's, and the ranges in "
         "brackets are points. Run more replications to see how much chance alone moves them.</dd>\n";
  else if (replications)
    h += "<dt>Uncertainty</dt><dd>The model was run " + std::to_string(std::llround(*replications)) +
         " times with different random draws. Figures are averages over the runs; the ranges in brackets are 95% "
         "intervals: the true value is likely to lie between them.</dd>\n";
  h += "</dl>\n<div class=\"callout\"><p><strong>How to read this report.</strong> Each option is compared with " +
       html_escape(baseline_name) +
       ". Costs are what the option itself costs; savings are spending by the NHS, council children's services, housing "
       "and others that the option avoids. Net present value is savings minus costs: above zero, the option pays for "
       "itself. Health is counted in quality-adjusted life years (QALYs). The cost per QALY tells you how much each "
       "year of healthy life gained costs; below the threshold, the option is usually judged good value. Each figure "
       "is shown as <em>average (low to high)</em>, the range the model's runs suggest; where the range crosses zero, "
       "the direction of the effect is uncertain.</p></div>\n</section>\n";

  // 2. Options.
  h += "<section id=\"options\"><h2>The options</h2>\n<div class=\"options\">\n";
  auto option_card = [&](const json& o, const std::string& kicker) {
    const std::string name = text_at(o, "name");
    std::string s = "<article class=\"option\" style=\"--swatch: " + colour_of(name) + "\">";
    s += "<p class=\"kicker\">" + html_escape(kicker) + "</p><h3>" + html_escape(name) + "</h3>";
    s += paragraphs(text_at(o, "description"));
    s += "<details><summary>Assumptions</summary>" + paragraphs(text_at(o, "assumptions"));
    if (const std::string file = text_at(o, "file"); !file.empty())
      s += "<p class=\"muted\">Scenario file: <code>" + html_escape(file) + "</code></p>";
    s += "</details></article>\n";
    return s;
  };
  if (baseline.is_object()) h += option_card(baseline, "Comparator");
  for (const json& option : options) h += option_card(option, "Option");
  h += "</div>\n</section>\n";

  // 3. Headline table.
  h += "<section id=\"headline\"><h2>Headline results</h2>\n";
  h += "<p>Each option compared with " + html_escape(baseline_name) +
       ". Money is discounted and in today's prices; ranges are 95% intervals.</p>\n";
  h += "<div class=\"table-wrap\"><table class=\"headline\">\n<thead><tr><th scope=\"col\">Measure</th>";
  for (const json& option : options) {
    const std::string name = text_at(option, "name");
    h += "<th scope=\"col\" class=\"num\"><span class=\"swatch\" style=\"background:" + colour_of(name) + "\"></span>" +
         html_escape(name) + "</th>";
  }
  h += "</tr></thead>\n<tbody>\n";
  const auto groups = headline_metrics(doc);
  const std::string columns = std::to_string(options.size() + 1);
  for (const auto& [group, metrics] : groups) {
    h += "<tr class=\"group\"><th colspan=\"" + columns + "\" scope=\"colgroup\">" + html_escape(group) + "</th></tr>\n";
    for (const Metric& m : metrics) {
      h += "<tr><th scope=\"row\">" + html_escape(m.label) + "<span class=\"explain\">" + html_escape(m.explanation) +
           "</span></th>";
      for (const json& option : options)
        h += "<td class=\"num\" data-testid=\"" + html_escape(headline_test_id(m.key, text_at(option, "name"))) + "\">" +
             headline_cell(member(option, "headline"), m, horizon) + "</td>";
      h += "</tr>\n";
    }
  }
  h += "</tbody></table></div>\n</section>\n";

  // Outcomes (totals over the horizon), with disclosure control.
  {
    std::vector<std::pair<std::string, std::string>> outcomes;  // name, unit
    for (const json& option : options)
      for (const json& row : array_at(option, "outcomes")) {
        const std::string name = text_at(row, "outcome");
        if (std::none_of(outcomes.begin(), outcomes.end(), [&](const auto& o) { return o.first == name; }))
          outcomes.emplace_back(name, text_at(row, "unit"));
      }
    h += "<section id=\"outcomes\"><h2>Outcomes</h2>\n";
    if (outcomes.empty()) {
      h += "<p class=\"muted\">The evaluation lists no outcome totals.</p>\n";
    } else {
      h += "<p>Totals over the whole period: how many more (or, where the name says so, fewer) events each option "
           "brings compared with " + html_escape(baseline_name) + ".</p>\n";
      h += "<div class=\"table-wrap\"><table class=\"outcomes\">\n<thead><tr><th scope=\"col\">Outcome</th>";
      for (const json& option : options) h += "<th scope=\"col\" class=\"num\">" + html_escape(text_at(option, "name")) + "</th>";
      h += "</tr></thead>\n<tbody>\n";
      for (size_t i = 0; i < outcomes.size(); ++i) {
        const auto& [name, unit] = outcomes[i];
        h += "<tr><th scope=\"row\">" + html_escape(name) +
             (unit.empty() ? "" : " <span class=\"unit\">(" + html_escape(unit) + ")</span>") + "</th>";
        for (const json& option : options) {
          const json* found = nullptr;
          for (const json& row : array_at(option, "outcomes"))
            if (text_at(row, "outcome") == name) found = &row;
          std::string cell;
          if (!found) cell = kNotAvailable;
          else if (member(*found, "suppressed") == true) cell = suppressed_html(doc);
          else cell = interval_html(*found, format_number);
          h += "<td class=\"num\" data-testid=\"" + html_escape(headline_test_id("outcome-" + slug(name), text_at(option, "name"))) +
               "\">" + cell + "</td>";
        }
        h += "</tr>\n";
      }
      h += "</tbody></table></div>\n";
    }
    h += "</section>\n";
  }

  // 4. Charts.
  json specs = json::object();
  auto chart_block = [&](const std::string& id, const std::string& heading, const std::string& words, const json& spec) {
    if (spec.is_null()) return std::string();
    specs[id] = spec;
    return "<h3>" + html_escape(heading) + "</h3>\n<p>" + words + "</p>\n<div class=\"chart\" id=\"" + id +
           "\" role=\"img\" aria-label=\"" + html_escape(heading) + "\"></div>\n";
  };
  h += "<section id=\"charts\"><h2>Charts</h2>\n";
  h += chart_block("chart-over-time", "Outcomes over time",
                   "The difference each option makes, month by month, compared with " + html_escape(baseline_name) +
                       ". The line is the average over model runs; the shaded band is the 95% interval. Below zero means "
                       "fewer than under " + html_escape(baseline_name) + ".",
                   chart_over_time(doc, colours));
  h += chart_block("chart-costs-by-payer", "Costs and savings by payer and year",
                   "What each option costs (below the line) and who saves (above the line), year by year, in today's "
                   "prices before discounting.",
                   chart_costs_by_payer(doc));
  h += chart_block("chart-ce-plane", "Cost-effectiveness plane",
                   "Each dot is one model run: across, the health gained; up, the extra cost after savings. Diamonds are "
                   "the averages. Dots below a dashed line are good value at that price per QALY; dots below zero save "
                   "money outright.",
                   chart_ce_plane(doc, colours));
  h += chart_block("chart-ceac", "Cost-effectiveness acceptability curve",
                   "How likely each option is to be the best value, depending on the most you would pay for one QALY. "
                   "Dashed lines mark the thresholds used in this report.",
                   chart_ceac(doc, colours));
  h += "</section>\n";

  // Equity.
  h += "<section id=\"equity\"><h2>Who benefits</h2>\n<p>Results split by how deprived an area is (Index of Multiple "
       "Deprivation quintile: 1 is the most deprived fifth of areas, 5 the least) and by council. Bars are averages; "
       "black lines are 95% intervals.</p>\n";
  const std::string first_key = threshold_key(thresholds.front());
  const std::string equity_imd = chart_block("chart-equity-imd", "By deprivation (IMD quintile)",
                                             "Net cost, health gained and net monetary benefit for each fifth of areas.",
                                             chart_equity(doc, colours, "imd_quintile", first_key, thresholds.front()));
  const std::string equity_council = chart_block("chart-equity-council", "By council",
                                                 "Net cost, health gained and net monetary benefit in each council area.",
                                                 chart_equity(doc, colours, "council", first_key, thresholds.front()));
  h += equity_imd + equity_council;
  if (equity_imd.empty() && equity_council.empty()) h += "<p class=\"muted\">The evaluation has no breakdown by group.</p>\n";
  h += chart_block("chart-outcomes-by-group", "Outcomes by deprivation and council",
                   "The change in one outcome (choose it from the list) in each fifth of areas and each council, "
                   "compared with " + html_escape(baseline_name) + ", over the whole period. Every outcome by every "
                   "group is in <code>outcomes_by_group.csv</code>.",
                   chart_outcomes_by_group(doc, colours));
  // The same numbers as a table, for readers who cannot use the charts.
  {
    std::string rows;
    for (const json& option : options)
      for (const json& row : array_at(option, "equity")) {
        const std::string dim = text_at(row, "dimension");
        rows += "<tr><td>" + html_escape(text_at(option, "name")) + "</td><td>" +
                html_escape(dim == "imd_quintile" ? "IMD quintile" : dim == "council" ? "Council" : dim) + "</td><td>" +
                html_escape(text_at(row, "group")) + "</td><td class=\"num\">" +
                interval_html(member(row, "net_cost"), format_money) + "</td><td class=\"num\">" +
                interval_html(member(row, "qalys_gained"), format_number) + "</td><td class=\"num\">" +
                interval_html(member(row, first_key), format_money) + "</td></tr>\n";
      }
    if (!rows.empty())
      h += "<details><summary>Show these figures as a table</summary><div class=\"table-wrap\"><table>\n<thead><tr>"
           "<th scope=\"col\">Option</th><th scope=\"col\">Split by</th><th scope=\"col\">Group</th>"
           "<th scope=\"col\" class=\"num\">Net cost</th><th scope=\"col\" class=\"num\">QALYs gained</th>"
           "<th scope=\"col\" class=\"num\">Net monetary benefit at " + html_escape(format_money(thresholds.front())) +
           "</th></tr></thead>\n<tbody>\n" + rows + "</tbody></table></div></details>\n";
  }
  h += "</section>\n";

  // One-way sensitivity.
  {
    h += "<section id=\"sensitivity\"><h2>Which numbers matter most</h2>\n";
    const std::string tornado = chart_block(
        "chart-tornado", "One number at a time (tornado diagram)",
        "Each bar shows the net present value when one uncertain number is set to the low or the high end of its "
        "plausible range, every other number at its central value. The line is the value with every number at its "
        "central value; the longest bars, at the top, are the numbers the answer depends on most.",
        chart_tornado(doc));
    std::string rows;
    for (const json& option : options)
      for (const json& row : array_at(option, "one_way")) {
        const json& npv = member(member(row, "metrics"), "npv");
        rows += "<tr><td>" + html_escape(text_at(option, "name")) + "</td><td>" + html_escape(text_at(row, "label")) +
                "</td><td class=\"num\">" + html_escape(format_number(number_at(row, "value_low").value_or(0))) +
                " to " + html_escape(format_number(number_at(row, "value_high").value_or(0))) + "</td><td class=\"num\">" +
                detailed_money_or_na(number_at(npv, "low")) + "</td><td class=\"num\">" +
                detailed_money_or_na(number_at(npv, "high")) + "</td></tr>\n";
      }
    if (rows.empty()) {
      h += "<p class=\"muted\">No one-way sensitivity analysis was run: name numbers under "
           "<code>uncertainty/one_way</code> in the scenario to see which of them the answer depends on.</p>\n";
    } else {
      h += tornado;
      h += "<details><summary>Show these figures as a table</summary><div class=\"table-wrap\"><table>\n<thead><tr>"
           "<th scope=\"col\">Option</th><th scope=\"col\">Number</th><th scope=\"col\" class=\"num\">Range</th>"
           "<th scope=\"col\" class=\"num\">Net present value at the low end</th>"
           "<th scope=\"col\" class=\"num\">at the high end</th></tr></thead>\n<tbody>\n" + rows +
           "</tbody></table></div></details>\n";
    }
    h += "</section>\n";
  }

  // 5. Efficiency frontier.
  h += "<section id=\"frontier\"><h2>Efficiency frontier</h2>\n";
  h += "<p>All options side by side, cheapest first, with total costs and QALYs for the whole population. An option is "
       "<em>on the frontier</em> if no other option, or mix of options, gives more health for the same money. "
       "<em>Dominated</em>: another option costs less and gives more health. <em>Extendedly dominated</em>: a mix of two "
       "other options would give more health for the money. The cost per QALY is against the next cheaper option on "
       "the frontier.</p>\n";
  if (array_at(doc, "frontier").empty()) {
    h += "<p class=\"muted\">The evaluation has no frontier.</p>\n";
  } else {
    h += "<div class=\"table-wrap\"><table class=\"frontier\">\n<thead><tr><th scope=\"col\">Option</th>"
         "<th scope=\"col\" class=\"num\">Total cost</th><th scope=\"col\" class=\"num\">Total QALYs</th>"
         "<th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Cost per QALY gained</th></tr></thead>\n<tbody>\n";
    std::vector<const json*> rows;
    for (const json& row : array_at(doc, "frontier")) rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [](const json* a, const json* b) {
      return number_at(*a, "cost").value_or(0) < number_at(*b, "cost").value_or(0);
    });
    for (const json* row : rows) {
      const std::string status = text_at(*row, "status");
      const std::string status_text = status == "frontier"               ? "On the frontier"
                                      : status == "dominated"            ? "Dominated"
                                      : status == "extendedly_dominated" ? "Extendedly dominated"
                                                                         : status;
      const auto icer = number_at(*row, "icer");
      const auto cost = number_at(*row, "cost");
      const auto qalys = number_at(*row, "qalys");
      h += "<tr><th scope=\"row\">" + html_escape(text_at(*row, "option")) + "</th><td class=\"num\">" + detailed_money_or_na(cost) +
           "</td><td class=\"num\">" + (qalys ? html_escape(format_number(*qalys)) : kNotAvailable) +
           "</td><td class=\"status-" + html_escape(slug(status)) + "\" data-testid=\"" +
           html_escape(headline_test_id("frontier", text_at(*row, "option"))) + "\">" + html_escape(status_text) +
           "</td><td class=\"num\">" +
           (icer ? html_escape(format_money(*icer)) + " <span class=\"unit\">per QALY</span>"
                 : std::string("<span class=\"muted\">&ndash;</span>")) +
           "</td></tr>\n";
    }
    h += "</tbody></table></div>\n";
  }
  h += "</section>\n";

  // 6. Assumptions and sources.
  h += "<section id=\"sources\"><h2>Assumptions and sources</h2>\n<ul class=\"assumptions\">\n";
  h += "<li>" + html_escape(discounting_text(settings)) + "</li>\n";
  if (const std::string basis = price_basis(settings); !basis.empty())
    h += "<li>" + html_escape(basis) + "</li>\n";
  if (replications)
    h += "<li>Averages and 95% intervals come from " + std::to_string(std::llround(*replications)) +
         " model runs; with few runs the intervals are rough.</li>\n";
  if (baseline.is_object() && !text_at(baseline, "assumptions").empty())
    h += "<li><strong>" + html_escape(baseline_name) + ":</strong> " + html_escape(text_at(baseline, "assumptions")) + "</li>\n";
  for (const json& option : options)
    if (!text_at(option, "assumptions").empty())
      h += "<li><strong>" + html_escape(text_at(option, "name")) + ":</strong> " +
           html_escape(text_at(option, "assumptions")) + "</li>\n";
  const json& disclosure = member(doc, "disclosure");
  if (const auto threshold = number_at(disclosure, "threshold")) {
    h += "<li id=\"disclosure\"><strong>Disclosure control:</strong> ";
    if (const std::string rule = text_at(disclosure, "rule"); !rule.empty()) h += html_escape(rule) + " ";
    h += "Counts below " + std::to_string(std::llround(*threshold)) + " are shown as &ldquo;" +
         html_escape(suppression_mark(doc)) + "&rdquo;.</li>\n";
  }
  h += "</ul>\n";
  const json& sources = array_at(doc, "sources");
  if (!sources.empty()) {
    h += "<h3>Sources</h3>\n<ol class=\"sources\">\n";
    for (const json& s : sources)
      if (s.is_string()) h += "<li>" + html_escape(s.get<std::string>()) + "</li>\n";
    h += "</ol>\n";
  }
  h += "</section>\n";
  h += "<footer>Made with civicsim. Charts drawn with Vega, Vega-Lite and vega-embed (BSD-3-Clause licence, "
       "University of Washington Interactive Data Lab), included in this file so it works offline.</footer>\n";
  h += "</main>\n";

  // Scripts last, so the text shows before the charts are drawn.
  h += "<script>" + inline_script(assets::vega_js()) + "\n</script>\n";
  h += "<script>" + inline_script(assets::vega_lite_js()) + "\n</script>\n";
  h += "<script>" + inline_script(assets::vega_embed_js()) + "\n</script>\n";
  h += "<script type=\"application/json\" id=\"civicsim-chart-specs\">" + script_json(specs) + "</script>\n";
  h += std::string("<script>") + kEmbedScript + "</script>\n";
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace civicsim::report
