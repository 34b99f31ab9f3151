// The catalogue of variables and attributes: building it, checking it, and finding names.
#include "engine/expr/catalogue.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace civicsim::expr {
namespace {

bool is_identifier(std::string_view part) {
  if (part.empty()) return false;
  const auto letter = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  };
  if (!letter(part[0])) return false;
  for (char c : part)
    if (!letter(c) && !(c >= '0' && c <= '9')) return false;
  return part != "true" && part != "false" && part != "and" && part != "or" && part != "not" &&
         part != "in";
}

[[noreturn]] void misuse(const std::string& what) {
  throw std::invalid_argument("expression catalogue: " + what);
}

void check_values(const Attribute& a, size_t domain) {
  if (a.value_of_code.size() != domain)
    misuse("attribute " + a.name + " has " + std::to_string(a.value_of_code.size()) +
           " values for a variable of " + std::to_string(domain) + " codes");
  for (double v : a.value_of_code) {
    switch (a.type) {
      case Attribute::Type::kNumber:
        if (!std::isfinite(v)) misuse("attribute " + a.name + " has a non-finite value");
        break;
      case Attribute::Type::kBoolean:
        if (v != 0.0 && v != 1.0) misuse("boolean attribute " + a.name + " has a value not 0 or 1");
        break;
      case Attribute::Type::kCategory:
        if (!(v >= 0.0) || v >= static_cast<double>(a.labels.size()) || v != std::floor(v))
          misuse("category attribute " + a.name + " has a value that is not a label index");
        break;
    }
  }
  if (a.type != Attribute::Type::kCategory && !a.labels.empty())
    misuse("attribute " + a.name + " has labels but is not a category");
}

}  // namespace

bool is_valid_attribute_name(std::string_view name) {
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    if (!is_identifier(name.substr(start, dot - start))) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

std::string join_names(const std::vector<std::string>& names, size_t max_items) {
  std::string out;
  const size_t shown = std::min(names.size(), max_items);
  for (size_t i = 0; i < shown; ++i) {
    if (i > 0) out += ", ";
    out += names[i];
  }
  if (shown < names.size()) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

size_t Catalogue::add_variable(std::string name, size_t domain, std::string description) {
  if (domain == 0) misuse("variable " + name + " has an empty domain");
  if (variable_by_name_.count(name) != 0) misuse("variable " + name + " is declared twice");
  const size_t id = variables_.size();
  variable_by_name_.emplace(name, id);
  variables_.push_back({std::move(name), domain, std::move(description)});
  return id;
}

size_t Catalogue::add_attribute(Attribute attribute) {
  if (!is_valid_attribute_name(attribute.name))
    misuse("'" + attribute.name + "' cannot be written in an expression");
  if (attribute_by_name_.count(attribute.name) != 0)
    misuse("attribute " + attribute.name + " is declared twice");
  if (attribute.variable >= variables_.size())
    misuse("attribute " + attribute.name + " refers to an unknown variable");
  check_values(attribute, variables_[attribute.variable].domain);
  const size_t id = attributes_.size();
  attribute_by_name_.emplace(attribute.name, id);
  attributes_.push_back(std::move(attribute));
  return id;
}

void Catalogue::add_alias(std::string alias, std::string_view attribute_name) {
  const auto target = find(attribute_name);
  if (!target) misuse("alias " + alias + " names an unknown attribute");
  if (!is_valid_attribute_name(alias)) misuse("'" + alias + "' cannot be written in an expression");
  if (!attribute_by_name_.emplace(std::move(alias), *target).second) misuse("alias declared twice");
}

size_t Catalogue::add_integer_variable(std::string name, int first, int last,
                                       std::string description) {
  if (last < first) misuse("variable " + name + " has an empty range");
  const size_t domain = static_cast<size_t>(last - first) + 1;
  const size_t v = add_variable(name, domain, description);
  Attribute a{.name = std::move(name), .variable = v, .type = Attribute::Type::kNumber};
  for (size_t c = 0; c < domain; ++c) a.value_of_code.push_back(first + static_cast<double>(c));
  a.description = std::move(description);
  add_attribute(std::move(a));
  return v;
}

size_t Catalogue::add_category_variable(std::string name, std::vector<std::string> labels,
                                        std::string description) {
  const size_t v = add_variable(name, labels.size(), description);
  Attribute a{.name = std::move(name), .variable = v, .type = Attribute::Type::kCategory};
  for (size_t c = 0; c < labels.size(); ++c) a.value_of_code.push_back(static_cast<double>(c));
  a.labels = std::move(labels);
  a.description = std::move(description);
  add_attribute(std::move(a));
  return v;
}

size_t Catalogue::add_boolean_variable(std::string name, std::string description) {
  const size_t v = add_variable(name, 2, description);
  add_attribute({.name = std::move(name),
                 .variable = v,
                 .type = Attribute::Type::kBoolean,
                 .value_of_code = {0.0, 1.0},
                 .labels = {},
                 .description = std::move(description)});
  return v;
}

std::optional<size_t> Catalogue::find(std::string_view name) const {
  const auto it = attribute_by_name_.find(name);
  if (it == attribute_by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<size_t> Catalogue::resolve(std::string_view name,
                                         std::string_view default_prefix) const {
  if (!default_prefix.empty()) {
    std::string prefixed(default_prefix);
    prefixed += name;
    if (auto id = find(prefixed)) return id;
  }
  return find(name);
}

std::optional<size_t> Catalogue::find_variable(std::string_view name) const {
  const auto it = variable_by_name_.find(name);
  if (it == variable_by_name_.end()) return std::nullopt;
  return it->second;
}

std::optional<size_t> Catalogue::label_index(size_t attribute_id, std::string_view label) const {
  const auto& labels = attribute(attribute_id).labels;
  for (size_t i = 0; i < labels.size(); ++i)
    if (labels[i] == label) return i;
  return std::nullopt;
}

std::vector<std::string> Catalogue::attribute_names() const {
  std::vector<std::string> names;
  names.reserve(attributes_.size());
  for (const auto& a : attributes_) names.push_back(a.name);
  return names;
}

}  // namespace civicsim::expr
