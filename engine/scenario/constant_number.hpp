// Numbers written as constant expressions ("17/1734", "1 - 0.9"): published models state
// probabilities as fractions. Wherever the scenario schema expects a number, a string holding an
// arithmetic expression that reads no variable is accepted, evaluated once at load (by the
// expression language, engine/expr) and range-checked as the number it stands for.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace civicsim {

// The value of `text` as a constant expression, or nothing with `problem` saying why (a syntax
// error, a variable named, not a number, not finite; empty when `text` is one word, "ten", which
// is no expression at all).
std::optional<double> evaluate_constant(const std::string& text, std::string& problem);

}  // namespace civicsim

namespace civicsim::schema {

struct Node;

// Replaces each string that stands where `root` expects a number, and is a valid constant
// expression, by its value; records what was written (JSON pointer -> text) in `written`. Strings
// that are no valid constant are left for validate() to report.
void evaluate_constants(const Node& root, nlohmann::json& doc,
                        std::map<std::string, std::string>& written);

}  // namespace civicsim::schema
