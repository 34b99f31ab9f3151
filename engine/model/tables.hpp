// Building blocks of process compilation: a scenario value (a stratified number, a condition, a
// modifier, a numeric expression) as a LookupTable, index plans over a union of variables, and cell
// descriptions for messages. Apart from compile.cpp so that the rules for each kind of value read
// in one place.
#pragma once

#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/expr/table.hpp"
#include "engine/model/catalogue.hpp"
#include "engine/model/compiled.hpp"
#include "engine/scenario/process_spec.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim::process {

struct Site {
  const Scenario& scenario;
  const RunCatalogue& catalogue;
  DiagnosticList& errors;
  std::string file(const std::string& json_path) const { return scenario.origin_of(json_path); }
  void add(const std::string& json_path, std::string expected, std::string found) const {
    errors.add(file(json_path), json_path, std::move(expected), std::move(found));
  }
};

// A stratified value as a table: over the variables of its "by" attributes, or of its expression
// (whose values must stay in [value.lowest, value.highest]); see stratified.cpp.
std::optional<expr::LookupTable> stratified_table(const StratifiedValue& value, const Site& site);

// The label of code `code` of attribute `a`: a category's label, a boolean's "true"/"false", a
// number's shortest text ("1", "0.5").
std::string label_of(const expr::Attribute& a, size_t code);

// 1 where `condition` holds, 0 elsewhere (empty condition: the constant 1).
std::optional<expr::LookupTable> condition_table(const std::string& condition,
                                                 const std::string& json_path, const Site& site);

// base x (0/1 condition) x the factor of every modifier x every table of `effects`, over the
// union of their variables.
std::optional<expr::LookupTable> rate_table(const StratifiedValue& base,
                                            const std::string& condition,
                                            const std::string& condition_path,
                                            const std::vector<ModifierSpec>& modifiers,
                                            const Site& site,
                                            std::vector<expr::LookupTable> effects = {});

// The rate factors of the interventions' rate_ratio effects on transition (from, to) of `process`,
// or on its event `event` when that is not empty: each a table over the intervention's receipt
// variable (1 before receipt, then the ratio, waning as declared), for steps of dt years.
std::vector<expr::LookupTable> intervention_effects(const Site& site, const std::string& process,
                                                    const std::string& from, const std::string& to,
                                                    const std::string& event, double dt);

// A transition's named parametric hazard (of process `process`) as its probability per step of dt
// years, over the clock and the parameters' covariates (hazard.cpp).
std::optional<expr::LookupTable> hazard_table(const HazardSpec& hazard, const std::string& process,
                                              double dt, const Site& site);

// A numeric expression as a table (utilities).
std::optional<expr::LookupTable> number_table(const std::string& text, const std::string& json_path,
                                              const Site& site);

// For a household process: true if household rows have every variable of `table`; else a
// Diagnostic at `json_path` naming the first that they do not (a person's age, say).
bool readable_by_entity(const expr::LookupTable& table, Entity entity, const std::string& json_path,
                        const Site& site);

// The sorted union of the tables' variables.
std::vector<size_t> union_variables(const std::vector<const expr::LookupTable*>& tables);

// The plan for tables over `variables` (row-major, last fastest).
IndexPlan make_plan(const std::vector<size_t>& variables, const RunCatalogue& catalogue);

// Merges, variable by variable, the codes of `plan` whose slices of `values` are equal everywhere
// (so a table read through "age < 18" keeps two age classes, not 111 ages), shrinking the tables the
// hot loop reads. `values` holds `rows` blocks of plan.cells cells of `width` values each, row-major
// as the plan lays them out; it is rewritten for the merged plan. A variable left with one class is
// dropped from the plan. Exact: every agent reads the value it read before.
template <class T>
void compress_plan(IndexPlan& plan, std::vector<T>& values, size_t rows, size_t width);

// Tables with at least this many values (cells x width) are compiled and merged by the threads in
// parallel; smaller ones cost less than starting them.
inline constexpr size_t kParallelTable = 65536;

// Walks every cell of a union of variables, giving each table's cell index at that cell (meaningful
// for the tables whose variables are all in the union).
class CellWalker {
 public:
  CellWalker(const std::vector<size_t>& variables, const RunCatalogue& catalogue,
             const std::vector<const expr::LookupTable*>& tables);
  size_t cells() const { return cells_; }
  // Index into tables[k] at the current cell.
  size_t index(size_t k) const { return index_[k]; }
  const std::vector<size_t>& codes() const { return codes_; }
  void next();
  void seek(size_t cell);        // to the cell'th, as that many next() from the first
  std::string describe() const;  // " where age 5, sex 'male'" ("" for a table over nothing)

 private:
  const std::vector<size_t>& variables_;
  const RunCatalogue& catalogue_;
  std::vector<size_t> domains_, codes_, index_;
  std::vector<std::vector<size_t>> stride_;  // [table][union variable]
  size_t cells_ = 1;
};

template <class T>
void compress_plan(IndexPlan& plan, std::vector<T>& values, size_t rows, size_t width) {
  for (size_t j = plan.terms.size(); j-- > 0;) {
    // The layout of the values is [rows x outer][classes of j][inner].
    const size_t stride = plan.terms[j].stride;
    const size_t m = (j == 0 ? plan.cells : plan.terms[j - 1].stride) / stride;
    const size_t inner = stride * width, outer = rows * (plan.cells / (m * stride));
    auto same = [&](size_t a, size_t b) {
      for (size_t o = 0; o < outer; ++o)
        if (!std::equal(values.begin() + static_cast<std::ptrdiff_t>((o * m + a) * inner),
                        values.begin() + static_cast<std::ptrdiff_t>((o * m + a + 1) * inner),
                        values.begin() + static_cast<std::ptrdiff_t>((o * m + b) * inner)))
          return false;
      return true;
    };
    auto hash = [&](size_t a) {  // FNV-1a over the slice's values, to find candidates quickly
      uint64_t h = 1469598103934665603ull;
      for (size_t o = 0; o < outer; ++o)
        for (size_t x = 0; x < inner; ++x) {
          const double v = static_cast<double>(values[(o * m + a) * inner + x]);
          uint64_t bits = 0;
          std::memcpy(&bits, &v, sizeof bits);
          h = (h ^ bits) * 1099511628211ull;
        }
      return h;
    };
    // In parallel where the table is large (asthma's `none` state has 1.76 million cells): each
    // class's hash, then the first class with its values (the first equal one in its bucket, which
    // is its representative; itself if none before it); numbered in order after.
    const bool large = values.size() >= kParallelTable;
    std::vector<uint64_t> hashes(m);
#pragma omp parallel for schedule(static) if (large)
    for (size_t a = 0; a < m; ++a) hashes[a] = hash(a);
    std::unordered_map<uint64_t, std::vector<uint16_t>> buckets;  // classes by hash, in order
    for (size_t a = 0; a < m; ++a) buckets[hashes[a]].push_back(static_cast<uint16_t>(a));
    std::vector<size_t> first_equal(m);
#pragma omp parallel for schedule(dynamic, 8) if (large)
    for (size_t a = 0; a < m; ++a) {
      first_equal[a] = a;
      for (uint16_t b : buckets.at(hashes[a])) {
        if (b >= a) break;
        if (same(b, a)) {
          first_equal[a] = b;
          break;
        }
      }
    }
    std::vector<uint16_t> merged(m);
    std::vector<size_t> representative;
    for (size_t a = 0; a < m; ++a) {
      if (first_equal[a] != a) {
        merged[a] = merged[first_equal[a]];
        continue;
      }
      merged[a] = static_cast<uint16_t>(representative.size());
      representative.push_back(a);
    }
    const size_t m2 = representative.size();
    if (m2 == m) continue;
    std::vector<T> out;
    out.reserve(outer * m2 * inner);
    for (size_t o = 0; o < outer; ++o)
      for (size_t a : representative) {
        const auto first = values.begin() + static_cast<std::ptrdiff_t>((o * m + a) * inner);
        out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(inner));
      }
    values.swap(out);
    Term& t = plan.terms[j];
    if (t.class_of.empty()) {
      t.class_of.resize(m);
      for (size_t c = 0; c < m; ++c) t.class_of[c] = static_cast<uint16_t>(c);
    }
    for (uint16_t& c : t.class_of) c = merged[c];
    plan.cells = static_cast<uint32_t>(plan.cells / m * m2);
    for (size_t k = 0; k < j; ++k)
      plan.terms[k].stride = static_cast<uint32_t>(plan.terms[k].stride / m * m2);
    if (m2 == 1) plan.terms.erase(plan.terms.begin() + static_cast<std::ptrdiff_t>(j));
  }
}

}  // namespace civicsim::process
