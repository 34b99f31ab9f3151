// The report's charts as Vega-Lite specifications, data inlined. Every chart fits 700 px (the printed
// page's width, and the page's narrowest layout); each carries its own legend, so a legend is never
// pages away from its chart.
#include <algorithm>
#include <cmath>
#include <map>

#include "outputs/report/report_common.hpp"
#include "outputs/report/report_html.hpp"

namespace civicsim::report::detail {
namespace {

// Axis labels like £2m, £500k, £1bn (d3's SI prefixes are M and G).
const char* const kMoneyLabels = "replace(replace(datum.label, 'M', 'm'), 'G', 'bn')";
json money_axis(const std::string& title) {
  return {{"title", title}, {"format", "$~s"}, {"labelExpr", kMoneyLabels}};
}

json money_tooltip(const std::string& field, const std::string& title) {
  return {{"field", field}, {"type", "quantitative"}, {"title", title}, {"format", "$,.0f"}};
}

json base_spec() {
  return {
      {"config",
       {{"font", "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"},
        {"axis", {{"labelFontSize", 11}, {"titleFontSize", 11}, {"titleFontWeight", "normal"}}},
        {"header", {{"labelFontSize", 12}, {"labelFontWeight", "bold"}, {"labelLimit", 300}}},
        // The legend above the chart it explains, wrapping into columns rather than running off.
        {"legend",
         {{"labelFontSize", 11},
          {"titleFontSize", 11},
          {"orient", "top"},
          {"direction", "horizontal"},
          {"columns", 2},
          {"labelLimit", 300}}},
        {"view", {{"stroke", nullptr}}}}}};
}

json option_colour_encoding(const Colours& colours, bool legend = true) {
  json e = {{"field", "option"},
            {"type", "nominal"},
            {"title", nullptr},
            {"scale", colours.scale()},
            {"sort", colours.domain}};
  if (!legend) e["legend"] = nullptr;
  return e;
}

// Splits text into lines of at most `width` characters at spaces, joined by "\n" (the axes split them).
std::string wrap(const std::string& text, size_t width) {
  std::string out, line;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    const std::string word = text.substr(pos, end - pos);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    pos = end + 1;
  }
  return out + line;
}
const char* const kSplitLines = "split(datum.label, '\\n')";

}  // namespace

// The cumulative discounted net fiscal position by financial year: the payback line.
Chart chart_payback(const Page& page) {
  Chart c{"chart-payback", "When each option pays back",
          "The public purse's cumulative position, year by year: savings to public services so far "
          "minus costs so far, "
          "discounted. The option has paid back from the year its line crosses zero and stays "
          "above it.",
          nullptr, ""};
  json values = json::array();
  std::vector<std::pair<std::string, std::vector<double>>> series;
  std::vector<std::string> years = year_labels(page.doc);
  for (const json& option : array_at(page.doc, "options")) {
    const std::string label = page.labels.option(option);
    std::vector<double> line;
    for (const json& row : array_at(option, "payback")) {
      const auto v = number_at(row, "cumulative_net_fiscal");
      const std::string year = text_at(row, "year");
      if (!v || year.empty()) continue;
      if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
      values.push_back({{"option", label}, {"year", year}, {"value", *v}});
      line.push_back(*v);
    }
    if (!line.empty()) series.emplace_back(label, line);
  }
  if (values.empty()) return c;
  const Colours colours = page.colours.only_in(values);
  const json x = {{"field", "year"},
                  {"type", "ordinal"},
                  {"sort", years},
                  {"title", nullptr},
                  {"axis", {{"labelAngle", 0}}}};
  json spec = base_spec();
  spec["width"] = 600;
  spec["height"] = 70;  // short: the first page must hold the summary below it
  spec["data"] = {{"values", values}};
  spec["layer"] = json::array(
      {{{"mark", {{"type", "rule"}, {"color", "#222"}}},
        {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}},
       {{"mark", {{"type", "line"}, {"point", true}, {"strokeWidth", 2}}},
        {"encoding",
         {{"x", x},
          {"y",
           {{"field", "value"}, {"type", "quantitative"}, {"axis", money_axis("£, discounted")}}},
          {"color", option_colour_encoding(colours)},
          {"tooltip", json::array({{{"field", "option"}, {"title", "Option"}},
                                   {{"field", "year"}, {"title", "Year"}},
                                   money_tooltip("value", "Cumulative net")})}}}}});
  c.spec = spec;
  c.caption = coinciding_caption(coinciding(series), "");
  return c;
}

// Over-time differences, one chart per process (asthma, damp, need, ...), each a small multiple of its
// outcomes with its own legend.
std::vector<Chart> charts_over_time(const Page& page) {
  struct Group {
    std::string prefix;
    json values = json::array();
    std::vector<std::string> outcomes;  // labels, in order
    // outcome label -> option label -> means in date order
    std::map<std::string, std::vector<std::pair<std::string, std::vector<double>>>> series;
  };
  std::vector<Group> groups;
  for (const json& option : array_at(page.doc, "options")) {
    const std::string label = page.labels.option(option);
    for (const json& row : array_at(option, "over_time")) {
      const std::string id = text_at(row, "outcome");
      // A process's outcomes ("asthma.events.attack") go with their process; services' ("early_help.served")
      // all go in one chart, so a dozen services make one panel set, not a dozen.
      const bool service = std::count(id.begin(), id.end(), '.') == 1;
      const std::string prefix = service ? "" : id.substr(0, id.find('.'));
      auto g = std::find_if(groups.begin(), groups.end(),
                            [&](const Group& x) { return x.prefix == prefix; });
      if (g == groups.end()) {
        Group fresh;
        fresh.prefix = prefix;
        g = groups.insert(groups.end(), fresh);
      }
      const std::string outcome = page.labels.outcome(id);
      if (std::find(g->outcomes.begin(), g->outcomes.end(), outcome) == g->outcomes.end())
        g->outcomes.push_back(outcome);
      std::string date = text_at(row, "date");
      if (date.size() == 7) date += "-01";  // parsed the same way by every browser
      json v = {
          {"option", label}, {"outcome", outcome}, {"date", date}, {"mean", member(row, "mean")}};
      if (page.ranges.shown) v["low"] = member(row, "low"), v["high"] = member(row, "high");
      g->values.push_back(v);
      auto& s = g->series[outcome];
      if (s.empty() || s.back().first != label) s.emplace_back(label, std::vector<double>{});
      s.back().second.push_back(number_at(row, "mean").value_or(std::nan("")));
    }
  }
  std::vector<Chart> charts;
  for (const Group& g : groups) {
    const std::string group_label =
        g.prefix.empty() ? "Services" : page.labels.outcome_group(g.prefix);
    Chart c{"chart-over-time-" + (g.prefix.empty() ? std::string("services") : slug(g.prefix)),
            group_label + ": change over time", "", nullptr, ""};
    const Colours colours = page.colours.only_in(g.values);
    const json x = {{"field", "date"}, {"type", "temporal"}, {"title", nullptr}};
    json layers = json::array();
    if (page.ranges.shown)
      layers.push_back(
          {{"mark", {{"type", "area"}, {"opacity", 0.18}}},
           {"encoding",
            {{"x", x},
             {"y", {{"field", "low"}, {"type", "quantitative"}, {"title", "Difference"}}},
             {"y2", {{"field", "high"}}},
             {"color", option_colour_encoding(colours, false)}}}});
    layers.push_back(
        {{"mark", {{"type", "line"}, {"strokeWidth", 2}}},
         {"encoding",
          {{"x", x},
           {"y", {{"field", "mean"}, {"type", "quantitative"}, {"title", "Difference"}}},
           {"color", option_colour_encoding(colours)},
           {"tooltip",
            json::array(
                {{{"field", "option"}, {"title", "Option"}},
                 {{"field", "date"}, {"type", "temporal"}, {"title", "Month"}, {"format", "%B %Y"}},
                 {{"field", "mean"}, {"title", "Difference"}, {"format", ",.1f"}}})}}}});
    layers.push_back({{"mark", {{"type", "rule"}, {"color", "#555"}, {"strokeDash", {3, 3}}}},
                      {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}});
    json spec = base_spec();
    spec["data"] = {{"values", g.values}};
    spec["facet"] = {
        {"field", "outcome"}, {"type", "nominal"}, {"title", nullptr}, {"sort", g.outcomes}};
    spec["columns"] = 2;
    spec["spec"] = {{"width", 270}, {"height", 140}, {"layer", layers}};
    spec["resolve"] = {{"scale", {{"y", "independent"}}}};
    c.spec = spec;
    for (const std::string& outcome : g.outcomes) {
      const auto it = g.series.find(outcome);
      if (it != g.series.end()) c.caption += coinciding_caption(coinciding(it->second), outcome);
    }
    charts.push_back(c);
  }
  return charts;
}

Chart chart_costs_by_payer(const Page& page) {
  Chart c{"chart-costs-by-payer", "Costs and savings by payer and year",
          "What each option costs (below the line, all payers together) and who saves (above the "
          "line), financial year "
          "by financial year, in today's prices before discounting.",
          nullptr, ""};
  json values = json::array();
  std::vector<std::string> payers, years = year_labels(page.doc);
  for (const json& option : array_at(page.doc, "options")) {
    const std::string label = page.labels.option(option);
    std::map<std::string, double> cost_by_year;
    for (const json& row : array_at(option, "by_year")) {
      const json& y = member(row, "year");
      if (y.is_null()) continue;
      const std::string year =
          y.is_string() ? y.get<std::string>() : std::to_string(std::llround(y.get<double>()));
      if (std::find(years.begin(), years.end(), year) == years.end()) years.push_back(year);
      const std::string payer = page.labels.payer(text_at(row, "payer"));
      if (std::find(payers.begin(), payers.end(), payer) == payers.end()) payers.push_back(payer);
      const auto cost =
          number_at(row, "cost") ? number_at(row, "cost") : number_at(row, "intervention_cost");
      cost_by_year[year] += cost.value_or(0.0);
      std::optional<double> saving;
      if (number_at(row, "benefit_cashable") || number_at(row, "benefit_non_cashable"))
        saving = number_at(row, "benefit_cashable").value_or(0) +
                 number_at(row, "benefit_non_cashable").value_or(0);
      else
        saving = number_at(row, "saving");
      if (saving)
        values.push_back({{"option", label},
                          {"year", year},
                          {"series", "Saved by " + payer},
                          {"amount", *saving}});
    }
    for (const auto& [year, cost] : cost_by_year)
      values.push_back(
          {{"option", label}, {"year", year}, {"series", "Cost (all payers)"}, {"amount", -cost}});
  }
  if (values.empty()) return c;
  json series = json::array({"Cost (all payers)"});
  for (const auto& p : payers) series.push_back("Saved by " + p);
  const json colours =
      json::array({"#8c2d04", "#1b9e77", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d"});
  json range = json::array();
  for (size_t i = 0; i < series.size(); ++i) range.push_back(colours[i % colours.size()]);
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {
      {"row",
       {{"field", "option"},
        {"type", "nominal"},
        {"title", nullptr},
        {"sort", page.colours.domain},
        {"header", {{"labelAngle", 0}, {"labelAlign", "left"}, {"labelOrient", "top"}}}}}};
  spec["spec"] = {
      {"width", 600},
      {"height", 130},
      {"layer", json::array({{{"mark", "bar"},
                              {"encoding",
                               {{"x",
                                 {{"field", "year"},
                                  {"type", "ordinal"},
                                  {"sort", years},
                                  {"title", nullptr},
                                  {"axis", {{"labelAngle", 0}}}}},
                                {"y",
                                 {{"field", "amount"},
                                  {"type", "quantitative"},
                                  {"aggregate", "sum"},
                                  {"axis", money_axis("£ a year")}}},
                                {"color",
                                 {{"field", "series"},
                                  {"type", "nominal"},
                                  {"title", nullptr},
                                  {"scale", {{"domain", series}, {"range", range}}}}},
                                {"tooltip", json::array({{{"field", "series"}, {"title", "What"}},
                                                         {{"field", "year"}, {"title", "Year"}},
                                                         money_tooltip("amount", "Amount")})}}}},
                             {{"mark", {{"type", "rule"}, {"color", "#222"}}},
                              {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}}})}};
  c.spec = spec;
  return c;
}

Chart chart_ce_plane(const Page& page) {
  Chart c{"chart-ce-plane", "Cost-effectiveness plane",
          "Each dot is one model run: across, the health gained; up, the extra cost after savings. "
          "Diamonds are the "
          "averages. Dots below a dashed line are good value at that price per QALY (the key says "
          "which line is "
          "which); dots below zero save money outright.",
          nullptr, ""};
  json draws = json::array(), means = json::array();
  double x_min = 0, x_max = 0, y_min = 0, y_max = 0;
  for (const json& option : array_at(page.doc, "options")) {
    const std::string label = page.labels.option(option);
    double sum_c = 0, sum_q = 0;
    int n = 0;
    for (const json& row : array_at(option, "ce_draws")) {
      const auto cost = number_at(row, "d_cost");
      const auto q = number_at(row, "d_qaly");
      if (!cost || !q) continue;
      draws.push_back({{"option", label},
                       {"replication", member(row, "replication")},
                       {"d_cost", *cost},
                       {"d_qaly", *q}});
      x_min = std::min(x_min, *q), x_max = std::max(x_max, *q);
      y_min = std::min(y_min, *cost), y_max = std::max(y_max, *cost);
      sum_c += *cost, sum_q += *q, ++n;
    }
    if (n > 0) means.push_back({{"option", label}, {"d_cost", sum_c / n}, {"d_qaly", sum_q / n}});
  }
  if (draws.empty()) return c;
  const Colours colours = page.colours.only_in(draws);
  const double x_pad = std::max((x_max - x_min) * 0.12, 1e-6);
  const double y_pad = std::max((y_max - y_min) * 0.12, 1.0);
  x_min -= x_pad, x_max += x_pad, y_min -= y_pad, y_max += y_pad;
  // Threshold lines told apart by their dash pattern, named in a key: no text drawn on the plane, so
  // no two labels can overprint however close the lines run.
  json lines = json::array(), dash_domain = json::array();
  const json dashes = json::array({json::array({2, 2}), json::array({6, 3}), json::array({12, 4}),
                                   json::array({1, 4}), json::array({8, 2, 2, 2})});
  json dash_range = json::array();
  size_t i = 0;
  for (const double lambda : page.thresholds) {
    const std::string label = short_money(lambda) + " per QALY";
    lines.push_back({{"threshold", label}, {"d_qaly", x_min}, {"d_cost", lambda * x_min}});
    lines.push_back({{"threshold", label}, {"d_qaly", x_max}, {"d_cost", lambda * x_max}});
    dash_domain.push_back(label);
    dash_range.push_back(dashes[i++ % dashes.size()]);
  }
  const json x = {{"field", "d_qaly"},
                  {"type", "quantitative"},
                  {"title", "Health gained compared with the baseline (QALYs)"},
                  {"scale", {{"domain", {x_min, x_max}}, {"nice", false}, {"zero", false}}}};
  const json y = {{"field", "d_cost"},
                  {"type", "quantitative"},
                  {"title", "Extra cost after savings (£)"},
                  {"axis", {{"format", "$~s"}, {"labelExpr", kMoneyLabels}}},
                  {"scale", {{"domain", {y_min, y_max}}, {"nice", false}, {"zero", false}}}};
  json spec = base_spec();
  spec["width"] = 500;
  spec["height"] = 340;
  spec["resolve"] = {{"legend", {{"strokeDash", "independent"}, {"color", "independent"}}}};
  spec["layer"] = json::array(
      {{{"data", {{"values", json::array({json::object()})}}},
        {"mark", {{"type", "rule"}, {"color", "#222"}}},
        {"encoding", {{"x", {{"datum", 0}, {"type", "quantitative"}}}}}},
       {{"data", {{"values", json::array({json::object()})}}},
        {"mark", {{"type", "rule"}, {"color", "#222"}}},
        {"encoding", {{"y", {{"datum", 0}, {"type", "quantitative"}}}}}},
       {{"data", {{"values", lines}}},
        {"mark", {{"type", "line"}, {"color", "#777"}, {"clip", true}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"strokeDash",
           {{"field", "threshold"},
            {"type", "nominal"},
            {"title", "Threshold"},
            {"scale", {{"domain", dash_domain}, {"range", dash_range}}},
            {"sort", dash_domain}}}}}},
       {{"data", {{"values", draws}}},
        {"mark", {{"type", "point"}, {"filled", true}, {"opacity", 0.55}, {"size", 50}}},
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
        {"mark",
         {{"type", "point"},
          {"shape", "diamond"},
          {"filled", true},
          {"size", 200},
          {"stroke", "#000"},
          {"strokeWidth", 1}}},
        {"encoding",
         {{"x", x},
          {"y", y},
          {"color", option_colour_encoding(colours, false)},
          {"tooltip",
           json::array({{{"field", "option"}, {"title", "Average of runs"}},
                        {{"field", "d_qaly"}, {"title", "QALYs gained"}, {"format", ",.2f"}},
                        money_tooltip("d_cost", "Extra cost")})}}}}});
  c.spec = spec;
  return c;
}

Chart chart_ceac(const Page& page) {
  Chart c{"chart-ceac", "Cost-effectiveness acceptability curve",
          "How likely each option is to be the best value, depending on the most you would pay for "
          "one QALY. Dashed "
          "lines mark the thresholds used in this report.",
          nullptr, ""};
  if (!page.ranges.shown)
    return c;  // with too few runs the curve is a step from 0 to 100%, not a probability
  json values = json::array();
  std::map<std::string, std::vector<double>> by_option;
  std::vector<std::string> order;
  for (const json& row : array_at(page.doc, "ceac")) {
    const auto lambda = number_at(row, "lambda");
    const auto p = number_at(row, "p");
    if (!lambda || !p) continue;
    const std::string label = page.labels.scenario(text_at(row, "option"));
    values.push_back({{"option", label}, {"lambda", *lambda}, {"p", *p}});
    if (!by_option.count(label)) order.push_back(label);
    by_option[label].push_back(*p);
  }
  if (values.empty()) return c;
  const Colours colours = page.colours.only_in(values);
  // Threshold labels at staggered heights, one row each, so neighbouring labels never overprint.
  json rules = json::array();
  for (size_t i = 0; i < page.thresholds.size(); ++i)
    rules.push_back({{"lambda", page.thresholds[i]},
                     {"label", short_money(page.thresholds[i])},
                     {"row", static_cast<int>(i)}});
  const json x = {{"field", "lambda"},
                  {"type", "quantitative"},
                  {"title", "Most the commissioner would pay for one QALY (£)"},
                  {"axis", {{"format", "$~s"}, {"labelExpr", kMoneyLabels}}}};
  json spec = base_spec();
  spec["width"] = 560;
  spec["height"] = 280;
  spec["layer"] = json::array(
      {{{"data", {{"values", rules}}},
        {"mark", {{"type", "rule"}, {"color", "#999"}, {"strokeDash", {6, 4}}}},
        {"encoding", {{"x", x}}}},
       {{"data", {{"values", rules}}},
        {"transform", json::array({{{"calculate", "0.97 - 0.07 * datum.row"}, {"as", "y"}}})},
        {"mark",
         {{"type", "text"}, {"align", "left"}, {"dx", 3}, {"color", "#555"}, {"fontSize", 11}}},
        {"encoding",
         {{"x", x},
          {"y", {{"field", "y"}, {"type", "quantitative"}}},
          {"text", {{"field", "label"}}}}}},
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
  // The text layer's y has no axis of its own: it shares the probability scale.
  spec["layer"][1]["encoding"]["y"]["scale"] = {{"domain", {0, 1}}};
  spec["layer"][1]["encoding"]["y"]["axis"] = nullptr;
  c.spec = spec;
  std::vector<std::pair<std::string, std::vector<double>>> series;
  for (const auto& name : order) series.emplace_back(name, by_option[name]);
  c.caption = coinciding_caption(coinciding(series), "");
  return c;
}

Chart chart_equity(const Page& page, const std::string& dimension) {
  const bool imd = dimension == "imd_quintile";
  Chart c{imd ? "chart-equity-imd" : "chart-equity-council",
          imd ? "By deprivation (IMD quintile)" : "By council",
          imd ? "Net cost, health gained and net monetary benefit for each fifth of areas."
              : "Net cost, health gained and net monetary benefit in each council area.",
          nullptr, ""};
  const double first = page.thresholds.front();
  struct Measure {
    std::string key, title;
    bool money;
  };
  const std::vector<Measure> measures = {
      {"net_cost", "Net cost (£)", true},
      {"qalys_gained", "QALYs gained", false},
      {threshold_key(first), "Net benefit at " + short_money(first) + "/QALY (£)", true}};
  json values = json::array();
  std::vector<std::string> seen_groups;
  for (const json& option : array_at(page.doc, "options"))
    for (const json& row : array_at(option, "equity")) {
      if (text_at(row, "dimension") != dimension) continue;
      const std::string group = text_at(row, "group");
      if (std::find(seen_groups.begin(), seen_groups.end(), group) == seen_groups.end())
        seen_groups.push_back(group);
      for (const Measure& m : measures) {
        const json& cell = member(row, m.key);
        json v = {{"option", page.labels.option(option)},
                  {"group", group},
                  {"measure", m.key},
                  {"mean", member(cell, "mean")}};
        if (page.ranges.shown) v["low"] = member(cell, "low"), v["high"] = member(cell, "high");
        values.push_back(v);
      }
    }
  if (values.empty()) return c;
  const Colours colours = page.colours.only_in(values);
  const size_t n_options = std::max<size_t>(1, colours.domain.size());
  const auto height =
      static_cast<int>(std::max<size_t>(120, seen_groups.size() * (n_options * 10 + 8)));
  json charts = json::array();
  for (size_t i = 0; i < measures.size(); ++i) {
    const Measure& m = measures[i];
    json xaxis = {{"title", m.title}, {"tickCount", 4}};
    if (m.money) xaxis["format"] = "$~s", xaxis["labelExpr"] = kMoneyLabels;
    json yenc = {
        {"field", "group"}, {"type", "nominal"}, {"sort", seen_groups}, {"title", nullptr}};
    if (i > 0) yenc["axis"] = {{"labels", false}, {"ticks", false}};
    const json yoff = {{"field", "option"}, {"type", "nominal"}, {"sort", colours.domain}};
    json layers =
        json::array({{{"mark", "bar"},
                      {"encoding",
                       {{"y", yenc},
                        {"yOffset", yoff},
                        {"x", {{"field", "mean"}, {"type", "quantitative"}, {"axis", xaxis}}},
                        {"color", option_colour_encoding(colours)},
                        {"tooltip", json::array({{{"field", "option"}, {"title", "Option"}},
                                                 {{"field", "group"}, {"title", "Group"}},
                                                 {{"field", "mean"},
                                                  {"title", "Average"},
                                                  {"format", m.money ? "$,.0f" : ",.2f"}}})}}}}});
    if (page.ranges.shown)
      layers.push_back({{"mark", {{"type", "rule"}, {"color", "#222"}}},
                        {"encoding",
                         {{"y", yenc},
                          {"yOffset", yoff},
                          {"x", {{"field", "low"}, {"type", "quantitative"}}},
                          {"x2", {{"field", "high"}}}}}});
    charts.push_back(
        {{"width", 160},
         {"height", height},
         {"transform", json::array({{{"filter", {{"field", "measure"}, {"equal", m.key}}}},
                                    {{"filter", "isValid(datum.mean)"}}})},
         {"layer", layers}});
  }
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["hconcat"] = charts;
  spec["spacing"] = 16;
  c.spec = spec;
  return c;
}

Chart chart_outcomes_by_group(const Page& page) {
  Chart c{"chart-outcomes-by-group", "Outcomes by deprivation and council", "", nullptr, ""};
  json values = json::array(), outcomes = json::array();
  for (const json& option : array_at(page.doc, "options"))
    for (const json& row : array_at(option, "outcomes_by_group")) {
      if (!number_at(row, "mean")) continue;  // suppressed
      const std::string outcome = page.labels.outcome(text_at(row, "outcome"));
      if (std::find(outcomes.begin(), outcomes.end(), outcome) == outcomes.end())
        outcomes.push_back(outcome);
      const std::string dim = text_at(row, "dimension");
      json v = {{"option", page.labels.option(option)},
                {"outcome", outcome},
                {"dimension", dim == "imd_quintile" ? "By IMD quintile" : "By council"},
                {"group", text_at(row, "group")},
                {"mean", member(row, "mean")}};
      if (page.ranges.shown) v["low"] = member(row, "low"), v["high"] = member(row, "high");
      values.push_back(v);
    }
  if (values.empty()) return c;
  const Colours colours = page.colours.only_in(values);
  const json y = {{"field", "group"}, {"type", "nominal"}, {"title", nullptr}};
  const json yoff = {{"field", "option"}, {"type", "nominal"}, {"sort", colours.domain}};
  json layers = json::array(
      {{{"mark", "bar"},
        {"encoding",
         {{"y", y},
          {"yOffset", yoff},
          {"x", {{"field", "mean"}, {"type", "quantitative"}, {"title", "Difference"}}},
          {"color", option_colour_encoding(colours)},
          {"tooltip",
           json::array({{{"field", "option"}, {"title", "Option"}},
                        {{"field", "group"}, {"title", "Group"}},
                        {{"field", "mean"}, {"title", "Difference"}, {"format", ",.1f"}}})}}}}});
  if (page.ranges.shown)
    layers.push_back({{"mark", {{"type", "rule"}, {"color", "#222"}}},
                      {"encoding",
                       {{"y", y},
                        {"yOffset", yoff},
                        {"x", {{"field", "low"}, {"type", "quantitative"}}},
                        {"x2", {{"field", "high"}}}}}});
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["params"] = json::array(
      {{{"name", "outcome_shown"},
        {"value", outcomes.front()},
        {"bind", {{"input", "select"}, {"options", outcomes}, {"name", "Outcome: "}}}}});
  spec["transform"] = json::array({{{"filter", "datum.outcome == outcome_shown"}}});
  spec["facet"] = {{"column", {{"field", "dimension"}, {"type", "nominal"}, {"title", nullptr}}}};
  spec["spec"] = {{"width", 210}, {"height", {{"step", 9}}}, {"layer", layers}};
  spec["resolve"] = {{"scale", {{"y", "independent"}, {"x", "independent"}}}};
  c.spec = spec;
  return c;
}

Chart chart_tornado(const Page& page) {
  Chart c{"chart-tornado", "One number at a time (tornado diagram)",
          "Each bar shows the net present value to the public purse when one uncertain number is "
          "set to the low or the "
          "high end of its plausible range, every other number at its central value. The line is "
          "the value with every "
          "number at its central value; the longest bars, at the top, are the numbers the answer "
          "depends on most.",
          nullptr, ""};
  json values = json::array();
  for (const json& option : array_at(page.doc, "options"))
    for (const json& row : array_at(option, "one_way")) {
      const json& npv = member(member(row, "metrics"), "npv");
      const auto base = number_at(npv, "base"), low = number_at(npv, "low"),
                 high = number_at(npv, "high");
      if (!base || !low || !high) continue;
      // The whole label, wrapped onto lines of 34 characters: never cut.
      const std::string label = wrap(
          text_at(row, "label") + " (" + format_number(number_at(row, "value_low").value_or(0)) +
              " to " + format_number(number_at(row, "value_high").value_or(0)) + ")",
          34);
      for (const bool at_high : {false, true})
        values.push_back(
            {{"option", page.labels.option(option)},
             {"parameter", label},
             {"end", at_high ? "high value" : "low value"},
             {"value", number_at(row, at_high ? "value_high" : "value_low").value_or(0)},
             {"npv", at_high ? *high : *low},
             {"base", *base},
             {"swing", std::abs(*high - *low)}});
    }
  if (values.empty()) return c;
  const json y = {
      {"field", "parameter"},
      {"type", "nominal"},
      {"title", nullptr},
      {"axis", {{"labelLimit", 0}, {"labelExpr", kSplitLines}, {"labelLineHeight", 13}}},
      {"sort", {{"field", "swing"}, {"op", "max"}, {"order", "descending"}}}};
  const json yoff = {{"field", "end"}, {"type", "nominal"}, {"sort", {"low value", "high value"}}};
  json spec = base_spec();
  spec["data"] = {{"values", values}};
  spec["facet"] = {
      {"row",
       {{"field", "option"},
        {"type", "nominal"},
        {"title", nullptr},
        {"sort", page.colours.domain},
        {"header", {{"labelAngle", 0}, {"labelAlign", "left"}, {"labelOrient", "top"}}}}}};
  spec["spec"] = {
      {"width", 380},
      {"height", {{"step", 24}}},
      {"layer",
       json::array(
           {{{"mark", "bar"},
             {"encoding",
              {{"y", y},
               {"yOffset", yoff},
               {"x",
                {{"field", "npv"},
                 {"type", "quantitative"},
                 {"axis", money_axis("Net present value (£)")}}},
               {"x2", {{"field", "base"}}},
               {"color",
                {{"field", "end"},
                 {"type", "nominal"},
                 {"title", "Number at its"},
                 {"scale",
                  {{"domain", {"low value", "high value"}}, {"range", {"#4c78a8", "#f58518"}}}}}},
               {"tooltip",
                json::array({{{"field", "end"}, {"title", "At its"}},
                             {{"field", "value"}, {"title", "Value"}, {"format", ",.4~g"}},
                             money_tooltip("npv", "Net present value"),
                             money_tooltip("base", "At central values")})}}}},
            {{"mark", {{"type", "rule"}, {"color", "#222"}}},
             {"encoding",
              {{"x", {{"field", "base"}, {"type", "quantitative"}, {"aggregate", "mean"}}}}}}})}};
  spec["resolve"] = {{"scale", {{"y", "independent"}}}};
  c.spec = spec;
  return c;
}

}  // namespace civicsim::report::detail
