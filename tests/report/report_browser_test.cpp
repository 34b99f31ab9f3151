// The report in a real browser: headless Chromium loads the sample report from a file and dumps the
// DOM after the scripts ran. Every chart must hold an SVG drawn by vega-embed, with marks in it; the
// headline numbers must be on the page; no table may overflow its column at 800 px or 1400 px; the
// printed PDF must keep the first page on its own with nothing cut at the page's edge; the text a
// reader sees holds no identifier. Needs Debian's chromium and poppler-utils (scripts/install_deps.sh);
// without them the tests fail rather than pass unseen.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <regex>
#include <set>
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

// Text as a DOM dump writes it: only &, < and > are entities.
std::string dom_text(const std::string& text) {
  std::string out;
  for (const char c : text) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

json sample() {
  std::ifstream in(civicsim::testing::source_dir() / "tests" / "report" / "sample_evaluation.json");
  return json::parse(in);
}

// Runs Chromium headless on a page with extra flags (--dump-dom, --print-to-pdf=...), stdout to `out`.
// Virtual time lets the page's scripts finish without waiting in real time; a fresh profile keeps
// parallel runs apart.
void chromium(const civicsim::testing::TempDir& dir, const std::filesystem::path& page,
              const std::string& flags, const std::filesystem::path& out) {
  const std::filesystem::path binary = chromium_binary();
  ASSERT_TRUE(std::filesystem::exists(binary))
      << binary
      << " not found: the browser tests need Chromium. Run scripts/install_deps.sh (Debian "
         "packages "
      << "chromium and chromium-driver), or set CIVICSIM_CHROMIUM to a Chromium binary.";
  const auto err_file = dir / "chromium.log";
  const std::string command =
      "(timeout 90 '" + binary.string() +
      "' --headless=new --no-sandbox --disable-gpu --disable-extensions --no-first-run "
      "--hide-scrollbars --disable-background-networking --disable-sync --mute-audio "
      "--user-data-dir='" +
      (dir / "profile").string() + "' --virtual-time-budget=20000 " + flags + " 'file://" +
      page.string() + "' > '" + out.string() + "' 2> '" + err_file.string() + "')";
  const auto started = std::chrono::steady_clock::now();
  const auto result = civicsim::testing::run_command(command);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  ASSERT_EQ(result.exit_code, 0) << "chromium failed:\n" << result.output << read_all(err_file);
  if (seconds > 30.0) std::cerr << "note: chromium took " << seconds << " s (machine busy?)\n";
}

// Measures the laid-out page once every chart is drawn (details opened, as printing opens them) and
// writes the result into the DOM as JSON: the content column's edges, the page's scroll width, every
// table's box and its wrapper's, every chart's drawing.
const char* const kMeasureScript = R"js(
(function () {
  function box(e) { var r = e.getBoundingClientRect(); return {left: r.left, right: r.right, width: r.width}; }
  function measure() {
    document.querySelectorAll('details').forEach(function (d) { d.open = true; });
    var main = document.querySelector('main'), cs = getComputedStyle(main), m = box(main);
    var out = {viewport: document.documentElement.clientWidth, scroll: document.documentElement.scrollWidth,
               content_right: m.right - parseFloat(cs.paddingRight), tables: [], charts: []};
    document.querySelectorAll('table').forEach(function (t) {
      var b = box(t);
      out.tables.push({id: t.id || t.className, right: b.right, width: b.width, scroll: t.scrollWidth,
                       parent_client: t.parentElement.clientWidth, parent_scroll: t.parentElement.scrollWidth});
    });
    document.querySelectorAll('.chart').forEach(function (c) {
      var s = c.querySelector('svg');
      out.charts.push({id: c.id, right: s ? box(s).right : 0});
    });
    var pre = document.createElement('pre');
    pre.id = 'civicsim-measure';
    pre.textContent = JSON.stringify(out);
    document.body.appendChild(pre);
  }
  function wait(n) {
    var pending = Array.prototype.some.call(document.querySelectorAll('.chart'), function (c) {
      return !c.getAttribute('data-rendered');
    });
    if (!pending || n > 200) measure(); else setTimeout(function () { wait(n + 1); }, 25);
  }
  wait(0);
})();
)js";

// The page with the measuring script before </body> (the page's policy allows inline scripts).
std::string with_measure(const std::string& html, const std::string& extra_body = "") {
  const auto end = html.rfind("</body>");
  return html.substr(0, end) + extra_body + "<script>" + kMeasureScript + "</script>" +
         html.substr(end);
}

json measurement(const std::string& dom) {
  const std::string open = "<pre id=\"civicsim-measure\">";
  const auto start = dom.find(open);
  if (start == std::string::npos) return nullptr;
  std::string text =
      dom.substr(start + open.size(), dom.find("</pre>", start) - start - open.size());
  for (const auto& [entity, c] : std::vector<std::pair<std::string, std::string>>{
           {"&quot;", "\""}, {"&lt;", "<"}, {"&gt;", ">"}, {"&amp;", "&"}})
    for (size_t pos = 0; (pos = text.find(entity, pos)) != std::string::npos;)
      text.replace(pos, entity.size(), c);
  return json::parse(text);
}

// What overflows its column at this width: tables wider than the content column or than their wrapper
// (a scrolled or cut-off table), charts drawn past the column, a page that scrolls sideways.
std::vector<std::string> overflows(const json& m) {
  std::vector<std::string> out;
  const double right = m["content_right"].get<double>() + 1;
  if (m["scroll"].get<double>() > m["viewport"].get<double>() + 1)
    out.push_back("the page scrolls sideways: " + m["scroll"].dump() + " > " +
                  m["viewport"].dump());
  for (const json& t : m["tables"]) {
    const std::string id = t["id"].get<std::string>();
    if (t["right"].get<double>() > right)
      out.push_back("table " + id + " ends at " + t["right"].dump() + " px");
    if (t["parent_scroll"].get<double>() > t["parent_client"].get<double>() + 1 ||
        t["scroll"].get<double>() > t["width"].get<double>() + 1)
      out.push_back("table " + id + " overflows its box: " + t["parent_scroll"].dump() + " > " +
                    t["parent_client"].dump());
  }
  for (const json& c : m["charts"])
    if (c["right"].get<double>() > right)
      out.push_back("chart " + c["id"].get<std::string>() + " ends at " + c["right"].dump());
  return out;
}

// The text a reader sees: the DOM without scripts, styles, <code> (file names, shown as such) and tags,
// with entities for & < > decoded.
std::string visible_text(std::string dom) {
  for (const std::string tag : {"script", "style", "code", "title"}) {
    for (size_t open; (open = dom.find("<" + tag)) != std::string::npos;) {
      const size_t close = dom.find("</" + tag + ">", open);
      if (close == std::string::npos) break;
      dom.erase(open, close + tag.size() + 3 - open);
    }
  }
  std::string out;
  bool in_tag = false;
  for (const char c : dom) {
    if (c == '<')
      in_tag = true, out += ' ';
    else if (c == '>')
      in_tag = false;
    else if (!in_tag)
      out += c;
  }
  return out;
}

// The identifiers of a document: scenario names, outcome, payer, cost-category and intervention ids,
// and the status words the evaluation writes.
std::set<std::string> identifiers(const json& doc) {
  std::set<std::string> ids = {"on_frontier",
                               "more_costly_more_effective",
                               "less_costly_less_effective",
                               "extendedly_dominated",
                               "no_difference",
                               "monte_carlo"};
  ids.insert(doc["baseline"]["name"].get<std::string>());
  for (const json& o : doc["options"]) {
    ids.insert(o["name"].get<std::string>());
    for (const json& r : o["outcomes"]) ids.insert(r["outcome"].get<std::string>());
    for (const json& r : o["over_time"]) ids.insert(r["outcome"].get<std::string>());
    for (const json& r : o["accounting"]) {
      ids.insert(r["item"].get<std::string>());
      if (r["payer"].is_string()) ids.insert(r["payer"].get<std::string>());
    }
    for (const json& r : o["reach"]) ids.insert(r["intervention"].get<std::string>());
  }
  // One-word identifiers ("housing", "other", "placements") are words the page may use; the compound
  // ones (with "_" or ".") are never words.
  std::set<std::string> compound;
  for (const std::string& id : ids)
    if (id.find_first_of("_.") != std::string::npos) compound.insert(id);
  return compound;
}

TEST(ReportBrowser, ChartsRenderAndHeadlineNumbersShow) {
  const json doc = sample();
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
  // Payback, three over-time groups (asthma, damp, need), money by year, plane, curve, two equity,
  // outcomes by group, tornado.
  ASSERT_EQ(charts.size(), 11u);

  const auto dom_file = dir / "dom.html";
  chromium(dir, page, "--window-size=1280,1000 --dump-dom", dom_file);
  const std::string dom = read_all(dom_file);
  ASSERT_NE(dom.find("</html>"), std::string::npos) << "no DOM dumped";
  for (const std::string& id : charts) {
    const std::string open = "id=\"" + id + "\"";
    const auto start = dom.find(open);
    ASSERT_NE(start, std::string::npos) << id << " missing from the rendered page";
    auto end = dom.find("class=\"chart\"", start + open.size());
    if (end == std::string::npos) end = dom.find("</main>", start);
    const std::string body = dom.substr(start, end - start);
    const std::string tag = body.substr(0, body.find('>'));
    EXPECT_NE(tag.find("data-rendered=\"true\""), std::string::npos) << id << " not drawn: " << tag;
    EXPECT_TRUE(body.find("<svg") != std::string::npos) << id << " has no <svg>";
    EXPECT_NE(body.find("class=\"mark-"), std::string::npos) << id << " has no Vega marks";
    // Every chart with options in it has its own legend, drawn with it.
    if (id != "chart-tornado") {
      EXPECT_NE(body.find("role-legend"), std::string::npos) << id << " has no legend of its own";
    }
  }
  EXPECT_EQ(dom.find("data-rendered=\"error\""), std::string::npos) << "a chart reported an error";

  for (const json& option : doc["options"]) {
    const std::string name = option["name"];
    for (const char* metric : {"npsv", "pv_costs", "pv_benefits", "nmb_30000"}) {
      const std::string expected =
          html_escape(format_money(option["headline"][metric]["mean"].get<double>()));
      const std::string key = "data-testid=\"" + headline_test_id(metric, name) + "\">";
      const auto at = dom.find(key);
      ASSERT_NE(at, std::string::npos) << key;
      EXPECT_NE(dom.substr(at, dom.find("</td>", at) - at).find(expected), std::string::npos)
          << key << " " << expected;
    }
  }

  // The tornado's labels are whole: every word of every varied number's label is drawn, nothing cut.
  const auto tornado = dom.find("id=\"chart-tornado\"");
  const std::string tornado_svg = dom.substr(tornado, dom.find("</svg>", tornado) - tornado);
  EXPECT_EQ(tornado_svg.find("\xE2\x80\xA6"), std::string::npos)
      << "a tornado label was cut with an ellipsis";
  for (const json& option : doc["options"])
    for (const json& row : option["one_way"]) {
      std::istringstream words(row["label"].get<std::string>());
      for (std::string w; words >> w;)
        EXPECT_NE(tornado_svg.find(dom_text(w)), std::string::npos)
            << "tornado label word missing: " << w;
    }
}

// No table wider than its column, no chart past it, no sideways scrolling, at a narrow and a wide
// window. The first check of each run is on a control table too wide on purpose, so a measurement
// that saw nothing cannot pass.
TEST(ReportBrowser, TablesFitAt800And1400Pixels) {
  const json doc = sample();
  civicsim::testing::TempDir dir;
  const auto page = dir / "report.html";
  const std::string control =
      "<div class=\"table-wrap\" id=\"control\"><table id=\"control-table\"><tr><td "
      "style=\"white-space:nowrap\">" +
      std::string(400, 'W') + "</td></tr></table></div>";
  for (const int width : {800, 1400}) {
    for (const bool with_control : {true, false}) {
      civicsim::testing::write_file(
          page, with_measure(render_report_html(doc), with_control ? control : ""));
      const auto dom_file = dir / "dom.html";
      chromium(dir, page, "--window-size=" + std::to_string(width) + ",1200 --dump-dom", dom_file);
      const json m = measurement(read_all(dom_file));
      ASSERT_FALSE(m.is_null()) << "the measuring script wrote nothing at " << width << " px";
      EXPECT_EQ(m["viewport"].get<int>(), width);
      EXPECT_GE(m["tables"].size(),
                12u);  // glance, headline, 4 appraisal summaries, reach x2, outcomes x2, ...
      const auto faults = overflows(m);
      if (with_control) {
        EXPECT_FALSE(faults.empty())
            << "the control table's overflow was not seen at " << width << " px";
        continue;
      }
      for (const std::string& f : faults) ADD_FAILURE() << width << " px: " << f;
    }
  }
  // An older document, without labels or financial years: identifiers turned into words and "Not within
  // the period" must wrap like any other text.
  json bare = doc;
  bare.erase("labels");
  for (json& option : bare["options"]) option.erase("label");
  bare["settings"].erase("appraisal");
  bare["options"][0]["assumptions"] =
      "See https://www.gov.uk/government/publications/the-green-book-appraisal-and-evaluation-"
      "in-central-government/the-green-book-2020";
  civicsim::testing::write_file(page, with_measure(render_report_html(bare)));
  chromium(dir, page, "--window-size=800,1200 --dump-dom", dir / "dom.html");
  const json m = measurement(read_all(dir / "dom.html"));
  ASSERT_FALSE(m.is_null());
  for (const std::string& f : overflows(m))
    ADD_FAILURE() << "800 px, a document without labels: " << f;
}

// Printed to PDF (A4): the first page holds the summary and nothing after it; no word runs into the
// page's margin or off it (a cut table would); every option's headline figures are in the text.
TEST(ReportBrowser, PrintsWithTheFirstPageOnItsOwn) {
  ASSERT_EQ(civicsim::testing::run_command("command -v pdftotext").exit_code, 0)
      << "pdftotext not found: run scripts/install_deps.sh (Debian package poppler-utils)";
  const json doc = sample();
  civicsim::testing::TempDir dir;
  const auto page = dir / "report.html";
  civicsim::testing::write_file(page, render_report_html(doc));
  const auto pdf = dir / "report.pdf";
  chromium(dir, page, "--no-pdf-header-footer --print-to-pdf='" + pdf.string() + "'",
           dir / "print.log");
  ASSERT_TRUE(std::filesystem::exists(pdf));
  auto text_of = [&](const std::string& args) {
    const auto r =
        civicsim::testing::run_command("pdftotext " + args + " '" + pdf.string() + "' -");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
  };
  const std::string first = text_of("-f 1 -l 1 -layout");
  const std::string second = text_of("-f 2 -l 2");
  for (const char* expected :
       {"Sample.", "At a glance", "What it costs", "Who pays", "Who saves", "Pays back", "Reach",
        "When each option pays back", "How sure we are", "What is not counted"})
    EXPECT_NE(first.find(expected), std::string::npos) << "page 1 lacks \"" << expected << "\":\n"
                                                       << first;
  // The sample's line comes before any figure.
  EXPECT_LT(first.find("Sample."), first.find("£"));
  // Nothing after the summary shares its page; the next section starts page 2.
  EXPECT_EQ(first.find("Key findings"), std::string::npos) << first;
  EXPECT_NE(second.find("Key findings"), std::string::npos) << second.substr(0, 400);
  for (const json& option : doc["options"]) {
    EXPECT_NE(first.find(format_money(option["headline"]["pv_costs"]["mean"].get<double>())),
              std::string::npos);
    EXPECT_NE(first.find(format_money(option["headline"]["npsv"]["mean"].get<double>())),
              std::string::npos);
  }
  // Every word inside the page: pdftotext -bbox gives each word's box, in points; A4 is 595 wide.
  const std::string boxes = text_of("-bbox");
  const std::regex page_re("<page width=\"([0-9.]+)\"");
  std::smatch pm;
  ASSERT_TRUE(std::regex_search(boxes, pm, page_re));
  const double page_width = std::stod(pm[1]);
  const std::regex word_re("xMax=\"([0-9.]+)\"[^>]*>([^<]*)<");
  size_t words = 0;
  for (auto it = std::sregex_iterator(boxes.begin(), boxes.end(), word_re);
       it != std::sregex_iterator(); ++it, ++words)
    EXPECT_LE(std::stod((*it)[1]), page_width - 20)
        << "\"" << (*it)[2] << "\" runs into the margin or off the page";
  EXPECT_GT(words, 1000u);
}

// The text a reader sees, charts included, holds no identifier: every scenario, outcome, payer, cost
// category and intervention is shown by its label (or its identifier turned into words).
TEST(ReportBrowser, ReadersSeeLabelsNotIdentifiers) {
  json doc = sample();
  // A document without labels must read as words too: drop one label of each kind.
  doc["labels"]["outcomes"].erase("asthma.events.school_day_lost");
  doc["labels"]["payers"].erase("other");
  doc["labels"]["cost_categories"].erase("repairs");
  doc["options"][0].erase("label");
  doc["labels"]["scenarios"].erase("lcr_damp_remediation");
  civicsim::testing::TempDir dir;
  const auto page = dir / "report.html";
  civicsim::testing::write_file(page, render_report_html(doc));
  const auto dom_file = dir / "dom.html";
  chromium(dir, page, "--window-size=1280,1000 --dump-dom", dom_file);
  const std::string text = visible_text(read_all(dom_file));
  ASSERT_GT(text.size(), 10000u);
  for (const std::string& id : identifiers(doc))
    EXPECT_EQ(text.find(id), std::string::npos) << "identifier shown: " << id;
  const size_t underscore = text.find('_');
  EXPECT_EQ(underscore, std::string::npos)
      << text.substr(underscore > 80 ? underscore - 80 : 0, 160);
  EXPECT_NE(text.find("School day lost (asthma)"), std::string::npos);
  EXPECT_NE(text.find("Lcr damp remediation"), std::string::npos);
}

}  // namespace
}  // namespace civicsim::report
