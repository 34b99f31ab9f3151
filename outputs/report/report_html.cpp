// The page: the first page (report_first_page.cpp), then the detail a reader may want behind it. The
// charts are in report_charts.cpp; shared reading, labels and formats in report_common.cpp.
#include "outputs/report/report_html.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <stdexcept>
#include <vector>

#include "outputs/report/report_common.hpp"
#include "outputs/report/vega_assets.hpp"

namespace civicsim::report {
namespace {

using namespace detail;

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
// The headline table.

enum class Kind { money, ratio, percent, qalys, year, icer, probability };

struct Metric {
  std::string key;
  std::string label;
  std::string explanation;
  Kind kind;
  bool always = false;          // shown even when no option has it (a core figure)
  std::string fallback_key{};   // the same figure's name in older documents
};

std::string format_year(double v) { return std::to_string(std::llround(v)); }

const json& metric_cell(const json& headline, const Metric& m) {
  const json& cell = member(headline, m.key);
  if (cell.is_null() && !m.fallback_key.empty()) return member(headline, m.fallback_key);
  return cell;
}

std::vector<std::pair<std::string, std::vector<Metric>>> headline_metrics(const Page& page) {
  const std::string base = page.baseline_label;
  std::vector<Metric> savings;
  // Savings by payer: the payers the document names, else the four every scenario has.
  std::vector<std::string> payers;
  for (const auto& [id, _] : member(member(page.doc, "labels"), "payers").items()) payers.push_back(id);
  if (payers.empty()) payers = {"nhs", "council_childrens_services", "housing", "other"};
  for (const std::string& p : payers)
    savings.push_back({"savings_" + p, "Savings to " + page.labels.payer(p),
                       "Spending by this payer that the option avoids, after optimism bias.", Kind::money});
  std::vector<Metric> benefits = {
      {"pv_benefits", "All benefits", "Fiscal, economic and social value together, after optimism bias.", Kind::money, true},
      {"pv_cashable", "Cashable savings", "Savings a budget holder can take out (for example placements not bought).",
       Kind::money},
      {"pv_non_cashable", "Non-cashable savings", "Capacity freed rather than money released (for example GP time).",
       Kind::money},
      {"pv_fiscal", "Fiscal value", "Savings to public budgets.", Kind::money, false, "savings_total"},
      {"pv_economic", "Economic value", "Value to the wider economy, such as working time.", Kind::money},
      {"pv_social", "Social value", "Health gained valued in money, and other social benefits.", Kind::money},
      {"pv_benefit_optimism_bias", "Optimism bias taken off benefits",
       "The correction for optimism by each benefit's confidence grade (already taken off the figures above).", Kind::money}};
  benefits.insert(benefits.end(), savings.begin(), savings.end());
  std::vector<Metric> net = {
      {"npsv", page.labels.metric("npsv", "Net present social value"), "All benefits minus all costs (HM Treasury Green Book).",
       Kind::money, true},
      {"npv_fiscal", page.labels.metric("npv_fiscal", "Net present value to the public purse"),
       "Fiscal savings minus all costs. Above zero: the option pays for itself in public money.", Kind::money, true, "npv"},
      {"bcr", page.labels.metric("bcr", "Benefit-cost ratio"),
       "All benefits per £1 of cost, both gross present values. Above 1: benefits exceed costs.", Kind::ratio, true},
      {"bcr_fiscal", "Benefit-cost ratio, public purse", "Fiscal savings per £1 of cost.", Kind::ratio},
      {"roi", "Return on investment", "Net fiscal saving as a share of the cost: 20% means every £1 comes back as £1.20.",
       Kind::percent},
      {"payback_year", "Payback year", "First financial year from which the public purse's cumulative net stays above zero.",
       Kind::year}};
  if (page.ranges.shown) {
    net.push_back({"p_npsv_positive", "Chance benefits exceed costs", "Share of model runs with a positive net present social value.",
                   Kind::probability});
    net.push_back({"p_roi_positive", "Chance the public purse gains", "Share of model runs in which fiscal savings exceed the cost.",
                   Kind::probability});
  }
  std::vector<Metric> value;
  value.push_back({"net_cost", "Net cost", "Costs minus fiscal and economic savings: the NICE incremental cost.", Kind::money});
  value.push_back({"icer", "Cost per QALY against " + base,
                   "The incremental cost-effectiveness ratio: extra net cost for each extra QALY, each option against " + base +
                       ". The efficiency frontier's cost per QALY is against the previous option on the frontier instead, "
                       "so the two differ.",
                   Kind::icer, true});
  for (const double t : page.thresholds)
    value.push_back({threshold_key(t), "Net monetary benefit at " + format_money(t) + " per QALY",
                     "Health gained valued at " + format_money(t) + " per QALY, minus the net cost.", Kind::money});
  return {
      {"Costs (present value)",
       {{"pv_costs", "All costs", "The option's own costs with optimism bias, and extra spending it causes in services.",
         Kind::money, true, "intervention_cost"},
        {"pv_intervention_cost", "The option's own cost", "Before the optimism-bias allowance.", Kind::money},
        {"pv_optimism_bias", "Optimism bias on it", "HM Treasury's allowance for costs overrunning, by cost category.",
         Kind::money},
        {"pv_induced_costs", "Extra spending in services", "Services the option causes more of (for example more early help).",
         Kind::money}}},
      {"Benefits (present value)", benefits},
      {"Net value", net},
      {"Health", {{"qalys_gained", "Health gained (QALYs)", "Quality-adjusted life years: one year in full health is 1 QALY.",
                   Kind::qalys, true}}},
      {"Value for money", value}};
}

std::string headline_cell(const json& headline, const Metric& m, bool ranges, const std::vector<std::string>& years) {
  const json& cell = metric_cell(headline, m);
  switch (m.kind) {
    case Kind::money: return interval_html(cell, format_money, ranges);
    case Kind::ratio:
    case Kind::qalys: return interval_html(cell, format_number, ranges);
    case Kind::percent: return interval_html(cell, format_percent, ranges);
    case Kind::probability: {
      const auto p = number_at(cell, "mean");
      return p ? "<span class=\"mean\">" + html_escape(format_percent(*p)) + "</span>" : kNotAvailable;
    }
    case Kind::year: {
      const json& mean = member(cell, "mean");
      if (mean.is_string()) return "<span class=\"mean\">" + html_escape(mean.get<std::string>()) + "</span>";
      if (mean.is_number()) return interval_html(cell, format_year, ranges);
      if (!cell.is_object()) return kNotAvailable;
      return "<span class=\"mean words\">" + html_escape(years.empty() ? "Not within the period" : "Not by " + years.back()) +
             "</span>";
    }
    case Kind::icer: {
      const std::string status = text_at(headline, "icer_status");
      if (status == "dominant")
        return "<span class=\"mean good\">Dominant</span> <span class=\"sub\">(costs less, improves health)</span>";
      if (status == "dominated")
        return "<span class=\"mean bad\">Dominated</span> <span class=\"sub\">(costs more, worse health)</span>";
      if (status == "no_difference") return "<span class=\"mean\">No difference</span>";
      if (!number_at(cell, "mean")) return kNotAvailable;
      if (status == "less_costly_less_effective")
        return interval_html(cell, format_money, ranges) + " <span class=\"unit\">saved per QALY lost</span>";
      return interval_html(cell, format_money, ranges) + " <span class=\"unit\">per QALY</span>";
    }
  }
  return kNotAvailable;
}

bool any_option_has(const json& options, const Metric& m) {
  return std::any_of(options.begin(), options.end(),
                     [&](const json& o) { return !metric_cell(member(o, "headline"), m).is_null(); });
}

// ---------------------------------------------------------------------------------------------
// Text.

std::string discounting_text(const json& settings) {
  const std::string scheme = text_at(settings, "discounting");
  const auto cost_rate = number_at(settings, "cost_rate");
  const auto health_rate = number_at(settings, "health_rate");
  std::string name = scheme == "green_book" ? "HM Treasury Green Book rates"
                     : scheme == "nice"     ? "NICE reference-case rates"
                     : scheme == "custom"   ? "rates chosen for this evaluation"
                     : scheme.empty()       ? "rates not stated"
                                            : words_of(scheme);
  return "Future costs are discounted at " + (cost_rate ? percent_rate(*cost_rate) : std::string("an unstated rate")) +
         " a year and health at " + (health_rate ? percent_rate(*health_rate) : std::string("an unstated rate")) +
         " a year (" + name + "): a pound spent, or a year of health gained, in the future counts for a little less "
         "than one today.";
}

std::string price_basis(const json& settings) {
  if (std::string basis = text_at(settings, "price_basis"); !basis.empty()) return basis;
  const std::string year = text_at(settings, "price_year");
  return year.empty() ? "" : "All money is in " + year + " prices.";
}

std::string list_money(const std::vector<double>& values) {
  std::vector<std::string> items;
  for (const double v : values) items.push_back(format_money(v));
  return list_words(items);
}

std::string paragraphs(const std::string& text) {
  std::string out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find("\n\n", start);
    if (end == std::string::npos) end = text.size();
    const std::string para = text.substr(start, end - start);
    if (para.find_first_not_of(" \n\t\r") != std::string::npos) out += "<p>" + html_escape(para) + "</p>";
    start = end + 2;
  }
  return out.empty() ? "<p class=\"muted\">None stated.</p>" : out;
}

// A chart with its heading, words, legend (inside the chart) and caption, kept together.
std::string chart_html(const Chart& c, json& specs) {
  if (c.spec.is_null()) return "";
  specs[c.id] = c.spec;
  return "<figure class=\"chart-block\">\n<h3>" + html_escape(c.heading) + "</h3>\n" +
         (c.words.empty() ? "" : "<p>" + c.words + "</p>\n") + "<div class=\"chart\" id=\"" + c.id +
         "\" role=\"img\" aria-label=\"" + html_escape(c.heading) + "\"></div>\n" + c.caption + "</figure>\n";
}

// One line of the appraisal summary table, in words: "Saving, cashable, fiscal (confidence grade 2)".
std::string accounting_kind(const json& row, const json& settings) {
  const std::string kind = text_at(row, "kind");
  const auto ob = number_at(row, "optimism_bias");
  const auto grade = number_at(row, "confidence_grade");
  const std::string grade_text = grade ? "confidence grade " + std::to_string(std::llround(*grade)) : "";
  const std::string value = text_at(row, "value");
  if (kind == "intervention") return "The option's own cost";
  if (kind == "optimism_bias") return "Optimism bias" + (ob ? " at " + format_percent(*ob) : std::string());
  if (kind == "induced") return "Extra spending caused in services";
  if (kind == "qalys") {
    const auto qv = number_of(member(settings, "qaly_value"));
    return "Health gained, valued" + (qv ? " at " + format_money(*qv) + " per QALY" : std::string()) +
           (grade ? " (" + grade_text + ")" : "");
  }
  if (kind == "benefit_optimism_bias")
    return "Optimism bias on the benefit" + (ob ? " at " + format_percent(*ob) : std::string()) +
           (grade ? " (" + grade_text + ")" : "");
  if (kind == "saving") {
    std::string s = "Saving";
    if (member(row, "cashable").is_boolean()) s += member(row, "cashable").get<bool>() ? ", cashable" : ", non-cashable";
    if (!value.empty()) s += ", " + value;
    if (grade) s += " (" + grade_text + ")";
    return s;
  }
  return capitalise(words_of(kind));
}

const char* const kStyle = R"css(
:root { --ink:#1d2430; --muted:#5b6573; --rule:#d8dde4; --band:#f4f6f9; --accent:#0b4f8a; --good:#116b3a; --bad:#a0281e; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; }
main { max-width: 1120px; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
header.page { border-bottom: 3px solid var(--accent); padding-bottom: .6rem; margin-bottom: .8rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .78rem; color: var(--muted); margin: 0; }
h1 { font-size: 1.8rem; line-height: 1.2; margin: .3rem 0 .4rem; }
h2 { font-size: 1.4rem; margin: 2.4rem 0 .6rem; padding-top: .4rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1.08rem; margin: 1.2rem 0 .3rem; }
p { margin: .45rem 0; max-width: 80ch; }
/* A long unbroken string (an address, a file name) breaks rather than widening the page. */
p, li, dd { overflow-wrap: anywhere; }
.question { font-size: 1.1rem; font-weight: 600; max-width: 75ch; margin: .2rem 0; }
.muted, .meta { color: var(--muted); }
.sampling { background: #fff4d6; border-left: 4px solid #b7791f; padding: .45rem .8rem; margin: .6rem 0; max-width: none; }
.lede { margin: .4rem 0; }
nav.toc ol { columns: 2; padding-left: 1.2rem; margin: .4rem 0; }
nav.toc a { color: var(--accent); }
dl.settings { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .35rem 1.2rem; margin: .8rem 0; }
dl.settings dt { font-weight: 600; }
dl.settings dd { margin: 0; max-width: 80ch; min-width: 0; }
.callout { background: var(--band); border-left: 4px solid var(--accent); padding: .8rem 1rem; margin: 1rem 0; }
ul.findings li { margin: .35rem 0; }
.options { display: grid; grid-template-columns: repeat(auto-fit, minmax(240px, 1fr)); gap: 1rem; }
article.option { border: 1px solid var(--rule); border-radius: 6px; padding: .6rem 1rem 1rem; border-top: 5px solid var(--swatch, var(--accent)); min-width: 0; }
article.option h3 { margin-top: .4rem; }
details { margin-top: .5rem; }
summary { cursor: pointer; color: var(--accent); font-weight: 600; }
code { font-size: .9em; background: var(--band); padding: 0 .25em; border-radius: 3px; overflow-wrap: anywhere; }
/* Tables fit their column: cells wrap between figures, never inside one. */
.table-wrap { margin: .8rem 0; max-width: 100%; }
table { border-collapse: collapse; width: 100%; font-size: .92rem; }
th, td { padding: .4rem .5rem; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; overflow-wrap: break-word; }
thead th { border-bottom: 2px solid var(--ink); vertical-align: bottom; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.mean, .fig, .range { white-space: nowrap; }
.mean.words { white-space: normal; }
.range { display: block; white-space: normal; font-size: .8rem; color: var(--muted); }
tbody tr.group th { background: var(--band); font-size: .78rem; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
th .explain { display: block; font-weight: normal; font-size: .8rem; color: var(--muted); }
.sub, .line { display: block; font-size: .84rem; }
.sub { color: var(--muted); }
.unit { font-size: .8rem; color: var(--muted); }
.mean { font-weight: 600; }
.good { color: var(--good); } .bad { color: var(--bad); }
.na { color: var(--muted); font-style: italic; }
.suppressed { font-weight: 600; color: var(--muted); border-bottom: 1px dotted var(--muted); cursor: help; }
.swatch { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .35em; vertical-align: baseline; }
figure.chart-block { margin: 1rem 0 1.6rem; }
figure.chart-block figcaption { font-size: .92rem; }
.chart { margin: .4rem 0; max-width: 100%; overflow: hidden; min-height: 60px; }
.caption { font-size: .88rem; color: var(--muted); margin: .2rem 0; }
.caption.coincide { color: var(--ink); background: var(--band); padding: .3rem .6rem; }
.first-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(280px, 1fr)); gap: 1rem; }
.box { border: 1px solid var(--rule); border-radius: 6px; padding: .2rem .9rem .5rem; min-width: 0; }
.box h2 { border: 0; margin: .4rem 0 .2rem; font-size: 1.05rem; padding: 0; }
.box p, .box li { font-size: .9rem; margin: .25rem 0; }
.box ul { padding-left: 1.1rem; margin: .2rem 0; }
table.glance th[scope=row] { width: 22%; }
.status-on-frontier, .status-frontier { color: var(--good); font-weight: 600; }
.status-dominated, .status-extendedly-dominated { color: var(--bad); }
ol.sources li, ul.assumptions li { margin: .3rem 0; overflow-wrap: anywhere; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--rule); color: var(--muted); font-size: .85rem; }
@page { size: A4; margin: 10mm 11mm; }
@media print {
  html { font-size: 8.5pt; }
  body { font-size: 1rem; line-height: 1.3; }
  main { max-width: none; padding: 0; }
  nav.toc, noscript, summary { display: none; }
  .first-page { break-after: page; }
  .first-page h1 { font-size: 1.6rem; }
  .first-page .question { font-size: 1.05rem; }
  .first-page table { font-size: .85rem; }
  .first-page table.glance th[scope=row] { width: 13%; }
  .first-page .explain { display: none; }
  .first-page .sub, .first-page .line { font-size: .8rem; }
  .first-page th, .first-page td { padding: .15rem .3rem; }
  .first-page .sampling, .first-page .lede { margin: .3rem 0; }
  .first-page figure.chart-block { margin: .2rem 0; }
  .first-page .box h2 { font-size: 1.05rem; }
  .first-page .box p, .first-page .box li { font-size: .75rem; margin: .05rem 0; line-height: 1.2; }
  .first-page .first-grid { gap: .5rem; }
  table { font-size: .92rem; }
  h2 { break-after: avoid; margin-top: 1.2rem; }
  h3 { break-after: avoid; }
  tr, figure.chart-block, .box, article.option { break-inside: avoid; }
}
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

// Printing shows every collapsed table: the browser prints only what is open.
const char* const kPrintScript =
    "window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true;});});";

}  // namespace

std::string render_report_html(const nlohmann::json& doc) {
  if (!doc.is_object()) throw std::invalid_argument("evaluation document: expected a JSON object");
  if (!member(doc, "options").is_array()) throw std::invalid_argument("evaluation document: expected an \"options\" array");

  const json& settings = member(doc, "settings");
  const json& options = array_at(doc, "options");
  const json& baseline = member(doc, "baseline");
  const Labels labels(doc);
  const Page page{doc, labels, option_colours(doc, labels), ranges_of(doc), thresholds_of(doc),
                  baseline.is_object() ? labels.option(baseline) : "the baseline"};
  const std::string& base = page.baseline_label;
  const std::vector<std::string> years = year_labels(doc);
  const auto replications = number_at(settings, "replications");
  const std::string title = text_at(doc, "title", "Economic evaluation");
  json specs = json::object();

  std::string h;
  h.reserve(1 << 20);
  h += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // The page may load nothing from anywhere: everything it needs is inside it.
  h += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline' "
       "'unsafe-eval'; style-src 'unsafe-inline'; img-src data: blob:; font-src data:\">\n";
  h += "<meta name=\"generator\" content=\"civicsim\">\n";
  h += "<title>" + html_escape(title) + "</title>\n<style>" + kStyle + "</style>\n</head>\n<body>\n<main>\n";

  // 1. The first page, printed on its own.
  h += first_page_html(page, specs);
  h += "<noscript><p class=\"callout\">The charts in this report need JavaScript, which is switched off. "
       "The tables show every headline figure.</p></noscript>\n";
  h += "<nav class=\"toc\" aria-label=\"Contents\"><strong>Contents</strong><ol>"
       "<li><a href=\"#first-page\">At a glance</a></li><li><a href=\"#findings\">Key findings</a></li>"
       "<li><a href=\"#settings\">How the evaluation was done</a></li><li><a href=\"#options\">The options</a></li>"
       "<li><a href=\"#headline\">Headline results</a></li><li><a href=\"#accounting\">Appraisal summary tables</a></li>"
       "<li><a href=\"#reach\">Reach and break-even prices</a></li><li><a href=\"#outcomes\">Outcomes</a></li>"
       "<li><a href=\"#over-time\">Change over time</a></li><li><a href=\"#money-by-year\">Money by year</a></li>"
       "<li><a href=\"#cost-effectiveness\">Cost-effectiveness</a></li><li><a href=\"#equity\">Who benefits</a></li>"
       "<li><a href=\"#sensitivity\">Which numbers matter most</a></li><li><a href=\"#frontier\">Efficiency frontier</a></li>"
       "<li><a href=\"#sources\">Assumptions and sources</a></li></ol></nav>\n";

  // 2. Key findings in words.
  h += "<section id=\"findings\"><h2>Key findings</h2><ul class=\"findings\">\n";
  for (const json& option : options) {
    const json& hl = member(option, "headline");
    std::string s = "<li><strong>" + html_escape(labels.option(option)) + "</strong>: ";
    const auto npsv = number_at(member(hl, "npsv"), "mean");
    const auto npv = number_at(member(hl, "npv_fiscal"), "mean") ? number_at(member(hl, "npv_fiscal"), "mean")
                                                                  : number_at(member(hl, "npv"), "mean");
    if (npsv) {
      s += *npsv >= 0 ? "its benefits exceed its costs by " + html_escape(format_money(*npsv))
                      : "its costs exceed its benefits by " + html_escape(format_money(-*npsv));
      s += " (net present social value)";
    } else if (npv) {
      s += *npv >= 0 ? "saves " + html_escape(format_money(*npv)) + " more than it costs"
                     : "costs " + html_escape(format_money(-*npv)) + " more than it saves";
    } else {
      s += "net value not available";
    }
    if (npsv && npv)
      s += "; to the public purse it " + std::string(*npv >= 0 ? "gains " : "costs ") + html_escape(format_money(std::fabs(*npv))) +
           " net";
    if (const auto q = number_at(member(hl, "qalys_gained"), "mean"))
      s += ", and " + std::string(*q >= 0 ? "gains " : "loses ") + html_escape(format_number(std::fabs(*q))) +
           " quality-adjusted life years";
    s += ".";
    const std::string status = text_at(hl, "icer_status");
    if (status == "dominant") s += " It is <em>dominant</em>: cheaper than " + html_escape(base) + " and no worse for health.";
    else if (status == "dominated") s += " It is <em>dominated</em>: dearer than " + html_escape(base) + " and worse for health.";
    else if (const auto icer = number_at(member(hl, "icer"), "mean"); icer && status == "more_costly_more_effective")
      s += " Each QALY gained costs " + html_escape(format_money(*icer)) + " against " + html_escape(base) + ".";
    h += s + "</li>\n";
  }
  h += "</ul></section>\n";

  // 3. How the evaluation was done.
  h += "<section id=\"settings\"><h2>How the evaluation was done</h2>\n<dl class=\"settings\">\n";
  h += "<dt>Compared with</dt><dd>" + html_escape(base) +
       (text_at(baseline, "description").empty() ? "" : ": " + html_escape(text_at(baseline, "description"))) + "</dd>\n";
  {
    const json& appraisal = member(settings, "appraisal");
    std::string period;
    if (!years.empty()) {
      period = "Financial years " + years.front() + (years.size() > 1 ? " to " + years.back() : "") + " (" +
               std::to_string(years.size()) + " year" + (years.size() == 1 ? "" : "s") + ")";
      if (const std::string start = text_at(appraisal, "start"); !start.empty())
        period += ", from " + long_date(start) + "; money is discounted to that start";
      if (const std::string warm = text_at(appraisal, "warm_up_from"); !warm.empty())
        period += ". The model starts in " + long_date(warm) + " to settle; the months before the appraisal are not counted";
    } else {
      const int horizon = static_cast<int>(number_at(settings, "horizon_years").value_or(0));
      if (const std::string start = text_at(settings, "start"); !start.empty()) period = "From " + long_date(start);
      if (horizon > 0) period += (period.empty() ? "" : ", ") + std::string("over ") + std::to_string(horizon) + " years";
    }
    if (!period.empty()) h += "<dt>Period</dt><dd>" + html_escape(period) + ".</dd>\n";
  }
  h += "<dt>Discounting</dt><dd>" + html_escape(discounting_text(settings)) + "</dd>\n";
  if (const std::string basis = price_basis(settings); !basis.empty()) h += "<dt>Prices</dt><dd>" + html_escape(basis) + "</dd>\n";
  {
    std::string health = "Results are shown at " + list_money(page.thresholds) +
                         " per QALY. A threshold is the most it is considered worth paying for one quality-adjusted life "
                         "year: NICE usually uses £20,000 to £30,000.";
    if (const auto qv = number_of(member(settings, "qaly_value")))
      health += " The social value counts each QALY at " + format_money(*qv) + " (HM Treasury Green Book).";
    h += "<dt>Value of health</dt><dd>" + html_escape(health) + "</dd>\n";
  }
  {
    const json& ob = member(settings, "optimism_bias");
    std::vector<std::string> costs, grades;
    for (const auto& [category, v] : member(ob, "costs").items())
      if (const auto x = number_of(v)) costs.push_back(words_of(category) + " " + format_percent(*x));
    for (const auto& [grade, v] : member(ob, "benefits_by_confidence_grade").items())
      if (const auto x = number_of(v)) grades.push_back("grade " + grade + " " + format_percent(*x));
    if (!costs.empty() || !grades.empty()) {
      std::string s;
      if (!costs.empty()) s += "Costs are raised by the Green Book's optimism bias for their category: " + list_words(costs) + ". ";
      if (!grades.empty())
        s += "Benefits are lowered by the confidence grade of their evidence (1 best, 6 weakest): " + list_words(grades) + ".";
      h += "<dt>Optimism bias</dt><dd>" + html_escape(s) + "</dd>\n";
    }
  }
  h += "<dt>Uncertainty</dt><dd>" + html_escape(page.ranges.text) +
       (replications ? " The model was run " + std::to_string(std::llround(*replications)) +
                           (std::llround(*replications) == 1 ? " time." : " times.")
                     : std::string()) +
       "</dd>\n";
  h += "</dl>\n<div class=\"callout\"><p><strong>How to read this report.</strong> Each option is compared with " +
       html_escape(base) +
       ". Costs are what the option itself costs, with an allowance for overruns (optimism bias), and any extra "
       "spending it causes in services. Benefits are spending avoided (cashable when a budget can release it), value "
       "to the wider economy, and health valued in money. The net present social value is benefits minus costs; the "
       "benefit-cost ratio is benefits per £1 of cost. Health is counted in quality-adjusted life years (QALYs).";
  if (page.ranges.shown) h += " Where a range is shown, it is introduced above: " + html_escape(page.ranges.text);
  h += "</p></div>\n</section>\n";

  // 4. Options.
  h += "<section id=\"options\"><h2>The options</h2>\n<div class=\"options\">\n";
  auto option_card = [&](const json& o, const std::string& kicker) {
    const std::string label = labels.option(o);
    std::string s = "<article class=\"option\" style=\"--swatch: " + page.colours.of(label) + "\">";
    s += "<p class=\"kicker\">" + html_escape(kicker) + "</p><h3>" + html_escape(label) + "</h3>";
    s += paragraphs(text_at(o, "description"));
    s += "<details><summary>Assumptions</summary>" + paragraphs(text_at(o, "assumptions")) + "</details></article>\n";
    return s;
  };
  if (baseline.is_object()) h += option_card(baseline, "Comparator");
  for (const json& option : options) h += option_card(option, "Option");
  h += "</div>\n</section>\n";

  // 5. Headline table.
  h += "<section id=\"headline\"><h2>Headline results</h2>\n";
  h += "<p>Each option compared with " + html_escape(base) + ". Money is discounted to the start of the appraisal. " +
       html_escape(page.ranges.text) + "</p>\n";
  h += "<div class=\"table-wrap\"><table class=\"headline\" id=\"headline-table\">\n<thead><tr><th scope=\"col\">Measure</th>";
  for (const json& option : options) {
    const std::string label = labels.option(option);
    h += "<th scope=\"col\" class=\"num\"><span class=\"swatch\" style=\"background:" + page.colours.of(label) + "\"></span>" +
         html_escape(label) + "</th>";
  }
  h += "</tr></thead>\n<tbody>\n";
  const std::string columns = std::to_string(options.size() + 1);
  for (const auto& [group, metrics] : headline_metrics(page)) {
    std::string rows;
    for (const Metric& m : metrics) {
      if (!m.always && !any_option_has(options, m)) continue;
      // The document's name for the figure; the ICER's own, which says what it is against.
      const std::string label = m.kind == Kind::icer ? m.label : labels.metric(m.key, m.label);
      rows += "<tr><th scope=\"row\">" + html_escape(label) + "<span class=\"explain\">" + html_escape(m.explanation) +
              "</span></th>";
      for (const json& option : options)
        rows += "<td class=\"num\" data-testid=\"" + html_escape(headline_test_id(m.key, text_at(option, "name"))) + "\">" +
                headline_cell(member(option, "headline"), m, page.ranges.shown, years) + "</td>";
      rows += "</tr>\n";
    }
    if (!rows.empty())
      h += "<tr class=\"group\"><th colspan=\"" + columns + "\" scope=\"colgroup\">" + html_escape(group) + "</th></tr>\n" + rows;
  }
  h += "</tbody></table></div>\n</section>\n";

  // 6. Appraisal summary tables (Green Book): every cost and benefit line, by payer.
  h += "<section id=\"accounting\"><h2>Appraisal summary tables</h2>\n";
  {
    bool any = false;
    for (const json& option : options) {
      const json& rows = array_at(option, "accounting");
      if (rows.empty()) continue;
      any = true;
      h += "<details class=\"accounting\"><summary>" + html_escape(labels.option(option)) +
           "</summary><div class=\"table-wrap\"><table class=\"accounting\">\n<caption class=\"caption\">" +
           html_escape(labels.option(option)) + ": present values, whole population</caption>\n<thead><tr>"
           "<th scope=\"col\">Item</th><th scope=\"col\">Who</th><th scope=\"col\">What</th>"
           "<th scope=\"col\" class=\"num\">Present value</th></tr></thead>\n<tbody>\n";
      for (const char* side : {"cost", "benefit"}) {
        h += std::string("<tr class=\"group\"><th colspan=\"4\" scope=\"colgroup\">") +
             (side == std::string("cost") ? "Costs" : "Benefits") + "</th></tr>\n";
        for (const json& row : rows) {
          if (text_at(row, "side") != side) continue;
          const std::string payer = text_at(row, "payer");
          h += "<tr><th scope=\"row\">" + html_escape(labels.item(text_at(row, "item"))) + "</th><td>" +
               html_escape(payer.empty() ? "Society" : labels.payer(payer)) + "</td><td>" +
               html_escape(accounting_kind(row, settings)) + "</td><td class=\"num\">" +
               interval_html(member(row, "pv"), format_money, page.ranges.shown) + "</td></tr>\n";
        }
      }
      h += "</tbody></table></div></details>\n";
    }
    if (!any) h += "<p class=\"muted\">The evaluation has no appraisal summary table.</p>\n";
  }
  h += "</section>\n";

  // 7. Reach, unit costs and break-even prices, for the region and each council.
  h += "<section id=\"reach\"><h2>Reach and break-even prices</h2>\n";
  {
    std::string all_rows, council_rows;
    for (const json& option : options)
      for (const json& row : array_at(option, "reach")) {
        const std::string what = text_at(row, "unit_label", "units");
        const std::string intervention =
            text_at(row, "label").empty() ? labels.intervention(text_at(row, "intervention")) : text_at(row, "label");
        const bool suppressed = member(row, "suppressed") == true;
        auto cell = [&](const char* key, Format f) {
          return suppressed && number_at(member(row, key), "mean") == std::nullopt ? suppressed_html(doc)
                                                                                  : interval_html(member(row, key), f, page.ranges.shown);
        };
        std::string r = "<tr><td>" + html_escape(labels.option(option)) + "</td><td>" + html_escape(intervention) + "</td>";
        if (text_at(row, "dimension") == "council") r += "<td>" + html_escape(text_at(row, "group")) + "</td>";
        r += "<td class=\"num\">" + cell("units", format_count) + " <span class=\"unit\">" + html_escape(what) +
             "</span></td><td class=\"num\">" + cell("cost", format_money) + "</td><td class=\"num\">" +
             cell("cost_per_unit", format_money) + "</td>";
        if (text_at(row, "dimension") == "council") {
          council_rows += r + "</tr>\n";
          continue;
        }
        const json& be = member(row, "break_even_price");
        auto price = [&](const std::string& key) {
          // No price, or one at or below zero: no positive price breaks even.
          if (!member(be, key).is_number() || member(be, key).get<double>() < 0)
            return std::string("<span class=\"muted\">none</span>");
          return html_escape(format_money(member(be, key).get<double>()));
        };
        r += "<td class=\"num\">" + price("npv_fiscal") + "</td><td class=\"num\">" + price("npsv") + "</td><td class=\"num\">";
        for (const double t : page.thresholds)
          r += "<span class=\"line\">" + html_escape(short_money(t)) + ": " + price("icer_" + std::to_string(std::llround(t))) +
               "</span>";
        all_rows += r + "</td></tr>\n";
      }
    if (all_rows.empty() && council_rows.empty()) {
      h += "<p class=\"muted\">The evaluation records no reach.</p>\n";
    } else {
      h += "<p>Units each option reaches in the appraisal period (more than under " + html_escape(base) +
           "), what they cost (not discounted, with optimism bias) and the cost of each. The break-even price is the price "
           "per unit, before optimism bias, at which the figure named is zero, everything else held: the most a "
           "provider could charge and still break even. &ldquo;None&rdquo;: no positive price breaks even.</p>\n";
      h += "<div class=\"table-wrap\"><table class=\"reach\" id=\"reach-table\">\n<thead><tr><th scope=\"col\">Option</th>"
           "<th scope=\"col\">Intervention</th><th scope=\"col\" class=\"num\">Reach</th><th scope=\"col\" class=\"num\">Cost</th>"
           "<th scope=\"col\" class=\"num\">Cost per unit</th><th scope=\"col\" class=\"num\">Break-even: public purse</th>"
           "<th scope=\"col\" class=\"num\">Break-even: social value</th><th scope=\"col\" class=\"num\">Break-even: cost per "
           "QALY at</th></tr></thead>\n<tbody>\n" + all_rows + "</tbody></table></div>\n";
      if (!council_rows.empty())
        h += "<details><summary>By council</summary><div class=\"table-wrap\"><table class=\"reach-council\">\n<thead><tr>"
             "<th scope=\"col\">Option</th><th scope=\"col\">Intervention</th><th scope=\"col\">Council</th>"
             "<th scope=\"col\" class=\"num\">Reach</th><th scope=\"col\" class=\"num\">Cost</th>"
             "<th scope=\"col\" class=\"num\">Cost per unit</th></tr></thead>\n<tbody>\n" + council_rows +
             "</tbody></table></div></details>\n";
    }
  }
  h += "</section>\n";

  // 8. Outcomes (totals over the period), with disclosure control, and the cost per outcome avoided.
  {
    std::vector<std::pair<std::string, std::string>> outcomes;  // id, unit
    for (const json& option : options)
      for (const json& row : array_at(option, "outcomes")) {
        const std::string id = text_at(row, "outcome");
        if (std::none_of(outcomes.begin(), outcomes.end(), [&](const auto& o) { return o.first == id; }))
          outcomes.emplace_back(id, text_at(row, "unit"));
      }
    h += "<section id=\"outcomes\"><h2>Outcomes</h2>\n";
    if (outcomes.empty()) {
      h += "<p class=\"muted\">The evaluation lists no outcome totals.</p>\n";
    } else {
      h += "<p>Totals over the period: how many more (below zero: fewer) each option brings compared with " + html_escape(base) +
           ", for the whole population.</p>\n";
      h += "<div class=\"table-wrap\"><table class=\"outcomes\" id=\"outcomes-table\">\n<thead><tr><th scope=\"col\">Outcome</th>";
      for (const json& option : options) h += "<th scope=\"col\" class=\"num\">" + html_escape(labels.option(option)) + "</th>";
      h += "</tr></thead>\n<tbody>\n";
      for (const auto& [id, unit] : outcomes) {
        h += "<tr><th scope=\"row\">" + html_escape(labels.outcome(id)) +
             (unit.empty() ? "" : " <span class=\"unit\">(" + html_escape(unit) + ")</span>") + "</th>";
        for (const json& option : options) {
          const json* found = nullptr;
          for (const json& row : array_at(option, "outcomes"))
            if (text_at(row, "outcome") == id) found = &row;
          std::string cell;
          if (!found) cell = kNotAvailable;
          else if (member(*found, "suppressed") == true) cell = suppressed_html(doc);
          else cell = interval_html(*found, format_number, page.ranges.shown);
          h += "<td class=\"num\" data-testid=\"" +
               html_escape(headline_test_id("outcome-" + slug(labels.outcome(id)), text_at(option, "name"))) + "\">" + cell +
               "</td>";
        }
        h += "</tr>\n";
      }
      h += "</tbody></table></div>\n";
    }
    std::string rows;
    for (const json& option : options)
      for (const json& row : array_at(option, "cost_per_outcome")) {
        const bool suppressed = member(row, "suppressed") == true;
        const auto per = number_at(row, "net_cost_per_avoided");
        rows += "<tr><td>" + html_escape(labels.option(option)) + "</td><td>" + html_escape(labels.outcome(text_at(row, "outcome"))) +
                "</td><td class=\"num\">" +
                (suppressed ? suppressed_html(doc) : interval_html(member(row, "avoided"), format_count, page.ranges.shown)) +
                " <span class=\"unit\">" + html_escape(text_at(row, "unit")) + "</span></td><td class=\"num\">" +
                (suppressed ? suppressed_html(doc)
                 : !per     ? kNotAvailable
                 : *per < 0 ? "<span class=\"mean good\">" + html_escape(format_money(-*per)) + "</span> <span class=\"unit\">saved</span>"
                            : "<span class=\"mean\">" + html_escape(format_money(*per)) + "</span>") +
                "</td></tr>\n";
      }
    if (!rows.empty())
      h += "<h3>Net cost per outcome avoided</h3>\n<p>The net cost (costs minus fiscal and economic savings) divided by the "
           "number avoided: what each one avoided costs the public, counting nothing else.</p>\n<div class=\"table-wrap\">"
           "<table class=\"cost-per-outcome\">\n<thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Outcome</th>"
           "<th scope=\"col\" class=\"num\">Avoided</th><th scope=\"col\" class=\"num\">Net cost of each</th></tr></thead>\n"
           "<tbody>\n" + rows + "</tbody></table></div>\n";
    h += "</section>\n";
  }

  // 9. Change over time: one small-multiple chart per process, each with its own legend.
  h += "<section id=\"over-time\"><h2>Change over time</h2>\n<p>The difference each option makes, month by month, compared "
       "with " + html_escape(base) + (page.ranges.shown ? "; the shaded band is the range" : "") +
       ". Below zero means fewer than under " + html_escape(base) + ".</p>\n";
  {
    std::string charts;
    for (const Chart& c : charts_over_time(page)) charts += chart_html(c, specs);
    h += charts.empty() ? "<p class=\"muted\">The evaluation has no outcomes over time.</p>\n" : charts;
  }
  h += "</section>\n";

  // 10. Money by year.
  h += "<section id=\"money-by-year\"><h2>Money by year</h2>\n";
  {
    const std::string c = chart_html(chart_costs_by_payer(page), specs);
    h += c.empty() ? "<p class=\"muted\">The evaluation has no yearly figures.</p>\n" : c;
  }
  h += "</section>\n";

  // 11. Cost-effectiveness.
  h += "<section id=\"cost-effectiveness\"><h2>Cost-effectiveness</h2>\n";
  h += chart_html(chart_ce_plane(page), specs);
  if (page.ranges.shown) {
    h += chart_html(chart_ceac(page), specs);
  } else {
    h += "<h3>Cost-effectiveness acceptability curve</h3>\n<p class=\"muted\" id=\"no-ceac\">Not drawn. " +
         html_escape(page.ranges.text) +
         " With so few runs the curve would only step between 0% and 100%, which would overstate how sure we are.</p>\n";
  }
  h += "</section>\n";

  // 12. Equity.
  h += "<section id=\"equity\"><h2>Who benefits</h2>\n<p>Results split by how deprived an area is (Index of Multiple "
       "Deprivation quintile: 1 is the most deprived fifth of areas, 5 the least) and by council.</p>\n";
  {
    const std::string imd = chart_html(chart_equity(page, "imd_quintile"), specs);
    const std::string council = chart_html(chart_equity(page, "council"), specs);
    h += imd + council;
    if (imd.empty() && council.empty()) h += "<p class=\"muted\">The evaluation has no breakdown by group.</p>\n";
    Chart by_group = chart_outcomes_by_group(page);
    by_group.words = "The change in one outcome (choose it from the list) in each fifth of areas and each council, compared "
                     "with " + html_escape(base) + ", over the whole period.";
    h += chart_html(by_group, specs);
    const std::string first_key = threshold_key(page.thresholds.front());
    std::string rows;
    for (const json& option : options)
      for (const json& row : array_at(option, "equity")) {
        const std::string dim = text_at(row, "dimension");
        rows += "<tr><td>" + html_escape(labels.option(option)) + "</td><td>" +
                html_escape(dim == "imd_quintile" ? "IMD quintile" : dim == "council" ? "Council" : words_of(dim)) +
                "</td><td>" + html_escape(text_at(row, "group")) + "</td><td class=\"num\">" +
                interval_html(member(row, "net_cost"), format_money, page.ranges.shown) + "</td><td class=\"num\">" +
                interval_html(member(row, "qalys_gained"), format_number, page.ranges.shown) + "</td><td class=\"num\">" +
                interval_html(member(row, first_key), format_money, page.ranges.shown) + "</td></tr>\n";
      }
    if (!rows.empty())
      h += "<details><summary>Show these figures as a table</summary><div class=\"table-wrap\"><table class=\"equity\">\n"
           "<thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Split by</th><th scope=\"col\">Group</th>"
           "<th scope=\"col\" class=\"num\">Net cost</th><th scope=\"col\" class=\"num\">QALYs gained</th>"
           "<th scope=\"col\" class=\"num\">Net monetary benefit at " + html_escape(format_money(page.thresholds.front())) +
           "</th></tr></thead>\n<tbody>\n" + rows + "</tbody></table></div></details>\n";
  }
  h += "</section>\n";

  // 13. One-way sensitivity.
  {
    h += "<section id=\"sensitivity\"><h2>Which numbers matter most</h2>\n";
    std::string rows;
    for (const json& option : options)
      for (const json& row : array_at(option, "one_way")) {
        const json& npv = member(member(row, "metrics"), "npv");
        rows += "<tr><td>" + html_escape(labels.option(option)) + "</td><td>" + html_escape(text_at(row, "label")) +
                "</td><td class=\"num\">" + html_escape(format_number(number_at(row, "value_low").value_or(0))) + " to " +
                html_escape(format_number(number_at(row, "value_high").value_or(0))) + "</td><td class=\"num\">" +
                (number_at(npv, "low") ? html_escape(detailed_money(*number_at(npv, "low"))) : kNotAvailable) +
                "</td><td class=\"num\">" +
                (number_at(npv, "high") ? html_escape(detailed_money(*number_at(npv, "high"))) : kNotAvailable) + "</td></tr>\n";
      }
    if (rows.empty()) {
      h += "<p class=\"muted\">No one-way sensitivity analysis was run: name numbers under "
           "<code>uncertainty/one_way</code> in the scenario to see which of them the answer depends on.</p>\n";
    } else {
      h += chart_html(chart_tornado(page), specs);
      h += "<details><summary>Show these figures as a table</summary><div class=\"table-wrap\"><table class=\"one-way\">\n"
           "<thead><tr><th scope=\"col\">Option</th><th scope=\"col\">Number</th><th scope=\"col\" class=\"num\">Range</th>"
           "<th scope=\"col\" class=\"num\">Net present value at the low end</th>"
           "<th scope=\"col\" class=\"num\">at the high end</th></tr></thead>\n<tbody>\n" + rows +
           "</tbody></table></div></details>\n";
    }
    h += "</section>\n";
  }

  // 14. Efficiency frontier.
  h += "<section id=\"frontier\"><h2>Efficiency frontier</h2>\n";
  h += "<p>All options side by side, cheapest first, with net costs and QALYs for the whole population. An option is "
       "<em>on the frontier</em> if no other option, or mix of options, gives more health for the same money. "
       "<em>Dominated</em>: another option costs less and gives more health. <em>Extendedly dominated</em>: a mix of two "
       "other options would give more health for the money.</p>\n<p class=\"callout\" id=\"icer-note\"><strong>Two costs "
       "per QALY.</strong> Here each option on the frontier is compared with the <em>previous option on the frontier</em> "
       "(the next cheaper one worth having): the extra cost of moving up to it, per extra QALY. The headline table compares "
       "every option with " + html_escape(base) + " instead, so the same option can show two different figures.</p>\n";
  if (array_at(doc, "frontier").empty()) {
    h += "<p class=\"muted\">The evaluation has no frontier.</p>\n";
  } else {
    h += "<div class=\"table-wrap\"><table class=\"frontier\">\n<thead><tr><th scope=\"col\">Option</th>"
         "<th scope=\"col\" class=\"num\">Net cost</th><th scope=\"col\" class=\"num\">QALYs</th>"
         "<th scope=\"col\">Status</th><th scope=\"col\" class=\"num\">Cost per QALY against the previous option on the "
         "frontier</th></tr></thead>\n<tbody>\n";
    std::vector<const json*> rows;
    for (const json& row : array_at(doc, "frontier")) rows.push_back(&row);
    std::stable_sort(rows.begin(), rows.end(), [](const json* a, const json* b) {
      return number_at(*a, "cost").value_or(0) < number_at(*b, "cost").value_or(0);
    });
    std::string previous_on_frontier;
    for (const json* row : rows) {
      const std::string status = text_at(*row, "status");
      const bool on = status == "frontier" || status == "on_frontier";
      const std::string status_text = on                                 ? "On the frontier"
                                      : status == "dominated"            ? "Dominated"
                                      : status == "extendedly_dominated" ? "Extendedly dominated"
                                                                         : capitalise(words_of(status));
      const std::string label = labels.scenario(text_at(*row, "option"));
      const auto icer = number_at(*row, "icer");
      const auto cost = number_at(*row, "cost");
      const auto qalys = number_at(*row, "qalys");
      std::string against = text_at(*row, "icer_label");
      if (against.empty() && !previous_on_frontier.empty()) against = "Against " + previous_on_frontier;
      h += "<tr><th scope=\"row\">" + html_escape(label) + "</th><td class=\"num\">" +
           (cost ? html_escape(detailed_money(*cost)) : kNotAvailable) + "</td><td class=\"num\">" +
           (qalys ? html_escape(format_number(*qalys)) : kNotAvailable) + "</td><td class=\"status-" +
           html_escape(slug(status)) + "\" data-testid=\"" + html_escape(headline_test_id("frontier", text_at(*row, "option"))) +
           "\">" + html_escape(status_text) + "</td><td class=\"num\">" +
           (icer ? "<span class=\"mean\">" + html_escape(format_money(*icer)) + "</span> <span class=\"unit\">per QALY</span>" +
                       (against.empty() ? "" : "<span class=\"sub\">" + html_escape(against) + "</span>")
                 : std::string("<span class=\"muted\">&ndash;</span>")) +
           "</td></tr>\n";
      if (on) previous_on_frontier = label;
    }
    h += "</tbody></table></div>\n";
  }
  h += "</section>\n";

  // 15. Assumptions and sources.
  h += "<section id=\"sources\"><h2>Assumptions and sources</h2>\n<ul class=\"assumptions\">\n";
  h += "<li>" + html_escape(discounting_text(settings)) + "</li>\n";
  if (const std::string basis = price_basis(settings); !basis.empty()) h += "<li>" + html_escape(basis) + "</li>\n";
  if (baseline.is_object() && !text_at(baseline, "assumptions").empty())
    h += "<li><strong>" + html_escape(base) + ":</strong> " + html_escape(text_at(baseline, "assumptions")) + "</li>\n";
  for (const json& option : options)
    if (!text_at(option, "assumptions").empty())
      h += "<li><strong>" + html_escape(labels.option(option)) + ":</strong> " + html_escape(text_at(option, "assumptions")) +
           "</li>\n";
  const json& disclosure = member(doc, "disclosure");
  if (const auto threshold = number_at(disclosure, "threshold")) {
    h += "<li id=\"disclosure\"><strong>Disclosure control:</strong> ";
    if (const std::string rule = text_at(disclosure, "rule"); !rule.empty()) h += html_escape(rule) + " ";
    h += "Counts below " + std::to_string(std::llround(*threshold)) + " are shown as &ldquo;" +
         html_escape(suppression_mark(doc)) + "&rdquo;.</li>\n";
  }
  {
    // Where the figures came from, as file names (machine names, kept in <code>).
    std::string files;
    if (baseline.is_object() && !text_at(baseline, "file").empty())
      files += "<li>" + html_escape(base) + ": <code>" + html_escape(text_at(baseline, "file")) + "</code></li>";
    for (const json& option : options)
      if (!text_at(option, "file").empty())
        files += "<li>" + html_escape(labels.option(option)) + ": <code>" + html_escape(text_at(option, "file")) + "</code></li>";
    if (!files.empty()) h += "<li>Result files:<ul>" + files + "</ul></li>\n";
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
  h += std::string("<script>") + kEmbedScript + kPrintScript + "</script>\n";
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace civicsim::report
