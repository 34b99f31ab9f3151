// Compiling services' and interventions' amounts (see amounts.hpp).
#include "engine/services/amounts.hpp"

#include <algorithm>
#include <string>
#include <vector>

namespace civicsim::services {

bool StepAmounts::any() const {
  for (const auto& row : by_cycle)
    for (double gbp : row)
      if (gbp != 0.0) return true;
  return false;
}

bool UnitAmounts::any() const {
  if (!per_row) return by_step.any();
  for (const auto& cell : by_cell)
    for (double gbp : cell)
      if (gbp != 0.0) return true;
  return false;
}

const std::array<double, kPayerCount>& UnitAmounts::of(uint32_t row, bool household,
                                                       const process::Context& ctx, int t,
                                                       int32_t t_months) const {
  if (!per_row) return by_step.at(t);
  size_t cell = 0;
  for (const process::Term& term : plan.terms) {
    const process::CodeSource& s = term.source;
    uint32_t code = 0;
    if (s.kind == process::CodeKind::kCycle)
      code = static_cast<uint32_t>(t);
    else if (s.kind == process::CodeKind::kAge)  // a person's only (compile_actions checks)
      code = process::age_code(*ctx.people, row, t_months);
    else
      code = household ? process::household_code_of(s, row, ctx) : process::code_of(s, row, ctx);
    cell += static_cast<size_t>(term.index(code)) * term.stride;
  }
  return by_cell[cell];
}

namespace {

// Values of a unit's amount table at most (cells x payers), as the process tables' limit.
constexpr double kMaxAmountValues = 50'000'000;

size_t cycles(const process::Site& site) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  return c.variable(*c.find_variable("cycle")).domain;
}

// `cost` by step: tables[k] is payer k's amount, over the cycle or nothing (a constant).
StepAmounts by_step(const CostSpec& cost, const std::vector<expr::LookupTable>& tables,
                    double scale, const process::Site& site) {
  StepAmounts out;
  out.by_cycle.assign(cost.varies() ? cycles(site) : 1, cost.amount_gbp);
  for (size_t k = 0; k < kPayerCount; ++k) {
    if (!cost.varying[k].varies()) continue;
    const expr::LookupTable& t = tables[k];
    for (size_t c = 0; c < out.by_cycle.size(); ++c)
      out.by_cycle[c][k] = t.values[t.variables.empty() ? 0 : c];
  }
  if (scale != 1.0)
    for (auto& row : out.by_cycle)
      for (double& gbp : row) gbp *= scale;
  return out;
}

// Whether household rows have every variable of `table`; else a Diagnostic at `json_path` naming
// the first they lack (the wording of process::readable_by_entity, with `because`).
bool household_readable(const expr::LookupTable& table, const std::string& json_path,
                        const std::string& because, const process::Site& site) {
  for (size_t v : table.variables)
    if (!process::household_readable(site.catalogue.source[v])) {
      site.add(json_path,
               "attributes of the household, its area or household processes, or the cycle (" +
                   because + ")",
               "'" + site.catalogue.catalogue.variable(v).name + "', which is a person's");
      return false;
    }
  return true;
}

}  // namespace

// The amount of a programme or a capacity as a table over the variables it may read: the cycle, and
// for a capacity the council. They are read by step (a programme's cost, a capacity per queue),
// never a unit's own attributes.
std::optional<expr::LookupTable> time_table(const StratifiedValue& v, bool with_council,
                                            const process::Site& site) {
  auto t = process::stratified_table(v, site);
  if (!t) return t;
  const expr::Catalogue& c = site.catalogue.catalogue;
  const size_t cycle = *c.find_variable("cycle");
  const auto council = c.find_variable("area.council");
  for (const size_t var : t->variables) {
    if (var == cycle || (with_council && council && var == *council)) continue;
    site.add(v.json_path,
             with_council ? "a capacity that depends on the council and the cycle only"
                          : "an amount that depends on the cycle only (programme costs are read "
                            "by step, not by unit)",
             "one that depends on " + c.variable(var).name);
    return std::nullopt;
  }
  return t;
}

StepAmounts step_amounts(const CostSpec& cost, double scale, const process::Site& site) {
  std::vector<expr::LookupTable> tables(kPayerCount);
  bool ok = true;
  for (size_t k = 0; k < kPayerCount; ++k) {
    if (!cost.varying[k].varies()) continue;
    auto t = time_table(cost.varying[k], false, site);
    if (t)
      tables[k] = std::move(*t);
    else
      ok = false;  // reported
  }
  return ok ? by_step(cost, tables, scale, site) : StepAmounts{};
}

// As an event's cost (engine/model/compile.cpp, compile_event_cost): every payer's amount as a
// table; those of the cycle at most stay by step, exactly as before amounts could read a unit;
// else one table over the union of their variables, merged by compress_plan.
UnitAmounts unit_amounts(const CostSpec& cost, const std::string& household_because,
                         const process::Site& site) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  const size_t cycle = *c.find_variable("cycle");
  std::vector<expr::LookupTable> tables(kPayerCount);  // by payer
  bool ok = true, of_cycle = true;
  for (size_t k = 0; k < kPayerCount; ++k) {
    tables[k] = expr::make_table({}, c, cost.amount_gbp[k]);
    const StratifiedValue& v = cost.varying[k];
    if (!v.varies()) continue;
    auto t = process::stratified_table(v, site);
    if (t && !household_because.empty() &&
        !household_readable(*t, v.json_path, household_because, site))
      t.reset();
    if (!t) {
      ok = false;
      continue;
    }
    of_cycle = of_cycle && (t->variables.empty() || t->variables == std::vector<size_t>{cycle});
    tables[k] = std::move(*t);
  }
  UnitAmounts out;
  if (!ok) return out;  // reported
  if (of_cycle) {
    out.by_step = by_step(cost, tables, 1.0, site);
    return out;
  }
  std::vector<const expr::LookupTable*> all;
  for (const auto& t : tables) all.push_back(&t);
  const std::vector<size_t> vars = process::union_variables(all);
  double values = kPayerCount;
  for (size_t v : vars) values *= static_cast<double>(c.variable(v).domain);
  if (values > kMaxAmountValues) {
    const auto varying = std::find_if(cost.varying.begin(), cost.varying.end(),
                                      [](const StratifiedValue& v) { return v.varies(); });
    const std::string& payer = varying->json_path;  // the cost's path, then "/<payer>"
    site.add(payer.substr(0, payer.rfind('/')), "amounts depending on fewer variables",
             "a table of " + std::to_string(static_cast<uint64_t>(values)) + " values");
    return out;
  }
  out.plan = process::make_plan(vars, site.catalogue);
  std::vector<double> table(out.plan.cells * kPayerCount, 0.0);
  process::CellWalker walk(vars, site.catalogue, all);
  for (size_t cell = 0; cell < walk.cells(); ++cell, walk.next())
    for (size_t k = 0; k < kPayerCount; ++k)
      table[cell * kPayerCount + k] = tables[k].values[walk.index(k)];
  process::compress_plan(out.plan, table, 1, kPayerCount);
  out.by_cell.resize(out.plan.cells);
  for (size_t cell = 0; cell < out.by_cell.size(); ++cell)
    std::copy_n(table.begin() + static_cast<std::ptrdiff_t>(cell * kPayerCount), kPayerCount,
                out.by_cell[cell].begin());
  out.per_row = true;
  return out;
}

}  // namespace civicsim::services
