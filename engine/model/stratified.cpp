// A stratified value (a constant, an expression or a table by attributes) as a LookupTable.
//
// A table's keys, level by level, become sets of codes of that level's attribute: a label for a
// category or boolean; for a whole-number attribute (age, cycle, a time in state, the IMD quintile)
// "k", "a-b" (inclusive) or "a+" (a and above), and a bare last key carries forward to the end of
// the attribute's values unless "carry_forward" is false. Keys at one level may not share a code,
// and every code must be covered: both are load errors naming the keys or values.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>

#include "engine/model/tables.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim::process {
namespace {

// Whether every value of the attribute is a whole number: its keys may then be ranges.
bool whole_numbers(const expr::Attribute& a) {
  if (a.type != expr::Attribute::Type::kNumber) return false;
  return std::all_of(a.value_of_code.begin(), a.value_of_code.end(),
                     [](double v) { return std::floor(v) == v && std::abs(v) < 1e9; });
}

// Variables whose values run to the number of steps, so a table may list values past a short
// horizon's end (they never occur) and carry its last value past a long one's.
bool runs_with_horizon(const CodeSource& s) {
  return s.kind == CodeKind::kCycle || s.kind == CodeKind::kTimeInState ||
         s.kind == CodeKind::kTimeInGroup || s.kind == CodeKind::kIntervention;
}

struct Range {
  long long low = 0, high = 0;  // inclusive
  bool bare = false;            // written "k"
};

std::optional<long long> whole(std::string_view text) {
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// "k", "a-b" or "a+" (a may be negative: "-1" is the time since of an intervention not received).
std::optional<Range> parse_range(const std::string& key) {
  if (!key.empty() && key.back() == '+') {
    const auto a = whole(std::string_view(key).substr(0, key.size() - 1));
    if (!a) return std::nullopt;
    return Range{*a, std::numeric_limits<long long>::max(), false};
  }
  if (const auto k = whole(key)) return Range{*k, *k, true};
  const size_t dash = key.find('-', 1);
  if (dash == std::string::npos) return std::nullopt;
  const auto a = whole(std::string_view(key).substr(0, dash));
  const auto b = whole(std::string_view(key).substr(dash + 1));
  if (!a || !b || *b < *a) return std::nullopt;
  return Range{*a, *b, false};
}

// Values as written in messages: "0-54, 90".
std::string ranges_text(const std::vector<long long>& values) {
  std::string out;
  for (size_t i = 0; i < values.size();) {
    size_t j = i;
    while (j + 1 < values.size() && values[j + 1] == values[j] + 1) ++j;
    out += (out.empty() ? "" : ", ") + std::to_string(values[i]);
    if (j > i) out += "-" + std::to_string(values[j]);
    i = j + 1;
  }
  return out;
}

// One node of the table's tree: a value, or per code of its level's attribute the child that
// covers it.
struct TrieNode {
  bool leaf = false;
  double value = 0.0;
  std::vector<std::string> keys;  // children's keys, in the order given
  std::vector<std::unique_ptr<TrieNode>> children;
  std::vector<int> child_of_code;  // -1: not covered
};

class TableBuilder {
 public:
  TableBuilder(const StratifiedValue& value, const std::vector<size_t>& attributes,
               const Site& site)
      : value_(value), attributes_(attributes), site_(site), c_(site.catalogue.catalogue) {}

  std::optional<expr::LookupTable> build() {
    for (const auto& [keys, v] : value_.cells) insert(keys, v);
    std::vector<std::string> path;
    if (!resolve(root_, 0, path)) return std::nullopt;
    std::vector<size_t> variables;
    for (size_t a : attributes_) variables.push_back(c_.attribute(a).variable);
    expr::LookupTable table = expr::make_table(variables, c_);
    std::vector<size_t> slot;  // the table slot of each level's variable
    for (size_t a : attributes_)
      slot.push_back(
          static_cast<size_t>(std::lower_bound(table.variables.begin(), table.variables.end(),
                                               c_.attribute(a).variable) -
                              table.variables.begin()));
    std::vector<size_t> codes(table.variables.size(), 0);
    for (size_t cell = 0; cell < table.values.size(); ++cell) {
      size_t rest = cell;
      for (size_t k = 0; k < codes.size(); ++k) {
        codes[k] = rest / table.strides[k];
        rest %= table.strides[k];
      }
      const TrieNode* node = &root_;
      for (size_t level = 0; !node->leaf; ++level)
        node = node->children[static_cast<size_t>(node->child_of_code[codes[slot[level]]])].get();
      table.values[cell] = node->value;
    }
    return table;
  }

 private:
  void insert(const std::vector<std::string>& keys, double v) {
    TrieNode* node = &root_;
    for (const std::string& key : keys) {
      const auto it = std::find(node->keys.begin(), node->keys.end(), key);
      if (it != node->keys.end()) {
        node = node->children[static_cast<size_t>(it - node->keys.begin())].get();
        continue;
      }
      node->keys.push_back(key);
      node->children.push_back(std::make_unique<TrieNode>());
      node = node->children.back().get();
    }
    node->leaf = true;
    node->value = v;
  }

  std::string at(const std::vector<std::string>& path) const {
    std::string out = value_.json_path + "/values";
    for (const std::string& k : path) out += "/" + k;
    return out;
  }

  // Assigns the codes of level `level` to the node's children, then recurses.
  bool resolve(TrieNode& node, size_t level, std::vector<std::string>& path) {
    if (node.leaf) return true;
    if (level == attributes_.size()) {
      site_.add(at(path),
                "a number (the table is by " + std::to_string(level) + " attribute" +
                    (level == 1 ? "" : "s") + ")",
                "a further level of keys");
      return false;
    }
    const expr::Attribute& a = c_.attribute(attributes_[level]);
    const size_t domain = c_.variable(a.variable).domain;
    node.child_of_code.assign(domain, -1);
    const bool ranges = whole_numbers(a);
    bool ok = ranges ? assign_ranges(node, a, path) : assign_labels(node, a, path);
    if (!ok) return false;
    std::vector<long long> uncovered;
    std::vector<std::string> uncovered_labels;
    for (size_t code = 0; code < domain; ++code)
      if (node.child_of_code[code] < 0) {
        if (ranges) {
          uncovered.push_back(static_cast<long long>(a.value_of_code[code]));
        } else {
          const std::string l = label_of(a, code);
          if (std::find(uncovered_labels.begin(), uncovered_labels.end(), l) ==
              uncovered_labels.end())
            uncovered_labels.push_back(l);
        }
      }
    if (!uncovered.empty() || !uncovered_labels.empty()) {
      std::sort(uncovered.begin(), uncovered.end());
      uncovered.erase(std::unique(uncovered.begin(), uncovered.end()), uncovered.end());
      site_.add(at(path),
                "a value for every " + a.name +
                    (ranges ? " (keys \"k\", \"a-b\" or \"a+\"; a bare last key carries forward "
                              "unless carry_forward is false)"
                            : ""),
                "none for " + a.name + " " +
                    (ranges ? ranges_text(uncovered) : expr::join_names(uncovered_labels)));
      return false;
    }
    for (size_t k = 0; k < node.children.size(); ++k) {
      path.push_back(node.keys[k]);
      ok = resolve(*node.children[k], level + 1, path) && ok;
      path.pop_back();
    }
    return ok;
  }

  bool assign_labels(TrieNode& node, const expr::Attribute& a, std::vector<std::string>& path) {
    std::vector<std::string> labels;
    for (size_t code = 0; code < node.child_of_code.size(); ++code) {
      const std::string l = label_of(a, code);
      if (std::find(labels.begin(), labels.end(), l) == labels.end()) labels.push_back(l);
      const auto it = std::find(node.keys.begin(), node.keys.end(), l);
      if (it != node.keys.end())
        node.child_of_code[code] = static_cast<int>(it - node.keys.begin());
    }
    for (const std::string& key : node.keys)
      if (std::find(labels.begin(), labels.end(), key) == labels.end()) {
        path.push_back(key);
        site_.add(at(path), "a label of " + a.name + " (one of: " + expr::join_names(labels) + ")",
                  "'" + key + "'");
        return false;
      }
    return true;
  }

  bool assign_ranges(TrieNode& node, const expr::Attribute& a, std::vector<std::string>& path) {
    std::vector<Range> ranges;
    for (const std::string& key : node.keys) {
      const auto r = parse_range(key);
      if (!r) {
        path.push_back(key);
        site_.add(at(path),
                  "a key of the whole number " + a.name + ": \"k\", \"a-b\" (a <= b) or \"a+\"",
                  "'" + key + "'");
        return false;
      }
      ranges.push_back(*r);
    }
    long long top = std::numeric_limits<long long>::min(), first = top;
    for (double v : a.value_of_code) {
      top = std::max(top, static_cast<long long>(v));
      first = first == std::numeric_limits<long long>::min()
                  ? static_cast<long long>(v)
                  : std::min(first, static_cast<long long>(v));
    }
    // The last key (the highest start) carries forward when written bare.
    size_t last = 0;
    for (size_t k = 1; k < ranges.size(); ++k)
      if (ranges[k].low > ranges[last].low) last = k;
    if (value_.carry_forward && !ranges.empty() && ranges[last].bare)
      ranges[last].high = std::numeric_limits<long long>::max();
    const bool horizon = runs_with_horizon(site_.catalogue.source[a.variable]);
    for (size_t k = 0; k < ranges.size(); ++k)
      if (ranges[k].high < first || (ranges[k].low > top && !horizon)) {
        path.push_back(node.keys[k]);
        site_.add(at(path),
                  "a key within the values of " + a.name + " (" + std::to_string(first) + " to " +
                      std::to_string(top) + ")",
                  "'" + node.keys[k] + "'");
        return false;
      }
    for (size_t code = 0; code < node.child_of_code.size(); ++code) {
      const auto v = static_cast<long long>(a.value_of_code[code]);
      for (size_t k = 0; k < ranges.size(); ++k) {
        if (v < ranges[k].low || v > ranges[k].high) continue;
        const int before = node.child_of_code[code];
        if (before >= 0 && static_cast<size_t>(before) != k) {
          path.push_back(node.keys[k]);
          site_.add(at(path), "keys of " + a.name + " that do not overlap",
                    "'" + node.keys[k] + "' and '" + node.keys[static_cast<size_t>(before)] +
                        "' both cover " + std::to_string(v));
          return false;
        }
        node.child_of_code[code] = static_cast<int>(k);
      }
    }
    return true;
  }

  const StratifiedValue& value_;
  const std::vector<size_t>& attributes_;
  const Site& site_;
  const expr::Catalogue& c_;
  TrieNode root_;
};

// An expression's values outside [lowest, highest]: a Diagnostic naming the first.
bool within_range(const expr::LookupTable& t, const StratifiedValue& value, const Site& site) {
  const auto bad = std::find_if(t.values.begin(), t.values.end(),
                                [&](double v) { return v < value.lowest || v > value.highest; });
  if (bad == t.values.end()) return true;
  CellWalker walk(t.variables, site.catalogue, {&t});
  walk.seek(static_cast<size_t>(bad - t.values.begin()));
  site.add(value.json_path,
           "a value in [" + schema::format_number(value.lowest) + ", " +
               schema::format_number(value.highest) + "] everywhere",
           schema::format_number(*bad) + walk.describe() + " in \"" + value.expression + "\"");
  return false;
}

}  // namespace

std::optional<expr::LookupTable> stratified_table(const StratifiedValue& value, const Site& site) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  if (!value.expression.empty()) {
    auto t = number_table(value.expression, value.json_path, site);
    if (t && !within_range(*t, value, site)) return std::nullopt;
    return t;
  }
  if (value.by.empty()) return expr::make_table({}, c, value.constant);
  std::vector<size_t> attributes;
  bool ok = true;
  for (size_t k = 0; k < value.by.size(); ++k) {
    const auto id = c.find(value.by[k]);
    if (!id) {
      site.add(value.json_path + "/by/" + std::to_string(k),
               "a known attribute (one of: " + c.attribute_list() + ")", "'" + value.by[k] + "'");
      ok = false;
      continue;
    }
    attributes.push_back(*id);
  }
  if (!ok) return std::nullopt;
  return TableBuilder(value, attributes, site).build();
}

}  // namespace civicsim::process
