// Parsing JSON text from users within the limits of engine/core/input_limits.hpp.
//
// nlohmann's parser accepts any depth, any string length and repeated keys (the last one wins),
// and reports an overflowing number such as 1e400 without saying where it is. Here a callback
// follows the parse, so the JSON path of the value being read is always known: a document nested
// too deep is refused while it is parsed (nothing that recurses over a document ever sees it), a
// repeated key or an over-long string is reported at its path, and a number out of a double's
// range is reported at its path.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/input_error.hpp"

namespace civicsim {

// The document in `text`, or nothing when it could not be parsed (bad syntax, nested deeper than
// limits::kMaxJsonDepth, a number beyond a double's range). Every problem is added to `out`
// labelled `file`, located by JSON path ("/processes/asthma/cost") or, for bad syntax, by "line L,
// column C". A repeated key or a string longer than limits::kMaxJsonStringBytes is added to `out`
// too, but the document is still returned, so that its other problems can be reported with it.
std::optional<nlohmann::json> parse_json_input(const std::string& text, const std::string& file,
                                               DiagnosticList& out);

// A document civicsim stored itself (a result file's /meta/scenario_json), parsed within the same
// limits, or a discarded value (is_discarded()) when it is not valid JSON within them: for readers
// that treat such a document as absent. A result file is input too, and may have been edited.
nlohmann::json parse_stored_json(const std::string& text);

// `key` as one token of a JSON pointer (RFC 6901: '~' becomes "~0", '/' becomes "~1").
std::string pointer_token(std::string_view key);

}  // namespace civicsim
