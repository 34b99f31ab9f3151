// The catalogue of what expressions in a scenario may read: variables and their attributes.
//
// Every attribute an expression can name has a finite integer domain. Attributes are grouped into
// variables: a variable is one integer code per agent (age 0..110, an area row 0..988, a process
// state), and an attribute is a function of one variable's code (area.imd_quintile and area.council
// are both functions of the area code). Because every expression then depends on a few variables
// with finite domains, the loader can precompute it over the Cartesian product of their codes into
// a lookup table (engine/expr/table.hpp), and the hot loop does one table look-up per agent.
//
// The catalogue is built once while a scenario loads (population attributes first, then one
// variable per process state and time in state) and is read-only afterwards. Misuse by engine code
// (a duplicate name, a value table of the wrong length) throws std::invalid_argument at build time;
// names that come from scenario files should be checked with is_valid_attribute_name() and find()
// first, so that users get a Diagnostic instead.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace civicsim::expr {

// One integer code per agent, 0 .. domain-1.
struct Variable {
  std::string name;  // e.g. "age", "area", "asthma", "asthma.time_in_state"; used in messages
  size_t domain = 0;
  std::string description = {};
  // The last code stands for itself and everything above (age 110: 110 and over), so a comparison
  // that needs a value beyond it to decide is an error (open_range.hpp).
  bool open_top = false;
};

// A named function of one variable's code, as written in expressions.
struct Attribute {
  enum class Type { kNumber, kCategory, kBoolean };
  std::string name;  // as written in expressions, e.g. "household.damp", "age", "area.imd_score"
  size_t variable = 0;
  Type type = Type::kNumber;
  // The value per code of the variable (size = its domain). Numbers: any finite value; booleans: 0
  // or 1; categories: the index of the label in `labels`.
  std::vector<double> value_of_code = {};
  std::vector<std::string> labels = {};  // categories only: the label of each value
  std::string description = {};
};

// Whether `name` can be written in an expression: identifiers ([A-Za-z_][A-Za-z0-9_]*) joined by
// dots, none of them a keyword (true, false, and, or, not, in).
bool is_valid_attribute_name(std::string_view name);

// "a, b, c" — or the first `max_items` followed by "... (N in all)" so messages stay readable when
// a category has hundreds of labels (989 LSOAs).
std::string join_names(const std::vector<std::string>& names, size_t max_items = 30);

class Catalogue {
 public:
  // Low-level building blocks. Both return the new id.
  size_t add_variable(std::string name, size_t domain, std::string description = "");
  size_t add_attribute(Attribute attribute);
  // Another name for an existing attribute (e.g. "council" for "area.council"); not listed in
  // attribute_names(), so messages list each attribute once.
  void add_alias(std::string alias, std::string_view attribute_name);

  // Conveniences for the common case of a variable with one attribute of the same name; each
  // returns the variable id. Integers first..last: code c has the value first + c.
  size_t add_integer_variable(std::string name, int first, int last, std::string description = "");
  // Labels: code c is labels[c].
  size_t add_category_variable(std::string name, std::vector<std::string> labels,
                               std::string description = "");
  // Code 0 is false, code 1 true.
  size_t add_boolean_variable(std::string name, std::string description = "");

  // Marks variable `id`'s last code as standing for itself and above (Variable::open_top).
  void mark_open_top(size_t id) { variables_.at(id).open_top = true; }

  // The attribute called `name` (or an alias of it).
  std::optional<size_t> find(std::string_view name) const;
  // As find(), but a name without the entity's prefix also resolves: with default_prefix
  // "household.", "damp" finds "household.damp". The prefixed name wins when both exist, because
  // inside a household process an unqualified name is about the household.
  std::optional<size_t> resolve(std::string_view name, std::string_view default_prefix) const;
  std::optional<size_t> find_variable(std::string_view name) const;
  // The index of `label` among a category attribute's labels.
  std::optional<size_t> label_index(size_t attribute, std::string_view label) const;

  const Variable& variable(size_t id) const { return variables_.at(id); }
  const Attribute& attribute(size_t id) const { return attributes_.at(id); }
  size_t variable_count() const { return variables_.size(); }
  size_t attribute_count() const { return attributes_.size(); }

  // Attribute names in declaration order (aliases left out), and the same joined for messages.
  std::vector<std::string> attribute_names() const;
  std::string attribute_list() const { return join_names(attribute_names(), 1000); }

 private:
  std::vector<Variable> variables_;
  std::vector<Attribute> attributes_;
  std::map<std::string, size_t, std::less<>> attribute_by_name_;  // names and aliases
  std::map<std::string, size_t, std::less<>> variable_by_name_;
};

}  // namespace civicsim::expr
