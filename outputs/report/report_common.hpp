// Shared by the report's pieces (the page in report_html.cpp, its sections, report_first_page.cpp,
// report_charts.cpp): lenient reading of the evaluation document, labels for people, number formats as
// HTML, option colours. Not part of the public interface (report_html.hpp is).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civicsim::report::detail {

using json = nlohmann::json;

// Reading the document leniently: a missing key, a wrong type or null all read as "absent".
const json& member(const json& object, std::string_view key);
std::optional<double> number_of(const json& value);
std::optional<double> number_at(const json& object, std::string_view key);
std::string text_at(const json& object, std::string_view key, std::string_view fallback = "");
const json& array_at(const json& object, std::string_view key);

// Words.
std::string slug(std::string_view text);
std::string long_date(const std::string& iso);  // "2025-06-30" -> "30 June 2025"
std::string capitalise(std::string text);
std::string words_of(
    std::string_view identifier);  // "looked_after_foster" -> "looked after foster"
std::string list_words(const std::vector<std::string>& items);  // "a, b and c"
std::string percent_rate(double rate);                          // 0.035 -> "3.5%"
std::string detailed_money(double value);  // £408.9m, £35,120 (frontier totals)
std::string short_money(double value);     // £20k
std::string format_count(double value);    // 80 (whole from 10 up), 1,300, 2.50

extern const std::string kNotAvailable;

// Labels written for people: document["labels"][category][identifier] when given, otherwise the
// identifier turned into words, so no identifier reaches the reader.
class Labels {
 public:
  explicit Labels(const json& doc);
  std::string scenario(const std::string& name) const;
  std::string option(
      const json& option) const;  // its "label", else the scenarios label, else words
  std::string payer(const std::string& id) const;
  std::string outcome(const std::string& id) const;
  std::string outcome_group(const std::string& prefix) const;  // "asthma" -> "Asthma"
  std::string cost_category(const std::string& id) const;
  std::string intervention(const std::string& id) const;
  std::string metric(const std::string& id, const std::string& fallback) const;
  // An accounting item: a cost category, an intervention or "qalys".
  std::string item(const std::string& id) const;

 private:
  std::optional<std::string> find(std::string_view category, const std::string& id) const;
  const json& labels_;
};

// Whether ranges may be shown, and the sentence that introduces them (settings.ranges). A document
// without settings.ranges shows ranges only with at least 10 replications (the contract's default).
struct Ranges {
  bool shown = false;
  std::string text;
};
Ranges ranges_of(const json& doc);

// Money and number cells: "mean (low to high)"; the range only when ranges are shown.
using Format = std::string (*)(double);
std::string interval_html(const json& cell, Format format, bool ranges_shown,
                          const std::string& missing_bound = "n/a");
std::string suppressed_html(const json& doc);
std::string suppression_mark(const json& doc);

std::vector<double> thresholds_of(const json& doc);
std::string threshold_key(double threshold);            // "nmb_20000"
std::vector<std::string> year_labels(const json& doc);  // settings.appraisal.year_labels

// Option colours: the same option has the same colour in every chart (Okabe-Ito, safe for colour
// blindness). Keyed by the option's label, as charts show it.
struct Colours {
  json domain = json::array();
  json range = json::array();
  void add(const std::string& name, const std::string& colour);
  json scale() const { return {{"domain", domain}, {"range", range}}; }
  Colours only_in(const json& rows) const;  // the options occurring in rows' "option"
  std::string of(const std::string& name) const;
};
Colours option_colours(const json& doc, const Labels& labels);

// The Vega-Lite specifications, keyed by chart id, each with the caption that goes under it.
struct Chart {
  std::string id, heading, words;  // words: HTML, already escaped
  json spec;
  std::string caption;  // HTML: e.g. which lines coincide
};

// A chart after the first page: heading, words, the chart (its legend inside) and caption, kept together
// in one <figure>. Records the specification in `specs`; "" when the chart has nothing to draw.
std::string chart_html(const Chart& chart, json& specs);

struct Page {
  const json& doc;
  Labels labels;
  Colours colours;
  Ranges ranges;
  std::vector<double> thresholds;
  std::string baseline_label;
};

// A payer's sector as the document states it (settings.payer_sectors): "public", "private", or ""
// for a document that states none (before issue #18 every payer's money counted as public).
std::string payer_sector(const json& doc, const std::string& payer);
// Whether the document states sectors, so that its fiscal figures are the public sector's alone.
bool states_sectors(const json& doc);
// "Private landlords (private sector)": the payer's label, with its sector when the document has one.
std::string payer_and_sector(const Page& page, const std::string& payer);

Chart chart_payback(const Page& page);
std::vector<Chart> charts_over_time(const Page& page);
Chart chart_costs_by_payer(const Page& page);
Chart chart_ce_plane(const Page& page);
Chart chart_ceac(const Page& page);
Chart chart_equity(const Page& page, const std::string& dimension);
Chart chart_outcomes_by_group(const Page& page);
Chart chart_tornado(const Page& page);

// "A and B: their lines coincide ..." for each set of series whose values are equal at every point.
// series: (option label, values in order); returns the groups of labels that coincide.
std::vector<std::vector<std::string>> coinciding(
    const std::vector<std::pair<std::string, std::vector<double>>>& series);
std::string coinciding_caption(const std::vector<std::vector<std::string>>& groups,
                               const std::string& where);

// The first page: what a commissioner prints and takes to a meeting.
std::string first_page_html(const Page& page, json& specs);

}  // namespace civicsim::report::detail
