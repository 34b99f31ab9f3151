// The commissioner's HTML report: every headline number on the page, formatted; text from the document
// escaped; nothing fetched from outside the file; null metrics and suppressed counts shown as such.
#include "outputs/report/report_html.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/test_support.hpp"

namespace civicsim::report {
namespace {

using json = nlohmann::json;

json sample() {
  std::ifstream in(civicsim::testing::source_dir() / "tests" / "report" / "sample_evaluation.json");
  return json::parse(in);
}

// The inside of the <td> with this data-testid; fails the test when there is none.
std::string cell(const std::string& html, const std::string& test_id) {
  const std::string key = "data-testid=\"" + test_id + "\">";
  const auto start = html.find(key);
  if (start == std::string::npos) {
    ADD_FAILURE() << "no cell " << test_id;
    return {};
  }
  const auto from = start + key.size();
  return html.substr(from, html.find("</td>", from) - from);
}

size_t count(const std::string& haystack, const std::string& needle) {
  size_t n = 0;
  for (size_t pos = 0; (pos = haystack.find(needle, pos)) != std::string::npos;
       pos += needle.size())
    ++n;
  return n;
}

// Everything outside <script> elements (the inlined libraries contain HTML-like strings). By hand:
// std::regex recurses per character and overflows the stack on a page this size.
std::string without_scripts(const std::string& html) {
  std::string out;
  size_t pos = 0;
  for (size_t open; (open = html.find("<script", pos)) != std::string::npos;) {
    out.append(html, pos, open - pos);
    const size_t close = html.find("</script>", open);
    if (close == std::string::npos) return out;
    pos = close + 9;
  }
  return out.append(html, pos);
}

// Attributes whose value starts with another site's address: src="https://...", href=//host, ...
bool has_external_reference(const std::string& text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const std::string attr : {"src", "href", "action", "srcset", "poster", "data"}) {
    for (size_t pos = 0; (pos = lower.find(attr, pos)) != std::string::npos; pos += attr.size()) {
      size_t i = pos + attr.size();
      while (i < lower.size() && lower[i] == ' ') ++i;
      if (i >= lower.size() || lower[i] != '=') continue;
      ++i;
      while (i < lower.size() &&
             (lower[i] == ' ' || lower[i] == '"' || lower[i] == '\'' || lower[i] == '\\'))
        ++i;
      const std::string_view value = std::string_view(lower).substr(i, 8);
      if (value.starts_with("http:") || value.starts_with("https:") || value.starts_with("//") ||
          value.starts_with("ftp:"))
        return true;
    }
  }
  return false;
}

TEST(ReportFormat, Money) {
  EXPECT_EQ(format_money(1234567), "£1.2m");
  EXPECT_EQ(format_money(35000), "£35,000");
  EXPECT_EQ(format_money(34567), "£34,600");
  EXPECT_EQ(format_money(-850.4), "-£850");
  EXPECT_EQ(format_money(999999), "£1.0m");
  EXPECT_EQ(format_money(123456789), "£123m");
  EXPECT_EQ(format_money(1.5e9), "£1.5bn");
  EXPECT_EQ(format_money(0), "£0");
  EXPECT_EQ(format_money(-0.2), "£0");
}

TEST(ReportFormat, NumbersAndPercentages) {
  EXPECT_EQ(format_number(0.8512), "0.85");
  EXPECT_EQ(format_number(49.26), "49.3");
  EXPECT_EQ(format_number(231.23), "231");
  EXPECT_EQ(format_number(1248349.26), "1,248,349");
  EXPECT_EQ(format_number(-1.5), "-1.50");
  EXPECT_EQ(format_number(-0.001), "0.00");
  EXPECT_EQ(format_percent(0.853), "85%");
  EXPECT_EQ(format_percent(-0.3546), "-35%");
  EXPECT_EQ(html_escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(headline_test_id("npv", "Warm homes for asthma"), "npv-warm-homes-for-asthma");
}

// The chart specifications the page carries, by chart id.
json chart_specs(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"civicsim-chart-specs\">";
  const auto start = html.find(open);
  if (start == std::string::npos) return nullptr;
  const auto from = start + open.size();
  return json::parse(html.substr(from, html.find("</script>", from) - from));
}

// The page's text outside scripts, <code> elements (file names, shown as machine names) and tags.
std::string page_text(const std::string& html) {
  std::string page = without_scripts(html);
  for (size_t open; (open = page.find("<code>")) != std::string::npos;)
    page.erase(open, page.find("</code>", open) + 7 - open);
  std::string out;
  bool in_tag = false;
  for (const char c : page) {
    if (c == '<')
      in_tag = true, out += ' ';
    else if (c == '>')
      in_tag = false;
    else if (!in_tag)
      out += c;
  }
  return out;
}

TEST(ReportHtml, HoldsEveryHeadlineNumberFormatted) {
  const json doc = sample();
  const std::string html = render_report_html(doc);
  const std::vector<std::string> money = {"pv_costs",
                                          "pv_intervention_cost",
                                          "pv_optimism_bias",
                                          "pv_induced_costs",
                                          "pv_benefits",
                                          "pv_cashable",
                                          "pv_non_cashable",
                                          "pv_fiscal",
                                          "pv_economic",
                                          "pv_social",
                                          "pv_benefit_optimism_bias",
                                          "savings_nhs",
                                          "savings_council_childrens_services",
                                          "savings_housing",
                                          "savings_other",
                                          "npsv",
                                          "npv_fiscal",
                                          "net_cost",
                                          "nmb_20000",
                                          "nmb_30000",
                                          "nmb_70000"};
  ASSERT_EQ(doc["options"].size(), 4u);
  for (const json& option : doc["options"]) {
    const std::string name = option["name"];
    const json& hl = option["headline"];
    auto expect_interval = [&](const std::string& metric, auto format) {
      const std::string c = cell(html, headline_test_id(metric, name));
      const json& m = hl[metric];
      EXPECT_NE(c.find(html_escape(format(m["mean"].get<double>()))), std::string::npos)
          << metric << " " << name << ": " << c;
      if (m["low"].is_number() && m["high"].is_number()) {
        const std::string range = "(" + html_escape(format(m["low"].get<double>())) + " to " +
                                  html_escape(format(m["high"].get<double>())) + ")";
        EXPECT_NE(c.find(range), std::string::npos)
            << metric << " " << name << ": " << c << " lacks " << range;
      }
    };
    for (const std::string& metric : money) expect_interval(metric, format_money);
    expect_interval("bcr", format_number);
    expect_interval("bcr_fiscal", format_number);
    expect_interval("qalys_gained", format_number);
    expect_interval("roi", format_percent);
    EXPECT_NE(cell(html, headline_test_id("p_npsv_positive", name))
                  .find(format_percent(hl["p_npsv_positive"]["mean"].get<double>())),
              std::string::npos);
    const std::string payback = cell(html, headline_test_id("payback_year", name));
    if (hl["payback_year"]["mean"].is_string())
      EXPECT_NE(payback.find(hl["payback_year"]["mean"].get<std::string>()), std::string::npos)
          << payback;
    else
      EXPECT_NE(payback.find("Not by 2035-36"), std::string::npos) << payback;
    const std::string icer = cell(html, headline_test_id("icer", name));
    if (hl["icer_status"] == "dominant")
      EXPECT_NE(icer.find("Dominant"), std::string::npos) << icer;
    else
      EXPECT_NE(icer.find(format_money(hl["icer"]["mean"].get<double>()) +
                          "</span> <span class=\"range\">"),
                std::string::npos)
          << icer;
  }
  // The sample's own numbers, spelt out once so a formatting change is seen for what it is.
  EXPECT_NE(cell(html, "npsv-lcr-damp-remediation").find("-£17.3m"), std::string::npos);
  EXPECT_NE(cell(html, "npsv-lcr-damp-remediation").find("(-£17.9m to -£16.8m)"),
            std::string::npos);
  EXPECT_NE(cell(html, "icer-lcr-combined").find("£482,000"), std::string::npos);
  EXPECT_NE(cell(html, "bcr-lcr-earlier-family-help").find("1.31"), std::string::npos);
  EXPECT_NE(cell(html, "payback_year-lcr-earlier-family-help").find("2031-32"), std::string::npos);
  EXPECT_NE(cell(html, "frontier-lcr-baseline").find("Dominated"), std::string::npos);
  EXPECT_NE(cell(html, "frontier-lcr-combined").find("On the frontier"), std::string::npos);
  EXPECT_NE(html.find(">-£10.8m</td>"), std::string::npos);  // frontier net costs: one more figure
  EXPECT_NE(html.find(">£7.5m</td>"), std::string::npos);
  // Settings, options and sources are on the page.
  EXPECT_NE(html.find(html_escape(doc["question"].get<std::string>())), std::string::npos);
  EXPECT_NE(html.find("6 December 2026"), std::string::npos);
  EXPECT_NE(html.find("Financial years 2026-27 to 2035-36 (10 years), from April 2026"),
            std::string::npos);
  EXPECT_NE(html.find("The model starts in July 2019 to settle"), std::string::npos);
  EXPECT_NE(html.find("3.5% a year and health at 1.5% a year"), std::string::npos);
  EXPECT_NE(html.find("£20,000, £30,000 and £70,000 per QALY"), std::string::npos);
  EXPECT_NE(html.find("each QALY at £70,000"), std::string::npos);
  EXPECT_NE(html.find("equipment development 200%"), std::string::npos);
  EXPECT_NE(html.find("grade 6 40%"), std::string::npos);
  EXPECT_NE(html.find("2024 prices"), std::string::npos);
  for (const json& s : doc["sources"])
    EXPECT_NE(html.find(html_escape(s.get<std::string>())), std::string::npos);
}

// Who pays with public and who with private money (settings.payer_sectors, issue #18): the headline
// marks the figures that count the public sector alone and says which payers are which; the
// appraisal summary table and the first page name a private payer's sector; a document without
// sectors (before issue #18) shows neither.
TEST(ReportHtml, SaysWhichMoneyIsPublicAndWhichPrivate) {
  json doc = sample();
  // The damp option's works paid by private landlords, their repairs saved.
  json& damp = doc["options"][0];
  ASSERT_EQ(damp["name"], "lcr_damp_remediation");
  for (json& row : damp["accounting"])
    if (row["item"] == "damp_mould_remediation" || row["item"] == "repairs") {
      row["payer"] = "private_landlord";
      row["sector"] = "private";
    }
  damp["headline"]["pv_costs_private"] = {{"mean", 16.7e6}, {"low", nullptr}, {"high", nullptr}};
  damp["headline"]["bcr"] = {{"mean", 20.19}, {"low", nullptr}, {"high", nullptr}};
  damp["headline"]["bcr_all_costs"] = {{"mean", 1.45}, {"low", nullptr}, {"high", nullptr}};
  const std::string html = render_report_html(doc);
  EXPECT_NE(
      html.find("(private payers bear £16.7m of its costs, counted in its social value only)"),
      std::string::npos);
  const auto headline = html.find("<section id=\"headline\"");
  ASSERT_NE(headline, std::string::npos);
  const std::string section = html.substr(headline, html.find("</section>", headline) - headline);
  EXPECT_NE(
      section.find("<p id=\"sectors\">Figures marked public sector only count the public "
                   "sector&#39;s costs and savings (Council children&#39;s services, Housing "
                   "and NHS). Private payers (Other (families and employers), "
                   "Owner-occupiers, Private landlords and Social landlords) count in the "
                   "net present social "
                   "value: their costs among all costs, their savings as economic value.</p>"),
      std::string::npos);
  for (const char* label :
       {"Net present value to the public purse", "Costs to the public sector", "Fiscal value",
        "Benefit-cost ratio, public purse", "Return on investment", "Payback year"})
    EXPECT_NE(section.find(std::string(label) + " <span class=\"scope\">public sector only</span>"),
              std::string::npos)
        << label;
  EXPECT_EQ(count(section, "public sector only</span>"), 6u);
  EXPECT_NE(section.find("Savings to NHS (public sector)"), std::string::npos);
  EXPECT_NE(section.find("Benefits per £1 of all costs"), std::string::npos);
  EXPECT_NE(html.find("<td>Private landlords (private sector)</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>Housing (public sector)</td>"), std::string::npos);
  EXPECT_NE(cell(html, "glance-pays-lcr-damp-remediation")
                .find("Private landlords (private) <span class=\"fig\">"),
            std::string::npos);
  EXPECT_NE(html.find("<dt>Public and private money</dt>"), std::string::npos);
  // The first page gives the BCR over all costs beside it when private payers make them differ.
  EXPECT_NE(cell(html, "glance-npsv-lcr-damp-remediation")
                .find("<span class=\"sub\">BCR 20.2; 1.45 over all costs</span>"),
            std::string::npos);
  EXPECT_NE(cell(html, "glance-npsv-lcr-earlier-family-help").find("BCR 1.31</span>"),
            std::string::npos);
  // Before sectors: no marks, no sectors by payers' names.
  doc["settings"].erase("payer_sectors");
  const std::string before = render_report_html(doc);
  EXPECT_EQ(before.find("public sector only"), std::string::npos);
  EXPECT_EQ(before.find("(private sector)"), std::string::npos);
  EXPECT_EQ(before.find("(public sector)"), std::string::npos);
  EXPECT_EQ(before.find("<dt>Public and private money</dt>"), std::string::npos);
  EXPECT_NE(before.find("<td>Private landlords</td>"), std::string::npos);
}

// The first page: sampling before any figure; cost with its parts, who pays, who saves, payback,
// reach, cost per outcome; how sure we are; what is not counted.
TEST(ReportHtml, FirstPageAnswersTheCommissioner) {
  const json doc = sample();
  const std::string html = render_report_html(doc);
  const auto first = html.find("<section id=\"first-page\"");
  const auto end = html.find("</section>", first);
  ASSERT_NE(first, std::string::npos);
  const std::string page = html.substr(first, end - first);
  const std::string sampling = html_escape(doc["settings"]["sampling"]["text"].get<std::string>());
  ASSERT_NE(page.find(sampling), std::string::npos);
  EXPECT_LT(html.find(sampling), html.find("£", html.find("<main>")));  // before any figure
  // Damp remediation: £21.0m in all, £16.9m own + £4.1m optimism bias; housing pays.
  EXPECT_EQ(cell(html, "glance-cost-lcr-damp-remediation"),
            "<span class=\"mean\">£21.0m</span><span class=\"sub\">£16.9m own + £4.1m optimism "
            "bias</span>");
  EXPECT_NE(cell(html, "glance-cost-lcr-earlier-family-help").find("+ £5.3m induced"),
            std::string::npos);
  EXPECT_NE(cell(html, "glance-pays-lcr-combined")
                .find("Council children&#39;s services <span class=\"fig\">£34.6m</span>"),
            std::string::npos);
  EXPECT_NE(
      cell(html, "glance-pays-lcr-combined").find("Housing <span class=\"fig\">£21.0m</span>"),
      std::string::npos);
  // Savings net of their optimism bias: placements £48.0m gross at grade 2 (5%) -> £45.5m.
  EXPECT_NE(cell(html, "glance-saves-lcr-earlier-family-help").find("£45.5m"), std::string::npos);
  EXPECT_NE(cell(html, "glance-benefits-lcr-damp-remediation").find("cashable £1.6m"),
            std::string::npos);
  EXPECT_NE(cell(html, "glance-npsv-lcr-earlier-family-help").find("BCR 1.31"), std::string::npos);
  EXPECT_NE(cell(html, "glance-payback-lcr-earlier-family-help").find("2031-32"),
            std::string::npos);
  EXPECT_NE(cell(html, "glance-payback-lcr-damp-remediation").find("Not by 2035-36"),
            std::string::npos);
  EXPECT_NE(cell(html, "glance-reach-lcr-damp-remediation")
                .find("5,280</span> homes treated, <span class=\"fig\">£4,260</span> each"),
            std::string::npos);
  EXPECT_NE(cell(html, "glance-outcomes-lcr-damp-remediation")
                .find("Asthma attacks: <span class=\"fig\">1,841</span> fewer"),
            std::string::npos);
  EXPECT_NE(cell(html, "glance-outcomes-lcr-earlier-family-help").find("saving"),
            std::string::npos);  // net saving per child
  EXPECT_NE(page.find("id=\"chart-payback\""), std::string::npos);
  EXPECT_NE(page.find(html_escape(doc["settings"]["ranges"]["text"].get<std::string>())),
            std::string::npos);
  // Each option's Monte Carlo error in one line: NPSV's standard error over the replications.
  EXPECT_NE(page.find("Chance (Monte Carlo) error, one standard error over the replications"),
            std::string::npos);
  for (const json& option : doc["options"])
    EXPECT_NE(page.find(html_escape(option["label"].get<std::string>()) +
                        ":</strong> net present social value &plusmn; " +
                        html_escape(format_money(option["mc_error"]["npsv_se"].get<double>()))),
              std::string::npos)
        << option["name"];
  EXPECT_NE(page.find("Anything before April 2026: the model runs from July 2019"),
            std::string::npos);
  EXPECT_NE(page.find("Costs and benefits after 2035-36"), std::string::npos);
  EXPECT_NE(page.find("the ranges show chance alone"), std::string::npos);
}

// With one replication the error comes from the counts: said once, then two counts per option.
TEST(ReportHtml, FirstPageGivesTheCountsErrorForOneReplication) {
  json doc = sample();
  for (json& option : doc["options"])
    option["mc_error"] = {
        {"npsv_se", nullptr},
        {"method", "poisson"},
        {"text", "One replication: long text."},
        {"counts",
         {{{"outcome", "asthma.events.attack"}, {"difference", -625.0}, {"se", 299.0}},
          {{"outcome", "asthma.events.gp_visit"}, {"difference", -525.0}, {"se", 277.0}},
          {{"outcome", "asthma.events.school_day_lost"},
           {"difference", -5429.0},
           {"se", 1025.0}}}}};
  const std::string html = render_report_html(doc);
  EXPECT_NE(html.find("approximated from the counts (Poisson; an upper bound"), std::string::npos);
  EXPECT_NE(html.find("Damp and mould remediation:</strong> Asthma attacks -625 &plusmn; 299; "),
            std::string::npos);
  EXPECT_EQ(html.find("One replication: long text."), std::string::npos);
  EXPECT_EQ(html.find("-5,429 &plusmn;"), std::string::npos);  // two counts only
}

TEST(ReportHtml, EveryChartHasASpecificationAndItsCaption) {
  const std::string html = render_report_html(sample());
  const std::vector<std::string> charts = {"chart-payback",        "chart-over-time-asthma",
                                           "chart-over-time-damp", "chart-over-time-need",
                                           "chart-costs-by-payer", "chart-ce-plane",
                                           "chart-ceac",           "chart-equity-imd",
                                           "chart-equity-council", "chart-outcomes-by-group",
                                           "chart-tornado"};
  const json specs = chart_specs(html);
  ASSERT_FALSE(specs.is_null());
  for (const std::string& id : charts) {
    EXPECT_NE(html.find("<div class=\"chart\" id=\"" + id + "\""), std::string::npos) << id;
    ASSERT_TRUE(specs.contains(id)) << id;
    EXPECT_FALSE(specs[id].contains("$schema"));  // no URL, and vega-embed is told the mode instead
  }
  EXPECT_EQ(specs.size(), charts.size());
  // Over time: outcomes by their labels, grouped by process, each group one chart.
  EXPECT_NE(specs["chart-over-time-asthma"].dump().find("\"Asthma attacks\""), std::string::npos);
  EXPECT_EQ(specs["chart-over-time-asthma"].dump().find("asthma.events"), std::string::npos);
  // Damp remediation alone and combined with family help have the same asthma figures at every point:
  // the caption under the asthma chart says so.
  const auto asthma = html.find("id=\"chart-over-time-asthma\"");
  const std::string after = html.substr(asthma, html.find("</figure>", asthma) - asthma);
  EXPECT_NE(after.find("Asthma attacks: <strong>Damp and mould remediation</strong> and "
                       "<strong>Damp remediation and "
                       "earlier family help</strong> have the same value at every point"),
            std::string::npos)
      << after;
  // Thresholds on the plane: a key of dash patterns, no text drawn on the plane to overprint.
  const std::string plane = specs["chart-ce-plane"].dump();
  EXPECT_NE(plane.find("£70k per QALY"), std::string::npos);
  EXPECT_EQ(plane.find("\"text\""), std::string::npos);
  // Acceptability curve: each threshold's label on a row of its own.
  const json& ceac_labels = specs["chart-ceac"]["layer"][1];
  EXPECT_EQ(ceac_labels["mark"]["type"], "text");
  std::vector<int> rows;
  for (const json& r : ceac_labels["data"]["values"]) rows.push_back(r["row"].get<int>());
  EXPECT_EQ(rows, (std::vector<int>{0, 1, 2}));
  // Tornado: whole labels, wrapped onto lines, never cut.
  const std::string tornado = specs["chart-tornado"].dump();
  EXPECT_NE(tornado.find("Remediation cost per home (GBP,\\n2019 prices), from the lowest to\\nthe "
                         "highest council "
                         "tender in\\n2023-24 (1,717 to 6,868)"),
            std::string::npos)
      << tornado.substr(0, 2000);
  EXPECT_NE(tornado.find("\"labelLimit\":0"), std::string::npos);
}

// The two costs per QALY are labelled so that their difference is clear.
TEST(ReportHtml, HeadlineAndFrontierIcersSayWhatTheyCompare) {
  const std::string html = render_report_html(sample());
  EXPECT_NE(html.find("Cost per QALY against No new programme<span class=\"explain\">"),
            std::string::npos);
  EXPECT_NE(html.find("Cost per QALY against the previous option on the frontier</th>"),
            std::string::npos);
  EXPECT_NE(html.find("id=\"icer-note\""), std::string::npos);
  // Combined: £482,000 against the baseline in the headline table, £1.2m against earlier family help on
  // the frontier, each with what it is against.
  EXPECT_NE(cell(html, "icer-lcr-combined").find("£482,000"), std::string::npos);
  const auto row = html.find("data-testid=\"frontier-lcr-combined\"");
  const std::string frontier = html.substr(row, html.find("</tr>", row) - row);
  EXPECT_NE(frontier.find("£1.2m</span> <span class=\"unit\">per QALY</span><span "
                          "class=\"sub\">Against Earlier family help"),
            std::string::npos)
      << frontier;
}

// With too few replications: no range anywhere, no acceptability curve, and the reason given.
TEST(ReportHtml, NoRangesWhenTooFewReplications) {
  json doc = sample();
  doc["settings"]["replications"] = 1;
  doc["settings"]["ranges"]["shown"] = false;
  doc["settings"]["ranges"]["text"] = "No range is shown: 1 replication (at least 10 are needed).";
  const std::string html = render_report_html(doc);
  EXPECT_EQ(html.find("class=\"range\""), std::string::npos);
  EXPECT_EQ(html.find("id=\"chart-ceac\""), std::string::npos);
  EXPECT_NE(
      html.find("<p class=\"muted\" id=\"no-ceac\">Not drawn. No range is shown: 1 replication"),
      std::string::npos);
  EXPECT_EQ(html.find("p_npsv_positive-"),
            std::string::npos);  // a share of one run is not a probability
  const json specs = chart_specs(html);
  EXPECT_FALSE(specs.contains("chart-ceac"));
  for (const auto& [id, spec] : specs.items()) {
    const std::string text = spec.dump();
    EXPECT_EQ(text.find("\"low\""), std::string::npos) << id << " draws a range";
    EXPECT_EQ(text.find("\"high\""), std::string::npos) << id << " draws a range";
  }
  // A document without settings.ranges: ranges only from 10 replications (the contract's default).
  doc["settings"].erase("ranges");
  doc["settings"]["replications"] = 5;
  EXPECT_EQ(render_report_html(doc).find("class=\"range\""), std::string::npos);
  doc["settings"]["replications"] = 10;
  EXPECT_NE(render_report_html(doc).find("class=\"range\""), std::string::npos);
}

// Labels for people: from document["labels"], else the identifier turned into words.
TEST(ReportHtml, LabelsInsteadOfIdentifiers) {
  json doc = sample();
  doc["labels"]["outcomes"].erase("asthma.events.school_day_lost");
  doc["labels"]["outcomes"].erase("need.years_in.looked_after_residential");
  doc["labels"]["payers"].erase("council_childrens_services");
  const std::string html = render_report_html(doc);
  const std::string text = page_text(html);
  EXPECT_EQ(text.find('_'), std::string::npos)
      << text.substr(text.find('_') > 80 ? text.find('_') - 80 : 0, 160);
  for (const char* id :
       {"lcr_damp_remediation", "asthma.events", "need.years_in", "on_frontier", "lcr_baseline"})
    EXPECT_EQ(text.find(id), std::string::npos) << id;
  EXPECT_NE(text.find("School day lost (asthma)"), std::string::npos);
  EXPECT_NE(text.find("Years in looked after residential (need)"), std::string::npos);
  EXPECT_NE(text.find("Council children&#39;s services"),
            std::string::npos);  // the built-in name of a known payer
  EXPECT_NE(text.find("Damp and mould remediation"), std::string::npos);
  EXPECT_EQ(text.find("Years in residential care"),
            std::string::npos);  // that label is gone from the document
  // File names stay, as machine names in <code>.
  EXPECT_NE(html.find("<code>results/lcr_damp_remediation.h5</code>"), std::string::npos);
}

TEST(ReportHtml, EscapesTextFromTheDocument) {
  json doc = sample();
  doc["options"][0]["assumptions"] = "Costs <script>alert('a')</script> & \"more\"";
  doc["options"][1]["label"] = "Homes </script><script>alert(2)</script>";
  doc["title"] = "<b>Bold</b> title";
  doc["sources"].push_back("<img src=x onerror=alert(3)>");
  const std::string html = render_report_html(doc);
  const std::string page = without_scripts(html);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>Bold"), std::string::npos);
  EXPECT_NE(
      html.find("Costs &lt;script&gt;alert(&#39;a&#39;)&lt;/script&gt; &amp; &quot;more&quot;"),
      std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;Bold&lt;/b&gt; title"), std::string::npos);
  // The option name also goes into the chart specifications, as JSON that cannot end its element:
  // the page has exactly its own five scripts (three libraries, the specifications, the loader).
  EXPECT_EQ(count(html, "<script"), 5u);
  EXPECT_EQ(count(html, "</script"), 5u);
  EXPECT_NE(html.find("Homes \\u003c/script\\u003e\\u003cscript\\u003ealert(2)"),
            std::string::npos);
}

TEST(ReportHtml, FetchesNothingFromOutside) {
  const std::string html = render_report_html(sample());
  // No attribute anywhere (inlined libraries included) points at another site or protocol-relative URL.
  EXPECT_FALSE(has_external_reference(html));
  EXPECT_TRUE(
      has_external_reference("<img src = 'https://example.org/x.png'>"));  // the check itself works
  EXPECT_TRUE(has_external_reference("<a HREF=//example.org>"));
  EXPECT_FALSE(has_external_reference("<a href=\"#settings\">"));
  const std::string page = without_scripts(html);
  EXPECT_EQ(page.find("url("), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(count(page, "<link"), 0u);
  EXPECT_EQ(html.find("sourceMappingURL"), std::string::npos);
  // Citations with addresses stay plain text.
  EXPECT_NE(page.find("<li>HM Treasury (2022). The Green Book: central government guidance on "
                      "appraisal and evaluation. "
                      "https://www.gov.uk/"),
            std::string::npos);
  // The page forbids loading anything even if a library tried.
  EXPECT_NE(html.find("Content-Security-Policy\" content=\"default-src 'none'"), std::string::npos);
  // The libraries are inlined.
  EXPECT_GT(html.size(), 800'000u);
  EXPECT_NE(html.find("vegaEmbed("), std::string::npos);
}

TEST(ReportHtml, NullMetricsAndSuppressedCounts) {
  json doc = sample();
  json& hl = doc["options"][0]["headline"];
  hl["npsv"] = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  hl.erase("bcr");
  hl["qalys_gained"] = {{"mean", 12.0}, {"low", nullptr}, {"high", nullptr}};
  hl["icer_status"] = "less_costly_less_effective";
  hl["icer"] = {{"mean", 41000.0}, {"low", nullptr}, {"high", nullptr}};
  doc["options"][1]["headline"]["icer_status"] = "dominated";
  doc["options"][0]["equity"][0]["net_cost"] = {
      {"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  doc["disclosure"] = {{"threshold", 10},
                       {"rule", "Counts of fewer than 10 people are suppressed."}};
  json& attacks = doc["options"][0]["outcomes"][0];
  ASSERT_EQ(attacks["outcome"], "asthma.events.attack");
  attacks["mean"] = attacks["low"] = attacks["high"] = nullptr;
  attacks["suppressed"] = true;
  json& reach = doc["options"][0]["reach"][0];
  reach["units"] = reach["cost"] =
      reach["cost_per_unit"] = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  reach["suppressed"] = true;
  const std::string html = render_report_html(doc);
  EXPECT_NE(cell(html, "npsv-lcr-damp-remediation").find("n/a"), std::string::npos);
  EXPECT_NE(cell(html, "bcr-lcr-damp-remediation").find("n/a"), std::string::npos);
  EXPECT_EQ(cell(html, "qalys_gained-lcr-damp-remediation"), "<span class=\"mean\">12.0</span>");
  EXPECT_NE(cell(html, "icer-lcr-damp-remediation")
                .find("£41,000</span> <span class=\"unit\">saved per QALY lost"),
            std::string::npos);
  EXPECT_NE(cell(html, "icer-lcr-sensors-with-remediation").find("Dominated"), std::string::npos);
  // Suppressed counts: "<10", with the rule stated, on the first page and in the tables.
  EXPECT_NE(cell(html, "outcome-asthma-attacks-lcr-damp-remediation").find(">&lt;10</span>"),
            std::string::npos);
  EXPECT_NE(cell(html, "outcome-asthma-attacks-lcr-sensors-with-remediation").find("-2,150"),
            std::string::npos);
  EXPECT_NE(cell(html, "glance-reach-lcr-damp-remediation").find(">&lt;10</span> homes treated"),
            std::string::npos);
  EXPECT_NE(html.find("<strong>Disclosure control:</strong> Counts of fewer than 10"),
            std::string::npos);
  EXPECT_NE(html.find("Counts below 10 are shown as &ldquo;&lt;10&rdquo;"), std::string::npos);
  EXPECT_NE(html.find("2 figures withheld by disclosure control"), std::string::npos);

  // Without a threshold, suppressed values still show as suppressed, and no rule is claimed.
  doc["disclosure"]["threshold"] = nullptr;
  const std::string plain = render_report_html(doc);
  EXPECT_NE(cell(plain, "outcome-asthma-attacks-lcr-damp-remediation").find(">suppressed</span>"),
            std::string::npos);
  EXPECT_EQ(plain.find("Disclosure control:"), std::string::npos);
}

TEST(ReportHtml, SparseDocuments) {
  EXPECT_THROW(render_report_html(json::array()), std::invalid_argument);
  EXPECT_THROW(render_report_html(json::object()), std::invalid_argument);
  // Options with nothing but a name: a page without charts, every figure "not available".
  const json doc = {{"title", "Minimal"}, {"options", json::array({{{"name", "A"}}})}};
  const std::string html = render_report_html(doc);
  EXPECT_NE(cell(html, "npsv-a").find("n/a"), std::string::npos);
  EXPECT_NE(cell(html, "pv_costs-a").find("n/a"), std::string::npos);
  EXPECT_NE(html.find("The evaluation has no appraisal summary table."), std::string::npos);
  EXPECT_EQ(html.find("class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("The evaluation has no frontier."), std::string::npos);
}

// Each option on its own: labels of arms, states, processes and not-counted sentences are escaped;
// the incremental table names what dominates an option and gives the ICER against the previous
// frontier option.
json with_arms(json doc) {
  const auto row = [](const std::string& arm, const std::string& label, const char* measure,
                      bool discounted, double per_person) {
    return json{{"arm", arm},
                {"label", label},
                {"measure", measure},
                {"discounted", discounted},
                {"per_person", {{"mean", per_person}, {"low", nullptr}, {"high", nullptr}}},
                {"total", {{"mean", per_person * 1000}, {"low", nullptr}, {"high", nullptr}}},
                {"persons", 1000}};
  };
  doc["arms"] = json::array();
  for (const auto& [arm, label] : std::vector<std::pair<std::string, std::string>>{
           {"lcr_baseline", "Usual <care> & \"more\""},
           {"lcr_damp_remediation", "Damp <b>fix</b>"}})
    for (const bool d : {false, true}) {
      doc["arms"].push_back(row(arm, label, "costs", d, d ? 5034.25 : 6000.5));
      doc["arms"].push_back(row(arm, label, "qalys", d, d ? 8.6546 : 9.1));
      doc["arms"].push_back(row(arm, label, "life_years", d, d ? 9.5 : 10.25));
    }
  const auto inc = [](const std::string& arm, const std::string& label, const char* status,
                      json compared, json icer, json by) {
    return json{{"arm", arm},
                {"label", label},
                {"cost", 5000.0},
                {"qalys", 8.5},
                {"status", status},
                {"compared_with", compared},
                {"icer", icer},
                {"dominated_by", by},
                {"incremental_cost", nullptr},
                {"incremental_qalys", nullptr}};
  };
  doc["incremental"] = {
      inc("lcr_baseline", "Usual <care> & \"more\"", "on_frontier", nullptr, nullptr,
          json::array()),
      inc("lcr_sensors_with_remediation", "Sensors", "dominated", nullptr, nullptr,
          {"lcr_baseline"}),
      inc("lcr_earlier_family_help", "Family help", "extendedly_dominated", nullptr, nullptr,
          {"lcr_baseline", "lcr_combined"}),
      inc("lcr_combined", "All three", "on_frontier", "lcr_baseline", 12345.4, json::array())};
  doc["incremental"][3]["incremental_cost"] = 123.45;
  doc["incremental"][3]["incremental_qalys"] = 0.01;
  doc["trace"] = json::array();
  for (int t = 0; t <= 2; ++t)
    doc["trace"].push_back({{"arm", "lcr_baseline"},
                            {"process", "asthma"},
                            {"state", "uncontrolled"},
                            {"cycle", t},
                            {"date", "2026-0" + std::to_string(t + 4)},
                            {"count", 612.5 - t},
                            {"share", 0.613}});
  doc["labels"]["processes"] = {{"asthma", "Asthma & <wheeze>"}};
  doc["labels"]["states"] = {{"asthma.uncontrolled", "Uncontrolled <i>asthma</i>"}};
  for (json& o : doc["options"]) o.erase("not_counted");
  doc["options"][0]["not_counted"] = {"Adults' <health> & \"cold\"", "Mental health."};
  doc["settings"]["convention"] = {{"state_rewards", "half_cycle"}, {"cycle_zero", false},
                                   {"discount_time", "elapsed"},    {"cycles", 120},
                                   {"cycle_years", 1.0 / 12},       {"text", "Half <cycle>"}};
  return doc;
}

TEST(ReportHtml, EachOptionOnItsOwnEscapesItsLabels) {
  const std::string html = render_report_html(with_arms(sample()));
  const std::string page = without_scripts(html);
  for (const char* raw : {"<care>", "<b>fix", "<wheeze>", "<i>asthma", "<health>", "<cycle>"})
    EXPECT_EQ(page.find(raw), std::string::npos) << raw;
  for (const char* escaped :
       {"Usual &lt;care&gt; &amp; &quot;more&quot;", "Damp &lt;b&gt;fix&lt;/b&gt;",
        "Asthma &amp; &lt;wheeze&gt;", "Uncontrolled &lt;i&gt;asthma&lt;/i&gt;",
        "Adults&#39; &lt;health&gt; &amp; &quot;cold&quot;", "Half &lt;cycle&gt;"})
    EXPECT_NE(page.find(escaped), std::string::npos) << escaped;
  // Not counted, on the option's card and under its own results.
  EXPECT_EQ(count(page, "<strong>Not counted</strong>"), 2u);
  // Per person, discounted, as decision models print it.
  EXPECT_NE(page.find("£5,034</span>"), std::string::npos);
  EXPECT_NE(page.find("8.655</span>"), std::string::npos);
  // Dominance named with what dominates, ICER against the previous frontier option.
  EXPECT_NE(page.find("Dominated by Usual &lt;care&gt; &amp; &quot;more&quot;"), std::string::npos);
  EXPECT_NE(page.find("Extendedly dominated by a mix of Usual &lt;care&gt; &amp; &quot;more&quot; "
                      "and All three"),
            std::string::npos);
  EXPECT_NE(page.find("£12,345</span> <span class=\"unit\">per QALY"), std::string::npos);
  EXPECT_NE(page.find("On the frontier, against Usual &lt;care&gt;"), std::string::npos);
  // The trace with its shares; monthly cycles are named as such.
  EXPECT_NE(page.find("612.5</span><span class=\"sub\">61.3%</span>"), std::string::npos);
  EXPECT_NE(page.find("120 cycles of 1 month each"), std::string::npos);
}

TEST(ReportFormat, PreciseFiguresForDecisionModels) {
  EXPECT_EQ(format_precise(8.65449), "8.654");
  EXPECT_EQ(format_precise(0.000234), "0.000234");
  EXPECT_EQ(format_precise(123.46), "123.5");
  EXPECT_EQ(format_precise(12345.6), "12,346");
  EXPECT_EQ(format_precise(999.96), "1,000");
  EXPECT_EQ(format_precise(-0.5), "-0.5000");
  EXPECT_EQ(format_precise(0.0), "0");
  EXPECT_EQ(format_precise_money(12.346), "£12.35");
  EXPECT_EQ(format_precise_money(-0.12), "-£0.12");
  EXPECT_EQ(format_precise_money(5034.4), "£5,034");
  EXPECT_EQ(format_precise_money(1234567.4), "£1,234,567");
  EXPECT_EQ(format_precise_money(-0.001), "£0.00");
}

}  // namespace
}  // namespace civicsim::report
