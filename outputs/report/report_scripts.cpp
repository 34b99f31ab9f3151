// The page's closing <script> elements: Vega, Vega-Lite and vega-embed (vendored, inlined by
// vega_assets.cmake), the chart specifications as JSON, and the small script that draws each chart into
// its <div> and opens every collapsed table for printing.
#include <algorithm>
#include <cctype>

#include "outputs/report/report_sections.hpp"
#include "outputs/report/vega_assets.hpp"

namespace civicsim::report::detail {
namespace {

// JSON that cannot end its <script> element.
std::string script_json(const json& value) {
  const std::string raw = value.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(raw.size() + 64);
  for (const char c : raw) {
    // '<', '>' and '&' only occur inside JSON strings, where the \u escapes mean the same characters.
    if (c == '<')
      out += "\\u003c";
    else if (c == '>')
      out += "\\u003e";
    else if (c == '&')
      out += "\\u0026";
    else
      out += c;
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
    std::transform(next.begin(), next.end(), next.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    if (next == "script") out.replace(pos, 2, "<\\/");
  }
  return out;
}

// Draws every chart whose specification the page carries, and marks its <div> when drawn (the browser
// test waits for data-rendered).
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
    "window.addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach("
    "function(d){d.open=true;});});";

}  // namespace

std::string scripts_html(const json& specs) {
  std::string h;
  h += "<script>" + inline_script(assets::vega_js()) + "\n</script>\n";
  h += "<script>" + inline_script(assets::vega_lite_js()) + "\n</script>\n";
  h += "<script>" + inline_script(assets::vega_embed_js()) + "\n</script>\n";
  h += "<script type=\"application/json\" id=\"civicsim-chart-specs\">" + script_json(specs) +
       "</script>\n";
  h += std::string("<script>") + kEmbedScript + kPrintScript + "</script>\n";
  return h;
}

}  // namespace civicsim::report::detail
