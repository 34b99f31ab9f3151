// The vendored Vega, Vega-Lite and vega-embed JavaScript (third_party/vega/dist), embedded at build time
// by outputs/report/embed_files.cmake. Each function returns the whole minified file, byte for byte.
#pragma once

#include <string_view>

namespace civicsim::report::assets {

std::string_view vega_js();        // vega.min.js
std::string_view vega_lite_js();   // vega-lite.min.js
std::string_view vega_embed_js();  // vega-embed.min.js

}  // namespace civicsim::report::assets
