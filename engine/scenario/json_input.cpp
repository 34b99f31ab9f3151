// The parse callback keeps a stack of the containers being read (the key or index of the member
// being read in each), which is both the depth and the JSON path of the current value.
#include "engine/scenario/json_input.hpp"

#include <algorithm>
#include <unordered_set>
#include <vector>

#include "engine/core/input_limits.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

// "line L, column C" of the character at 1-based byte count `byte` (nlohmann's parse_error::byte).
std::string position_text(const std::string& text, size_t byte) {
  const size_t offset = std::min(byte == 0 ? 0 : byte - 1, text.size());
  size_t line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(offset - line_start + 1);
}

// The parser's own words without its "[json.exception...] parse error at line L, column C: "
// prefix, since the position is already in the diagnostic's location.
std::string parser_message(const json::exception& e) {
  const std::string what = e.what();
  const size_t at = what.find("parse error");
  const size_t colon = at == std::string::npos ? std::string::npos : what.find(": ", at);
  if (colon != std::string::npos) return what.substr(colon + 2);
  const size_t bracket = what.find("] ");
  return bracket == std::string::npos ? what : what.substr(bracket + 2);
}

// Thrown by the callback to stop the parse at once (the document is then too deep to build).
struct Stop {
  Diagnostic diagnostic;
};

// Follows the parse: where the current value is, and the keys seen in each open object.
class PathTracker {
 public:
  PathTracker(const std::string& file, DiagnosticList& out) : file_(file), out_(out) {}

  bool on_event(json::parse_event_t event, const json& parsed) {
    switch (event) {
      case json::parse_event_t::object_start:
      case json::parse_event_t::array_start:
        if (levels_.size() >= limits::kMaxJsonDepth) {
          throw Stop{
              {file_, path(),
               "JSON nested at most " + std::to_string(limits::kMaxJsonDepth) + " levels deep",
               std::string(event == json::parse_event_t::object_start ? "an object" : "an array") +
                   " at level " + std::to_string(levels_.size() + 1)}};
        }
        levels_.push_back({event == json::parse_event_t::array_start});
        return true;
      case json::parse_event_t::key: {
        Level& level = levels_.back();
        const auto& key = parsed.get_ref<const std::string&>();
        level.key = key;
        level.in_member = true;
        check_length(key, "a key");
        if (!level.keys.insert(key).second)
          out_.add(file_, path(), "each key at most once in an object",
                   "key '" + shortened(key) + "' a second time");
        return true;
      }
      case json::parse_event_t::value:
        if (parsed.is_string()) check_length(parsed.get_ref<const std::string&>(), "a string");
        end_value();
        return true;
      case json::parse_event_t::object_end:
      case json::parse_event_t::array_end:
        levels_.pop_back();
        end_value();
        return true;
    }
    return true;
  }

  // The JSON pointer of the value being read ("/" for the root).
  std::string path() const {
    std::string out;
    for (const Level& level : levels_) {
      if (level.array) {
        out += "/" + std::to_string(level.index);
      } else if (level.in_member) {
        out += "/" + pointer_token(level.key);
      } else {
        break;  // between members: the object itself
      }
    }
    return out.empty() ? "/" : out;
  }

 private:
  struct Level {
    bool array = false;
    size_t index = 0;        // array: the item being read
    std::string key = {};    // object: the member being read
    bool in_member = false;  // object: a key was read and its value not yet
    std::unordered_set<std::string> keys = {};
  };

  void end_value() {
    if (levels_.empty()) return;
    Level& level = levels_.back();
    if (level.array) {
      ++level.index;
    } else {
      level.in_member = false;
    }
  }

  void check_length(const std::string& s, const char* what) {
    if (s.size() > limits::kMaxJsonStringBytes)
      out_.add(file_, path(),
               std::string(what) + " of at most " + std::to_string(limits::kMaxJsonStringBytes) +
                   " bytes",
               std::string(what) + " of " + std::to_string(s.size()) + " bytes");
  }

  static std::string shortened(const std::string& s) {
    return s.size() <= 80 ? s : s.substr(0, 77) + "...";
  }

  const std::string& file_;
  DiagnosticList& out_;
  std::vector<Level> levels_;
};

}  // namespace

std::optional<json> parse_json_input(const std::string& text, const std::string& file,
                                     DiagnosticList& out) {
  PathTracker tracker(file, out);
  const json::parser_callback_t callback = [&tracker](int, json::parse_event_t event,
                                                      json& parsed) {
    return tracker.on_event(event, parsed);
  };
  try {
    return json::parse(text, callback);
  } catch (const Stop& stop) {
    out.add(stop.diagnostic);
  } catch (const json::out_of_range& e) {
    // nlohmann's only out_of_range while parsing: a number beyond a double's range (406).
    out.add(file, tracker.path(), "a finite number (at most about 1.8e308 in size)",
            parser_message(e));
  } catch (const json::parse_error& e) {
    out.add(file, position_text(text, e.byte), "valid JSON", parser_message(e));
  } catch (const json::exception& e) {
    out.add(file, tracker.path(), "valid JSON", parser_message(e));
  }
  return std::nullopt;
}

json parse_stored_json(const std::string& text) {
  DiagnosticList problems;
  std::optional<json> doc = parse_json_input(text, "", problems);
  return doc && problems.empty() ? std::move(*doc) : json(json::value_t::discarded);
}

std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace civicsim
