// Building blocks of process compilation: a scenario value (a stratified number, a condition, a
// modifier, a numeric expression) as a LookupTable, index plans over a union of variables, and cell
// descriptions for messages. Apart from compile.cpp so that the rules for each kind of value read
// in one place.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/core/input_error.hpp"
#include "engine/expr/table.hpp"
#include "engine/process/catalogue.hpp"
#include "engine/process/compiled.hpp"
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

// A stratified value as a table over the variables of its "by" attributes.
std::optional<expr::LookupTable> stratified_table(const StratifiedValue& value, const Site& site);

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

// A numeric expression as a table (utilities).
std::optional<expr::LookupTable> number_table(const std::string& text, const std::string& json_path,
                                              const Site& site);

// For a household process: true if household rows have every variable of `table`; else a
// Diagnostic at `json_path` naming the first that they do not (a person's age, say).
bool readable_by_entity(const expr::LookupTable& table, Entity entity,
                        const std::string& json_path, const Site& site);

// The sorted union of the tables' variables.
std::vector<size_t> union_variables(const std::vector<const expr::LookupTable*>& tables);

// The plan for tables over `variables` (row-major, last fastest).
IndexPlan make_plan(const std::vector<size_t>& variables, const RunCatalogue& catalogue);

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
  std::string describe() const;  // " where age 5, sex 'male'" ("" for a table over nothing)

 private:
  const std::vector<size_t>& variables_;
  const RunCatalogue& catalogue_;
  std::vector<size_t> domains_, codes_, index_;
  std::vector<std::vector<size_t>> stride_;  // [table][union variable]
  size_t cells_ = 1;
};

}  // namespace civicsim::process
