// The commissioner's HTML report: every headline number on the page, formatted; text from the document
// escaped; nothing fetched from outside the file; null metrics and suppressed counts shown as such.
#include "outputs/report/report_html.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <string_view>
#include <string>
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
  for (size_t pos = 0; (pos = haystack.find(needle, pos)) != std::string::npos; pos += needle.size()) ++n;
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
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  for (const std::string attr : {"src", "href", "action", "srcset", "poster", "data"}) {
    for (size_t pos = 0; (pos = lower.find(attr, pos)) != std::string::npos; pos += attr.size()) {
      size_t i = pos + attr.size();
      while (i < lower.size() && lower[i] == ' ') ++i;
      if (i >= lower.size() || lower[i] != '=') continue;
      ++i;
      while (i < lower.size() && (lower[i] == ' ' || lower[i] == '"' || lower[i] == '\'' || lower[i] == '\\')) ++i;
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

TEST(ReportHtml, HoldsEveryHeadlineNumberFormatted) {
  const json doc = sample();
  const std::string html = render_report_html(doc);
  const std::vector<std::string> money = {"intervention_cost", "savings_total", "savings_nhs",
                                          "savings_council_childrens_services", "savings_housing", "savings_other",
                                          "npv", "nmb_20000", "nmb_30000", "nmb_70000"};
  ASSERT_EQ(doc["options"].size(), 2u);
  for (const json& option : doc["options"]) {
    const std::string name = option["name"];
    const json& hl = option["headline"];
    auto expect_interval = [&](const std::string& metric, auto format) {
      const std::string c = cell(html, headline_test_id(metric, name));
      const json& m = hl[metric];
      EXPECT_NE(c.find(html_escape(format(m["mean"].get<double>()))), std::string::npos) << metric << " " << name << ": " << c;
      if (m["low"].is_number() && m["high"].is_number()) {
        const std::string range = "(" + html_escape(format(m["low"].get<double>())) + " to " +
                                  html_escape(format(m["high"].get<double>())) + ")";
        EXPECT_NE(c.find(range), std::string::npos) << metric << " " << name << ": " << c << " lacks " << range;
      }
    };
    for (const std::string& metric : money) expect_interval(metric, format_money);
    expect_interval("bcr", format_number);
    expect_interval("qalys_gained", format_number);
    expect_interval("roi", format_percent);
    EXPECT_NE(cell(html, headline_test_id("p_roi_positive", name)).find(format_percent(hl["p_roi_positive"]["mean"].get<double>())),
              std::string::npos);
    const std::string payback = cell(html, headline_test_id("payback_year", name));
    if (hl["payback_year"]["mean"].is_number())
      EXPECT_NE(payback.find(std::to_string(hl["payback_year"]["mean"].get<int>())), std::string::npos) << payback;
    else
      EXPECT_NE(payback.find("Not within 5 years"), std::string::npos) << payback;
    const std::string icer = cell(html, headline_test_id("icer", name));
    if (hl["icer_status"] == "dominant")
      EXPECT_NE(icer.find("Dominant"), std::string::npos) << icer;
    else
      EXPECT_NE(icer.find(format_money(hl["icer"]["mean"].get<double>()) + "</span> <span class=\"unit\">per QALY"),
                std::string::npos)
          << icer;
  }
  // The sample's own numbers, spelt out once so a formatting change is seen for what it is.
  EXPECT_NE(cell(html, "npv-family-support").find("£3.7m"), std::string::npos);
  EXPECT_NE(cell(html, "npv-family-support").find("(-£2.9m to £13.1m)"), std::string::npos);
  EXPECT_NE(cell(html, "icer-warm-homes-for-asthma").find("£27,900"), std::string::npos);
  EXPECT_NE(cell(html, "bcr-warm-homes-for-asthma").find("0.65"), std::string::npos);
  EXPECT_NE(cell(html, "frontier-baseline-current-services").find("Dominated"), std::string::npos);
  EXPECT_NE(html.find(">£408.9m</td>"), std::string::npos);  // frontier totals: one more figure
  EXPECT_NE(html.find(">£412.6m</td>"), std::string::npos);
  // Settings, options and sources are on the page.
  EXPECT_NE(html.find(html_escape(doc["question"].get<std::string>())), std::string::npos);
  EXPECT_NE(html.find("30 June 2025"), std::string::npos);
  EXPECT_NE(html.find("3.5% a year and health at 1.5% a year"), std::string::npos);
  EXPECT_NE(html.find("£20,000, £30,000 and £70,000 per QALY"), std::string::npos);
  EXPECT_NE(html.find("2024/25 prices"), std::string::npos);
  EXPECT_NE(html.find("run 5 times"), std::string::npos);
  for (const json& s : doc["sources"]) EXPECT_NE(html.find(html_escape(s.get<std::string>())), std::string::npos);
}

TEST(ReportHtml, EveryChartHasASpecification) {
  const std::string html = render_report_html(sample());
  const std::vector<std::string> charts = {"chart-over-time",    "chart-costs-by-payer",    "chart-ce-plane",
                                           "chart-ceac",         "chart-equity-imd",        "chart-equity-council",
                                           "chart-outcomes-by-group", "chart-tornado"};
  const std::string open = "<script type=\"application/json\" id=\"civicsim-chart-specs\">";
  const auto start = html.find(open);
  ASSERT_NE(start, std::string::npos);
  const auto from = start + open.size();
  const json specs = json::parse(html.substr(from, html.find("</script>", from) - from));
  for (const std::string& id : charts) {
    EXPECT_NE(html.find("<div class=\"chart\" id=\"" + id + "\""), std::string::npos) << id;
    ASSERT_TRUE(specs.contains(id)) << id;
    EXPECT_FALSE(specs[id].contains("$schema"));  // no URL, and vega-embed is told the mode instead
  }
  EXPECT_EQ(specs.size(), charts.size());
  // Threshold lines on the plane, from the settings.
  EXPECT_NE(specs["chart-ce-plane"].dump().find("£70k per QALY"), std::string::npos);
}

TEST(ReportHtml, EscapesTextFromTheDocument) {
  json doc = sample();
  doc["options"][0]["assumptions"] = "Costs <script>alert('a')</script> & \"more\"";
  doc["options"][1]["name"] = "Homes </script><script>alert(2)</script>";
  doc["title"] = "<b>Bold</b> title";
  doc["sources"].push_back("<img src=x onerror=alert(3)>");
  const std::string html = render_report_html(doc);
  const std::string page = without_scripts(html);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(page.find("<img"), std::string::npos);
  EXPECT_EQ(page.find("<b>Bold"), std::string::npos);
  EXPECT_NE(html.find("Costs &lt;script&gt;alert(&#39;a&#39;)&lt;/script&gt; &amp; &quot;more&quot;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;Bold&lt;/b&gt; title"), std::string::npos);
  // The option name also goes into the chart specifications, as JSON that cannot end its element:
  // the page has exactly its own five scripts (three libraries, the specifications, the loader).
  EXPECT_EQ(count(html, "<script"), 5u);
  EXPECT_EQ(count(html, "</script"), 5u);
  EXPECT_NE(html.find("Homes \\u003c/script\\u003e\\u003cscript\\u003ealert(2)"), std::string::npos);
}

TEST(ReportHtml, FetchesNothingFromOutside) {
  const std::string html = render_report_html(sample());
  // No attribute anywhere (inlined libraries included) points at another site or protocol-relative URL.
  EXPECT_FALSE(has_external_reference(html));
  EXPECT_TRUE(has_external_reference("<img src = 'https://example.org/x.png'>"));  // the check itself works
  EXPECT_TRUE(has_external_reference("<a HREF=//example.org>"));
  EXPECT_FALSE(has_external_reference("<a href=\"#settings\">"));
  const std::string page = without_scripts(html);
  EXPECT_EQ(page.find("url("), std::string::npos);
  EXPECT_EQ(page.find("@import"), std::string::npos);
  EXPECT_EQ(count(page, "<link"), 0u);
  EXPECT_EQ(html.find("sourceMappingURL"), std::string::npos);
  // Citations with addresses stay plain text.
  EXPECT_NE(page.find("<li>HM Treasury (2022). The Green Book: central government guidance on appraisal and evaluation. "
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
  hl["npv"] = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  hl.erase("bcr");
  hl["qalys_gained"] = {{"mean", 12.0}, {"low", nullptr}, {"high", nullptr}};
  hl["payback_year"] = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  hl["icer_status"] = "less_costly_less_effective";
  hl["icer"] = {{"mean", 41000.0}, {"low", nullptr}, {"high", nullptr}};
  doc["options"][1]["headline"]["icer_status"] = "dominated";
  doc["options"][0]["equity"][0]["net_cost"] = {{"mean", nullptr}, {"low", nullptr}, {"high", nullptr}};
  const std::string html = render_report_html(doc);
  EXPECT_NE(cell(html, "npv-family-support").find("n/a"), std::string::npos);
  EXPECT_NE(cell(html, "bcr-family-support").find("n/a"), std::string::npos);
  EXPECT_EQ(cell(html, "qalys_gained-family-support"), "<span class=\"mean\">12.0</span>");
  EXPECT_NE(cell(html, "payback_year-family-support").find("Not within 5 years"), std::string::npos);
  EXPECT_NE(cell(html, "icer-family-support").find("£41,000</span> <span class=\"unit\">saved per QALY lost"),
            std::string::npos);
  EXPECT_NE(cell(html, "icer-warm-homes-for-asthma").find("Dominated"), std::string::npos);
  // Suppressed counts: "<10", with the rule stated.
  EXPECT_NE(cell(html, "outcome-asthma-attacks-avoided-family-support").find(">&lt;10</span>"), std::string::npos);
  EXPECT_NE(cell(html, "outcome-asthma-deaths-avoided-warm-homes-for-asthma").find(">&lt;10</span>"), std::string::npos);
  EXPECT_NE(cell(html, "outcome-asthma-attacks-avoided-warm-homes-for-asthma").find("1,841"), std::string::npos);
  EXPECT_NE(html.find("<strong>Disclosure control:</strong> Counts of fewer than 10"), std::string::npos);
  EXPECT_NE(html.find("Counts below 10 are shown as &ldquo;&lt;10&rdquo;"), std::string::npos);

  // Without a threshold, suppressed values still show as suppressed, and no rule is claimed.
  doc["disclosure"]["threshold"] = nullptr;
  const std::string plain = render_report_html(doc);
  EXPECT_NE(cell(plain, "outcome-asthma-attacks-avoided-family-support").find(">suppressed</span>"), std::string::npos);
  EXPECT_EQ(plain.find("Disclosure control:"), std::string::npos);
}

TEST(ReportHtml, SparseDocuments) {
  EXPECT_THROW(render_report_html(json::array()), std::invalid_argument);
  EXPECT_THROW(render_report_html(json::object()), std::invalid_argument);
  // Options with nothing but a name: a page without charts, every figure "not available".
  const json doc = {{"title", "Minimal"}, {"options", json::array({{{"name", "A"}}})}};
  const std::string html = render_report_html(doc);
  EXPECT_NE(cell(html, "npv-a").find("n/a"), std::string::npos);
  EXPECT_EQ(html.find("class=\"chart\""), std::string::npos);
  EXPECT_NE(html.find("The evaluation has no frontier."), std::string::npos);
}

}  // namespace
}  // namespace civicsim::report
