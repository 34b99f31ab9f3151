// Tests of parsing users' JSON within limits (issue #14): depth refused while parsing (no stack
// overflow at any depth), repeated keys and over-long strings reported at their JSON path, numbers
// beyond a double's range reported at their JSON path.
#include "engine/scenario/json_input.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/core/input_limits.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

struct Parsed {
  std::optional<json> doc;
  std::vector<std::string> messages;
};

Parsed parse(const std::string& text) {
  DiagnosticList out;
  Parsed p;
  p.doc = parse_json_input(text, "s.json", out);
  for (const auto& d : out.items()) p.messages.push_back(d.to_string());
  return p;
}

std::string nested(size_t depth, char open, char close, const std::string& inner = "1") {
  std::string text;
  for (size_t i = 0; i < depth; ++i) text += open == '{' ? "{\"a\":" : std::string(1, open);
  return text + inner + std::string(depth, close);
}

std::string pointer(size_t depth, const std::string& step) {
  std::string out;
  for (size_t i = 0; i < depth; ++i) out += step;
  return out;
}

TEST(JsonInput, NestingUpToTheLimitParses) {
  const Parsed p = parse(nested(limits::kMaxJsonDepth, '[', ']'));
  ASSERT_TRUE(p.doc.has_value());
  EXPECT_TRUE(p.messages.empty());
  const Parsed q = parse(nested(limits::kMaxJsonDepth, '{', '}'));
  ASSERT_TRUE(q.doc.has_value());
}

TEST(JsonInput, DeeperNestingIsRefusedAtItsPath) {
  const Parsed p = parse(nested(limits::kMaxJsonDepth + 1, '{', '}'));
  EXPECT_FALSE(p.doc.has_value());
  EXPECT_EQ(p.messages, std::vector<std::string>{"s.json: " + pointer(64, "/a") +
                                                 ": expected JSON nested at most 64 levels deep, "
                                                 "found an object at level 65"});
  const Parsed q = parse("{\"x\": [1, 2, " + nested(100, '[', ']') + "]}");
  EXPECT_EQ(q.messages, std::vector<std::string>{"s.json: /x/2" + pointer(62, "/0") +
                                                 ": expected JSON nested at most 64 levels deep, "
                                                 "found an array at level 65"});
}

// Issue #14: 500,000 nested arrays overflowed the stack of everything that walks a document.
TEST(JsonInput, HalfAMillionLevelsAreRefusedWithoutRecursion) {
  const Parsed arrays = parse(nested(500000, '[', ']'));
  EXPECT_FALSE(arrays.doc.has_value());
  ASSERT_EQ(arrays.messages.size(), 1u);
  EXPECT_NE(arrays.messages[0].find("nested at most 64 levels deep"), std::string::npos);
  const Parsed objects = parse("{\"uncertainty\": " + nested(500000, '{', '}') + "}");
  ASSERT_EQ(objects.messages.size(), 1u);
  EXPECT_EQ(objects.messages[0].rfind("s.json: /uncertainty/a/a/", 0), 0u);
  // A document civicsim stored (a result file's scenario) is held to the same limits.
  EXPECT_TRUE(parse_stored_json(nested(500000, '[', ']')).is_discarded());
  EXPECT_EQ(parse_stored_json("{\"a\": [1]}"), json::parse("{\"a\": [1]}"));
}

// Issue #14: the last of two equal keys won, silently.
TEST(JsonInput, RepeatedKeysAreReportedAtTheirPath) {
  const Parsed p = parse(R"({"name": "a", "p": {"x": 1, "y": {"x": 2}, "x": 3}, "name": "b"})");
  ASSERT_TRUE(p.doc.has_value());  // still parsed, so its other problems can be reported
  EXPECT_EQ(
      p.messages,
      (std::vector<std::string>{
          "s.json: /p/x: expected each key at most once in an object, found key 'x' a second time",
          "s.json: /name: expected each key at most once in an object, found key 'name' a "
          "second time"}));
  EXPECT_TRUE(parse(R"([{"a": 1}, {"a": 2}])").messages.empty());  // one key in each object
  EXPECT_EQ(parse(R"({"a~/b": 1, "a~/b": 2})").messages.at(0).substr(0, 16), "s.json: /a~0~1b:");
}

// Issue #14: 1e400 gave exit status 1 and the parser's message, with no place.
TEST(JsonInput, NumberBeyondADoubleIsReportedAtItsPath) {
  EXPECT_EQ(parse(R"({"seed": 1e400})").messages,
            std::vector<std::string>{"s.json: /seed: expected a finite number (at most about "
                                     "1.8e308 in size), found number overflow parsing '1e400'"});
  EXPECT_EQ(parse(R"({"a": {"b": [0, 1, -2e999]}})").messages.at(0).substr(0, 17),
            "s.json: /a/b/2: e");
  EXPECT_EQ(parse("1e400").messages.at(0).substr(0, 10), "s.json: /:");
  EXPECT_TRUE(parse(R"({"a": 1.7e308, "b": 1e-400})").messages.empty());  // finite, or zero
}

TEST(JsonInput, OverLongStringsAreReported) {
  const std::string big(limits::kMaxJsonStringBytes + 1, 'x');
  EXPECT_EQ(
      parse("{\"d\": \"" + big + "\"}").messages,
      std::vector<std::string>{"s.json: /d: expected a string of at most 1048576 bytes, found "
                               "a string of 1048577 bytes"});
  EXPECT_TRUE(parse("{\"d\": \"" + big.substr(1) + "\"}").messages.empty());
}

TEST(JsonInput, SyntaxErrorsKeepTheirLineAndColumn) {
  EXPECT_EQ(parse("{\n  \"a\": 1,\n}").messages.at(0).substr(0, 28),
            "s.json: line 3, column 1: ex");
}

}  // namespace
}  // namespace civicsim
