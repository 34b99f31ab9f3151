// Scenario values as lookup tables (see tables.hpp).
#include "engine/model/tables.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "engine/expr/compiled.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim::process {

std::string label_of(const expr::Attribute& a, size_t code) {
  const double v = a.value_of_code[code];
  switch (a.type) {
    case expr::Attribute::Type::kCategory:
      return a.labels[static_cast<size_t>(v)];
    case expr::Attribute::Type::kBoolean:
      return v != 0.0 ? "true" : "false";
    case expr::Attribute::Type::kNumber:
      break;
  }
  return schema::format_number(v);
}

std::optional<expr::LookupTable> condition_table(const std::string& condition,
                                                 const std::string& json_path, const Site& site) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  if (condition.empty()) return expr::make_table({}, c, 1.0);
  const expr::CompiledExpr e =
      expr::compile(condition, c, site.file(json_path), json_path, site.errors);
  return expr::tabulate(e, c, {site.file(json_path), json_path}, site.errors);
}

std::optional<expr::LookupTable> number_table(const std::string& text, const std::string& json_path,
                                              const Site& site) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  const expr::CompiledExpr e =
      expr::compile_number(text, c, site.file(json_path), json_path, site.errors);
  return expr::tabulate(e, c, {site.file(json_path), json_path}, site.errors);
}

std::optional<expr::LookupTable> rate_table(const StratifiedValue& base,
                                            const std::string& condition,
                                            const std::string& condition_path,
                                            const std::vector<ModifierSpec>& modifiers,
                                            const Site& site,
                                            std::vector<expr::LookupTable> effects) {
  const expr::Catalogue& c = site.catalogue.catalogue;
  std::vector<expr::LookupTable> parts = std::move(effects);
  bool ok = true;
  auto keep = [&](std::optional<expr::LookupTable> t) {
    if (t)
      parts.push_back(std::move(*t));
    else
      ok = false;
  };
  keep(stratified_table(base, site));
  keep(condition_table(condition, condition_path, site));
  for (const ModifierSpec& m : modifiers) {
    auto when = condition_table(m.condition, m.json_path + "/if", site);
    std::optional<expr::LookupTable> factor =
        m.factor_expression.empty()
            ? expr::make_table({}, c, m.factor)
            : number_table(m.factor_expression, m.json_path + "/rate_ratio", site);
    if (!when || !factor) {
      ok = false;
      continue;
    }
    if (const auto bad = std::find_if(factor->values.begin(), factor->values.end(),
                                      [](double v) { return v < 0.0; });
        bad != factor->values.end()) {
      site.add(m.json_path + "/rate_ratio", "a factor >= 0 everywhere",
               schema::format_number(*bad) + " in \"" + m.factor_expression + "\"");
      ok = false;
      continue;
    }
    // factor where the condition holds, 1 elsewhere
    const std::vector<const expr::LookupTable*> pair = {&*when, &*factor};
    const std::vector<size_t> vars = union_variables(pair);
    expr::LookupTable product = expr::make_table(vars, c, 1.0);
    CellWalker walk(product.variables, site.catalogue, pair);
    for (size_t cell = 0; cell < walk.cells(); ++cell, walk.next())
      if (when->values[walk.index(0)] != 0.0) product.values[cell] = factor->values[walk.index(1)];
    parts.push_back(std::move(product));
  }
  if (!ok) return std::nullopt;
  std::vector<const expr::LookupTable*> all;
  for (const auto& p : parts) all.push_back(&p);
  return expr::multiply(all, c, {site.file(base.json_path), base.json_path}, site.errors);
}

std::vector<expr::LookupTable> intervention_effects(const Site& site, const std::string& process,
                                                    const std::string& from, const std::string& to,
                                                    const std::string& event, double dt) {
  std::vector<expr::LookupTable> out;
  const auto& interventions = site.scenario.interventions;
  for (size_t k = 0; k < interventions.size(); ++k)
    for (const EffectSpec& e : interventions[k].effects) {
      if (e.kind != EffectSpec::Kind::kRateRatio || e.rates.process != process) continue;
      const RateEffectSpec& r = e.rates;
      const bool hits = event.empty()
                            ? std::find(r.transitions.begin(), r.transitions.end(),
                                        std::pair{from, to}) != r.transitions.end()
                            : std::find(r.events.begin(), r.events.end(), event) != r.events.end();
      if (!hits) continue;
      // Code 0: not received (factor 1); code k: received k - 1 steps before.
      expr::LookupTable t = expr::make_table({site.catalogue.intervention_variable[k]},
                                             site.catalogue.catalogue, 1.0);
      for (size_t code = 1; code < t.values.size(); ++code) {
        const double years = static_cast<double>(code - 1) * dt;
        double w = 1.0;
        if (years >= r.full_effect_years)
          w = r.wanes_over_years > 0.0
                  ? std::max(0.0, 1.0 - (years - r.full_effect_years) / r.wanes_over_years)
                  : 0.0;
        t.values[code] = 1.0 + (r.rate_ratio - 1.0) * w;
      }
      out.push_back(std::move(t));
    }
  return out;
}

bool readable_by_entity(const expr::LookupTable& table, Entity entity, const std::string& json_path,
                        const Site& site) {
  if (entity == Entity::kPerson) return true;
  for (size_t v : table.variables)
    if (!household_readable(site.catalogue.source[v])) {
      site.add(json_path,
               "attributes of the household, its area or household processes (this is a "
               "household process)",
               "'" + site.catalogue.catalogue.variable(v).name + "', which is a person's");
      return false;
    }
  return true;
}

std::vector<size_t> union_variables(const std::vector<const expr::LookupTable*>& tables) {
  std::vector<size_t> all;
  for (const auto* t : tables) all.insert(all.end(), t->variables.begin(), t->variables.end());
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}

IndexPlan make_plan(const std::vector<size_t>& variables, const RunCatalogue& catalogue) {
  IndexPlan plan;
  size_t cells = 1;
  plan.terms.resize(variables.size());
  for (size_t k = variables.size(); k-- > 0;) {
    plan.terms[k] = {catalogue.source[variables[k]], static_cast<uint32_t>(cells), {}};
    plan.reads_cycle = plan.reads_cycle || catalogue.source[variables[k]].kind == CodeKind::kCycle;
    cells *= catalogue.catalogue.variable(variables[k]).domain;
  }
  plan.cells = static_cast<uint32_t>(cells);
  return plan;
}

CellWalker::CellWalker(const std::vector<size_t>& variables, const RunCatalogue& catalogue,
                       const std::vector<const expr::LookupTable*>& tables)
    : variables_(variables), catalogue_(catalogue) {
  for (size_t v : variables) {
    domains_.push_back(catalogue.catalogue.variable(v).domain);
    cells_ *= domains_.back();
  }
  codes_.assign(variables.size(), 0);
  index_.assign(tables.size(), 0);
  stride_.assign(tables.size(), std::vector<size_t>(variables.size(), 0));
  for (size_t t = 0; t < tables.size(); ++t)
    for (size_t j = 0; j < tables[t]->variables.size(); ++j) {
      const auto it = std::lower_bound(variables.begin(), variables.end(), tables[t]->variables[j]);
      if (it != variables.end() && *it == tables[t]->variables[j])  // else that table is not walked
        stride_[t][static_cast<size_t>(it - variables.begin())] = tables[t]->strides[j];
    }
}

void CellWalker::next() {
  for (size_t k = codes_.size(); k-- > 0;) {
    for (size_t t = 0; t < index_.size(); ++t) index_[t] += stride_[t][k];
    if (++codes_[k] < domains_[k]) return;
    for (size_t t = 0; t < index_.size(); ++t) index_[t] -= stride_[t][k] * domains_[k];
    codes_[k] = 0;
  }
}

void CellWalker::seek(size_t cell) {
  for (size_t k = codes_.size(); k-- > 0;) {  // the last variable runs fastest, as in next()
    codes_[k] = cell % domains_[k];
    cell /= domains_[k];
  }
  for (size_t t = 0; t < index_.size(); ++t) {
    index_[t] = 0;
    for (size_t k = 0; k < codes_.size(); ++k) index_[t] += codes_[k] * stride_[t][k];
  }
}

std::string CellWalker::describe() const {
  std::string out;
  const expr::Catalogue& c = catalogue_.catalogue;
  for (size_t k = 0; k < variables_.size(); ++k) {
    const expr::Variable& v = c.variable(variables_[k]);
    out += (k ? ", " : " where ") + v.name + " ";
    const auto a = c.find(v.name);
    if (a && c.attribute(*a).type == expr::Attribute::Type::kCategory)
      out += "'" + label_of(c.attribute(*a), codes_[k]) + "'";
    else
      out += a ? label_of(c.attribute(*a), codes_[k]) : std::to_string(codes_[k]);
  }
  return out;
}

}  // namespace civicsim::process
