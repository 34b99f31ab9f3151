// The report in a real browser: headless Chromium loads the sample report from a file and dumps the
// DOM after the scripts ran. Every chart must hold an SVG drawn by vega-embed, with marks in it, and the
// headline numbers must be on the page. Needs Debian's chromium (scripts/install_deps.sh installs it);
// without it the test fails rather than passing unseen.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "outputs/report/report_html.hpp"
#include "tests/test_support.hpp"

namespace civicsim::report {
namespace {

using json = nlohmann::json;

std::filesystem::path chromium_binary() {
  if (const char* env = std::getenv("CIVICSIM_CHROMIUM"); env && *env) return env;
  return "/usr/bin/chromium";
}

std::string read_all(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(ReportBrowser, ChartsRenderAndHeadlineNumbersShow) {
  const std::filesystem::path chromium = chromium_binary();
  ASSERT_TRUE(std::filesystem::exists(chromium))
      << chromium << " not found: the browser test needs Chromium. Run scripts/install_deps.sh (Debian packages "
      << "chromium and chromium-driver), or set CIVICSIM_CHROMIUM to a Chromium binary.";

  std::ifstream in(civicsim::testing::source_dir() / "tests" / "report" / "sample_evaluation.json");
  const json doc = json::parse(in);
  const std::string html = render_report_html(doc);
  civicsim::testing::TempDir dir;
  const auto page = dir / "report.html";
  civicsim::testing::write_file(page, html);

  // The chart divs the renderer wrote: each must be drawn.
  std::vector<std::string> charts;
  const std::string chart_div = "<div class=\"chart\" id=\"";
  for (size_t pos = 0; (pos = html.find(chart_div, pos)) != std::string::npos;) {
    pos += chart_div.size();
    charts.push_back(html.substr(pos, html.find('"', pos) - pos));
  }
  ASSERT_EQ(charts.size(), 8u);

  // Virtual time lets the page's scripts finish without waiting in real time; a fresh profile keeps
  // parallel runs apart. Output to files inside a subshell, so the browser's stderr chatter stays apart.
  const auto dom_file = dir / "dom.html";
  const auto err_file = dir / "chromium.log";
  const std::string command = "(timeout 60 '" + chromium.string() +
                              "' --headless=new --no-sandbox --disable-gpu --disable-extensions --no-first-run "
                              "--disable-background-networking --disable-sync --mute-audio "
                              "--user-data-dir='" + (dir / "profile").string() +
                              "' --virtual-time-budget=10000 --dump-dom 'file://" + page.string() + "' > '" +
                              dom_file.string() + "' 2> '" + err_file.string() + "')";
  const auto started = std::chrono::steady_clock::now();
  const auto result = civicsim::testing::run_command(command);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const std::string dom = read_all(dom_file);
  ASSERT_EQ(result.exit_code, 0) << "chromium failed:\n" << result.output << read_all(err_file);
  ASSERT_NE(dom.find("</html>"), std::string::npos) << "no DOM dumped; chromium said:\n" << read_all(err_file);
  // A few seconds on a quiet machine; not a failure when the machine is busy (the timeout bounds it).
  RecordProperty("chromium_seconds", std::to_string(seconds));
  if (seconds > 20.0) std::cerr << "note: chromium took " << seconds << " s (machine busy?)\n";

  for (size_t i = 0; i < charts.size(); ++i) {
    const std::string open = "id=\"" + charts[i] + "\"";
    const auto start = dom.find(open);
    ASSERT_NE(start, std::string::npos) << charts[i] << " missing from the rendered page";
    // The chart's own markup: up to the next chart, or the end of the page's main content.
    auto end = dom.find("class=\"chart\"", start + open.size());
    if (end == std::string::npos) end = dom.find("</main>", start);
    const std::string body = dom.substr(start, end - start);
    const std::string tag = body.substr(0, body.find('>'));
    EXPECT_NE(tag.find("data-rendered=\"true\""), std::string::npos) << charts[i] << " not drawn: " << tag;
    EXPECT_TRUE(body.find("<svg") != std::string::npos || body.find("<canvas") != std::string::npos)
        << charts[i] << " has no <svg> or <canvas>";
    EXPECT_NE(body.find("class=\"mark-"), std::string::npos) << charts[i] << " has no Vega marks";
  }
  EXPECT_EQ(dom.find("data-rendered=\"error\""), std::string::npos) << "a chart reported an error";

  // Headline numbers, as the browser shows them.
  for (const json& option : doc["options"]) {
    const std::string name = option["name"];
    for (const char* metric : {"npv", "savings_total", "intervention_cost", "nmb_30000"}) {
      const std::string expected = html_escape(format_money(option["headline"][metric]["mean"].get<double>()));
      const std::string key = "data-testid=\"" + headline_test_id(metric, name) + "\">";
      const auto at = dom.find(key);
      ASSERT_NE(at, std::string::npos) << key;
      EXPECT_NE(dom.substr(at, dom.find("</td>", at) - at).find(expected), std::string::npos) << key << " " << expected;
    }
    const std::string qalys = format_number(option["headline"]["qalys_gained"]["mean"].get<double>());
    EXPECT_NE(dom.find(qalys), std::string::npos) << qalys;
  }
}

}  // namespace
}  // namespace civicsim::report
