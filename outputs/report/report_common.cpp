#include "outputs/report/report_common.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "engine/evaluation/appraisal_defaults.hpp"
#include "engine/scenario/process_spec.hpp"
#include "outputs/report/report_html.hpp"

namespace civicsim::report {
namespace detail {

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

std::optional<double> number_at(const json& object, std::string_view key) {
  return number_of(member(object, key));
}

std::string text_at(const json& object, std::string_view key, std::string_view fallback) {
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

namespace {

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
  const double magnitude =
      std::pow(10.0, figures - 1 - static_cast<int>(std::floor(std::log10(a))));
  return std::round(a * magnitude) / magnitude;
}

const std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                             "May",       "June",     "July",     "August",
                                             "September", "October",  "November", "December"};

}  // namespace

const std::string kNotAvailable = R"(<span class="na" title="not available">n/a</span>)";

std::string detailed_money(double value) {
  const double a = std::fabs(value);
  std::string body;
  if (std::llround(a / 1e5) >= 10) {
    const long long tenths = std::llround(a / 1e5);
    body =
        with_commas(static_cast<uint64_t>(tenths / 10)) + "." + std::to_string(tenths % 10) + "m";
  } else {
    body = with_commas(static_cast<uint64_t>(std::llround(a)));
  }
  return std::string(value < 0 && body != "0" ? "-" : "") + "£" + body;
}

std::string short_money(double v) {
  if (std::fabs(v) >= 1000 && std::fmod(v, 1000) == 0)
    return "£" + std::to_string(std::llround(v / 1000)) + "k";
  return format_money(v);
}

// Counts of people, homes or events: a scaled-up total such as 80.0 reads as 80.
std::string format_count(double value) {
  if (std::fabs(value) < 9.5) return format_number(value);
  const std::string body = with_commas(static_cast<uint64_t>(std::llround(std::fabs(value))));
  return (value < 0 ? "-" : "") + body;
}

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

std::string long_date(const std::string& iso) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(iso.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3 && m >= 1 && m <= 12 &&
      d >= 1 && d <= 31)
    return std::to_string(d) + " " + kMonths[static_cast<size_t>(m - 1)] + " " + std::to_string(y);
  if (std::sscanf(iso.c_str(), "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 && m <= 12)
    return std::string(kMonths[static_cast<size_t>(m - 1)]) + " " + std::to_string(y);
  return iso;
}

std::string capitalise(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

std::string words_of(std::string_view identifier) {
  std::string out(identifier);
  std::replace(out.begin(), out.end(), '_', ' ');
  std::replace(out.begin(), out.end(), '.', ' ');
  return out;
}

std::string list_words(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += i + 1 == items.size() ? " and " : ", ";
    out += items[i];
  }
  return out;
}

std::string percent_rate(double rate) {
  const double pct = rate * 100.0;
  return (std::fabs(pct - std::round(pct)) < 1e-9 ? fixed(pct, 0) : fixed(pct, 1)) + "%";
}

// ---------------------------------------------------------------------------------------------
// Labels.

Labels::Labels(const json& doc) : labels_(member(doc, "labels")) {}

std::optional<std::string> Labels::find(std::string_view category, const std::string& id) const {
  const json& v = member(member(labels_, category), id);
  if (v.is_string() && !v.get<std::string>().empty()) return v.get<std::string>();
  return std::nullopt;
}

std::string Labels::scenario(const std::string& name) const {
  if (auto l = find("scenarios", name)) return *l;
  return name.empty() ? "the baseline" : capitalise(words_of(name));
}

std::string Labels::option(const json& option) const {
  if (const std::string l = text_at(option, "label"); !l.empty()) return l;
  return scenario(text_at(option, "name"));
}

std::string Labels::payer(const std::string& id) const {
  if (auto l = find("payers", id)) return *l;
  // The payers every scenario has, when a document predates labels.
  for (size_t k = 0; k < kPayerNames.size(); ++k)
    if (id == kPayerNames[k]) return kPayerLabels[k];
  return capitalise(words_of(id));
}

// "asthma.events.school_day_lost" -> "School day lost (asthma)"; "need.years_in.looked_after_foster" ->
// "Years in looked after foster (need)"; "early_help.served" -> "Early help served".
std::string Labels::outcome(const std::string& id) const {
  if (auto l = find("outcomes", id)) return *l;
  std::vector<std::string> parts;
  for (size_t pos = 0;;) {
    const size_t dot = id.find('.', pos);
    parts.push_back(id.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos));
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  std::string process = words_of(parts[0]);
  for (const char* category : {"processes", "services"})
    if (auto l = find(category, parts[0])) process = *l;
  if (parts.size() == 3 && parts[1] == "events")
    return capitalise(words_of(parts[2])) + " (" + process + ")";
  if (parts.size() == 3 && parts[1] == "years_in")
    return "Years in " + words_of(parts[2]) + " (" + process + ")";
  return capitalise(words_of(id));
}

std::string Labels::outcome_group(const std::string& prefix) const {
  for (const char* category : {"processes", "services", "outcomes"})
    if (auto l = find(category, prefix)) return *l;
  return capitalise(words_of(prefix));
}

std::string Labels::cost_category(const std::string& id) const {
  if (auto l = find("cost_categories", id)) return *l;
  return capitalise(words_of(id));
}

std::string Labels::intervention(const std::string& id) const {
  if (auto l = find("interventions", id)) return *l;
  return capitalise(words_of(id));
}

std::string Labels::metric(const std::string& id, const std::string& fallback) const {
  if (auto l = find("metrics", id)) return *l;
  return fallback.empty() ? capitalise(words_of(id)) : fallback;
}

std::string Labels::item(const std::string& id) const {
  if (id == "qalys") return "Health gained (QALYs, valued)";
  if (auto l = find("interventions", id)) return *l;
  if (auto l = find("cost_categories", id)) return *l;
  return capitalise(words_of(id));
}

// ---------------------------------------------------------------------------------------------

Ranges ranges_of(const json& doc) {
  const json& settings = member(doc, "settings");
  const json& r = member(settings, "ranges");
  Ranges out;
  const auto replications = number_at(settings, "replications");
  const long long n = replications ? std::llround(*replications) : 0;
  const auto min_n = number_at(r, "min_replications");
  const long long needed = min_n ? std::llround(*min_n) : kDefaultMinReplicationsForRanges;
  out.shown = member(r, "shown").is_boolean() ? member(r, "shown").get<bool>() : n >= needed;
  out.text = text_at(r, "text");
  if (out.text.empty()) {
    out.text = out.shown ? "Ranges in brackets are 95% intervals over " + std::to_string(n) +
                               " model runs: they show how much chance alone moves each figure."
                         : "No range is shown: " + std::to_string(n) + " model run" +
                               (n == 1 ? "" : "s") + " (at least " + std::to_string(needed) +
                               " are needed to estimate one).";
  }
  return out;
}

std::string interval_html(const json& cell, Format format, bool ranges_shown,
                          const std::string& missing_bound) {
  const auto mean = number_at(cell, "mean");
  const auto low = number_at(cell, "low");
  const auto high = number_at(cell, "high");
  if (!mean) return kNotAvailable;
  std::string out = "<span class=\"mean\">" + html_escape(format(*mean)) + "</span>";
  if (ranges_shown && (low || high)) {
    out += " <span class=\"range\">(" + html_escape(low ? format(*low) : missing_bound) + " to " +
           html_escape(high ? format(*high) : missing_bound) + ")</span>";
  }
  return out;
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
  return "<span class=\"suppressed\" title=\"" + html_escape(title) + "\">" +
         html_escape(suppression_mark(doc)) + "</span>";
}

std::vector<double> thresholds_of(const json& doc) {
  std::vector<double> out;
  for (const json& t : array_at(member(doc, "settings"), "thresholds"))
    if (auto v = number_of(t); v && *v > 0) out.push_back(*v);
  if (out.empty()) out = {20000, 30000, 70000};
  return out;
}

std::string threshold_key(double threshold) {
  return "nmb_" + std::to_string(std::llround(threshold));
}

std::vector<std::string> year_labels(const json& doc) {
  std::vector<std::string> out;
  for (const json& y : array_at(member(member(doc, "settings"), "appraisal"), "year_labels"))
    if (y.is_string()) out.push_back(y.get<std::string>());
  return out;
}

// ---------------------------------------------------------------------------------------------

namespace {
const std::array<const char*, 7> kPalette = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
                                             "#56B4E9", "#D55E00", "#F0E442"};
const char* const kBaselineColour = "#7F7F7F";
}  // namespace

void Colours::add(const std::string& name, const std::string& colour) {
  for (const json& d : domain)
    if (d == name) return;
  domain.push_back(name);
  range.push_back(colour);
}

Colours Colours::only_in(const json& rows) const {
  Colours out;
  for (size_t i = 0; i < domain.size(); ++i)
    if (std::any_of(rows.begin(), rows.end(),
                    [&](const json& r) { return member(r, "option") == domain[i]; }))
      out.add(domain[i].get<std::string>(), range[i].get<std::string>());
  return out;
}

std::string Colours::of(const std::string& name) const {
  for (size_t i = 0; i < domain.size(); ++i)
    if (domain[i] == name) return range[i].get<std::string>();
  return kBaselineColour;
}

Colours option_colours(const json& doc, const Labels& labels) {
  Colours c;
  size_t i = 0;
  for (const json& option : array_at(doc, "options"))
    c.add(labels.option(option), kPalette[i++ % kPalette.size()]);
  const json& baseline = member(doc, "baseline");
  const std::string baseline_label = baseline.is_object() ? labels.option(baseline) : "";
  if (!baseline_label.empty()) c.add(baseline_label, kBaselineColour);
  for (const json& row : array_at(doc, "ceac")) {
    const std::string name = labels.scenario(text_at(row, "option"));
    bool known = false;
    for (const json& d : c.domain) known = known || d == name;
    if (!known)
      c.add(name, name == baseline_label ? kBaselineColour : kPalette[i++ % kPalette.size()]);
  }
  return c;
}

// ---------------------------------------------------------------------------------------------

std::vector<std::vector<std::string>> coinciding(
    const std::vector<std::pair<std::string, std::vector<double>>>& series) {
  auto same = [](const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size() || a.empty()) return false;
    for (size_t i = 0; i < a.size(); ++i)
      if (std::fabs(a[i] - b[i]) > 1e-9 * std::max({1.0, std::fabs(a[i]), std::fabs(b[i])}))
        return false;
    return true;
  };
  std::vector<std::vector<std::string>> groups;
  std::vector<bool> used(series.size(), false);
  for (size_t i = 0; i < series.size(); ++i) {
    if (used[i]) continue;
    std::vector<std::string> group = {series[i].first};
    for (size_t j = i + 1; j < series.size(); ++j)
      if (!used[j] && same(series[i].second, series[j].second)) {
        group.push_back(series[j].first);
        used[j] = true;
      }
    if (group.size() > 1) groups.push_back(group);
  }
  return groups;
}

std::string coinciding_caption(const std::vector<std::vector<std::string>>& groups,
                               const std::string& where) {
  std::string out;
  for (const auto& g : groups) {
    std::vector<std::string> escaped;
    for (const auto& name : g) escaped.push_back("<strong>" + html_escape(name) + "</strong>");
    out += "<p class=\"caption coincide\">" + html_escape(where.empty() ? "" : where + ": ") +
           list_words(escaped) + (g.size() == 2 ? " have" : " all have") +
           " the same value at every point, so their lines lie on top of each other and only one "
           "is seen.</p>";
  }
  return out;
}

std::string chart_html(const Chart& chart, json& specs) {
  if (chart.spec.is_null()) return "";
  specs[chart.id] = chart.spec;
  return "<figure class=\"chart-block\">\n<h3>" + html_escape(chart.heading) + "</h3>\n" +
         (chart.words.empty() ? "" : "<p>" + chart.words + "</p>\n") +
         "<div class=\"chart\" id=\"" + chart.id + "\" role=\"img\" aria-label=\"" +
         html_escape(chart.heading) + "\"></div>\n" + chart.caption + "</figure>\n";
}

std::string payer_sector(const json& doc, const std::string& payer) {
  const std::string sector = text_at(member(member(doc, "settings"), "payer_sectors"), payer);
  return sector == "public" || sector == "private" ? sector : "";
}

bool states_sectors(const json& doc) {
  return member(member(doc, "settings"), "payer_sectors").is_object();
}

std::string payer_and_sector(const Page& page, const std::string& payer) {
  const std::string sector = payer_sector(page.doc, payer);
  return page.labels.payer(payer) + (sector.empty() ? "" : " (" + sector + " sector)");
}

}  // namespace detail

// ---------------------------------------------------------------------------------------------
// The public formats.

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string format_money(double value) {
  using detail::fixed;
  if (!std::isfinite(value)) return "n/a";
  const double r = detail::round_significant(std::fabs(value), 3);
  std::string body;
  if (r >= 1e9) {
    const double b = r / 1e9;
    body = fixed(b, b >= 100 ? 0 : 1) + "bn";
  } else if (r >= 1e6) {
    const double m = r / 1e6;
    body = fixed(m, m >= 100 ? 0 : 1) + "m";
  } else {
    body = detail::with_commas(static_cast<uint64_t>(std::llround(r)));
  }
  const bool negative = value < 0 && body != "0";
  return std::string(negative ? "-" : "") + "£" + body;
}

std::string format_number(double value) {
  using detail::fixed;
  if (!std::isfinite(value)) return "n/a";
  const double a = std::fabs(value);
  std::string body;
  if (std::llround(a) >= 1000)
    body = detail::with_commas(static_cast<uint64_t>(std::llround(a)));
  else if (a >= 99.5)
    body = fixed(a, 0);
  else if (a >= 9.995)
    body = fixed(a, 1);
  else
    body = fixed(a, 2);
  const bool zero = body.find_first_not_of("0.,") == std::string::npos;
  return std::string(value < 0 && !zero ? "-" : "") + body;
}

std::string format_precise(double value) {
  using detail::fixed;
  if (!std::isfinite(value)) return "n/a";
  const double a = std::fabs(value);
  std::string body;
  if (std::llround(a) >= 1000) {
    body = detail::with_commas(static_cast<uint64_t>(std::llround(a)));
  } else if (a == 0.0) {
    body = "0";
  } else {
    const int magnitude = static_cast<int>(std::floor(std::log10(a)));
    body = fixed(a, std::clamp(3 - magnitude, 0, 6));
    if (body.find('.') != std::string::npos && std::llround(std::stod(body)) >= 1000)
      body = detail::with_commas(static_cast<uint64_t>(std::llround(a)));  // 999.96 -> 1,000
  }
  const bool zero = body.find_first_not_of("0.,") == std::string::npos;
  return std::string(value < 0 && !zero ? "-" : "") + body;
}

std::string format_precise_money(double value) {
  if (!std::isfinite(value)) return "n/a";
  const double a = std::fabs(value);
  const std::string body = std::llround(a * 100.0) >= 100000
                               ? detail::with_commas(static_cast<uint64_t>(std::llround(a)))
                               : detail::fixed(a, 2);
  const bool zero = body.find_first_not_of("0.,") == std::string::npos;
  return std::string(value < 0 && !zero ? "-" : "") + "£" + body;
}

std::string format_percent(double value) {
  if (!std::isfinite(value)) return "n/a";
  const long long pct = std::llround(value * 100.0);
  return std::to_string(pct) + "%";
}

std::string headline_test_id(std::string_view metric, std::string_view option_name) {
  return std::string(metric) + "-" + detail::slug(option_name);
}

}  // namespace civicsim::report
