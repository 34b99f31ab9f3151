#include "outputs/evaluation/appraisal_settings.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "engine/core/input_error.hpp"
#include "engine/scenario/process_spec.hpp"
#include "engine/scenario/sampling.hpp"

namespace civicsim::evaluation {
namespace {

using nlohmann::json;

const json* member(const json& j, const char* key) {
  return j.is_object() && j.contains(key) ? &j.at(key) : nullptr;
}

[[noreturn]] void bad(const std::string& file, const std::string& path, const std::string& expected,
                      const json& found) {
  throw InputError({file, path, expected, found.dump()});
}

double number(const json& v, const std::string& file, const std::string& path, double lo,
              double hi) {
  if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < lo ||
      v.get<double>() > hi)
    bad(file, path, "a number from " + json(lo).dump() + " to " + json(hi).dump(), v);
  return v.get<double>();
}

int integer(const json& v, const std::string& file, const std::string& path, int lo, int hi) {
  if (!v.is_number_integer() || v.get<long long>() < lo || v.get<long long>() > hi)
    bad(file, path, "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi), v);
  return v.get<int>();
}

// "2026-27" for a financial year from April; else "2019-07 to 2020-06".
std::string year_label(YearMonth first, bool financial) {
  if (financial) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", first.year(), (first.year() + 1) % 100);
    return buf;
  }
  return first.to_string() + " to " + first.plus(11).to_string();
}

Sector sector_from(const std::string& name) {
  return name == "private" ? Sector::kPrivate : Sector::kPublic;
}

// appraisal/payer_sectors: {"<payer>": "public" | "private"}, any payers of the costs series.
void read_payer_sectors(const json& v, const std::string& file,
                        std::map<std::string, Sector>& out) {
  const std::string path = "/appraisal/payer_sectors";
  if (!v.is_object()) bad(file, path, "an object of sectors by payer", v);
  std::string payers;
  for (const char* p : kPayerNames) payers += (payers.empty() ? "" : ", ") + std::string(p);
  for (const auto& [payer, sector] : v.items()) {
    if (!out.count(payer))
      bad(file, path + "/" + payer, "one of the payers: " + payers, json(payer));
    if (!sector.is_string() || (sector != "public" && sector != "private"))
      bad(file, path + "/" + payer, "\"public\" or \"private\"", sector);
    out[payer] = sector_from(sector.get<std::string>());
  }
}

}  // namespace

std::map<std::string, Sector> default_payer_sectors() {
  std::map<std::string, Sector> out;
  for (size_t k = 0; k < kPayerNames.size(); ++k)
    out[kPayerNames[k]] = sector_from(kPayerDefaultSectors[k]);
  return out;
}

int AppraisalWindow::year_of(YearMonth m) const {
  if (m < start) return -1;
  const int y = (m.months - start.months) / 12;
  return y < years ? y : -1;
}

AppraisalSettings read_appraisal(const json& scenario, const RunIdentity& id,
                                 const std::string& file) {
  AppraisalSettings s;
  const std::optional<YearMonth> run_start = YearMonth::parse(id.start);
  if (!run_start) throw InputError({file, "/start", "a start month YYYY-MM", id.start});
  const YearMonth run_end = run_start->plus(id.steps * id.step_months);  // first month not run
  const json* a = member(scenario, "appraisal");
  if (a) s.declared = *a;
  AppraisalWindow& w = s.window;
  w.start = *run_start;
  if (const json* start = a ? member(*a, "start") : nullptr) {
    const std::optional<YearMonth> m =
        start->is_string() ? YearMonth::parse(start->get<std::string>()) : std::nullopt;
    if (!m || *m < *run_start || !(*m < run_end))
      bad(file, "/appraisal/start",
          "a month YYYY-MM from the run's start " + run_start->to_string() + " to its last month " +
              run_end.plus(-1).to_string(),
          *start);
    w.start = *m;
  }
  const int whole_years = (run_end.months - w.start.months) / 12;
  w.years = std::max(1, whole_years);
  if (const json* years = a ? member(*a, "years") : nullptr)
    w.years = integer(*years, file, "/appraisal/years", 1, std::max(1, whole_years));
  w.financial_years = w.start.month() == 4;
  for (int y = 0; y < w.years; ++y)
    w.year_labels.push_back(year_label(w.start.plus(12 * y), w.financial_years));
  if (*run_start < w.start) w.warm_up_from = run_start->to_string();
  if (!a) return s;
  if (const json* v = member(*a, "qaly_value"))
    s.qaly_value = number(*v, file, "/appraisal/qaly_value", 0, 1e7);
  if (const json* v = member(*a, "min_replications_for_ranges"))
    s.min_replications_for_ranges =
        integer(*v, file, "/appraisal/min_replications_for_ranges", 1, 1000000);
  if (const json* v = member(*a, "payer_sectors")) read_payer_sectors(*v, file, s.payer_sectors);
  if (const json* v = member(*a, "not_counted")) {
    if (!v->is_array()) bad(file, "/appraisal/not_counted", "an array of sentences", *v);
    for (size_t i = 0; i < v->size(); ++i) {
      if (!v->at(i).is_string())
        bad(file, "/appraisal/not_counted/" + std::to_string(i), "a sentence (a string)", v->at(i));
      s.not_counted.push_back(v->at(i).get<std::string>());
    }
  }
  if (const json* d = member(*a, "discounting")) {
    if (!d->is_object()) bad(file, "/appraisal/discounting", "an object", *d);
    DeclaredDiscounting& out = s.discounting;
    const auto one_of = [&](const char* key,
                            const std::vector<std::string>& values) -> std::optional<std::string> {
      const json* v = member(*d, key);
      if (!v) return std::nullopt;
      const std::string path = std::string("/appraisal/discounting/") + key;
      std::string names;
      for (const std::string& x : values) names += (names.empty() ? "" : ", ") + x;
      if (!v->is_string() ||
          std::find(values.begin(), values.end(), v->get<std::string>()) == values.end())
        bad(file, path, "one of " + names, *v);
      return v->get<std::string>();
    };
    out.rates = one_of("rates", {"nice", "green_book", "custom"});
    if (const json* v = member(*d, "cost_rate"))
      out.cost_rate = number(*v, file, "/appraisal/discounting/cost_rate", 0, 1);
    if (const json* v = member(*d, "health_rate"))
      out.health_rate = number(*v, file, "/appraisal/discounting/health_rate", 0, 1);
    if (const auto v =
            one_of("state_rewards", {"start_of_cycle", "end_of_cycle", "half_cycle", "simpson"}))
      out.state_rewards = state_rewards_from(*v);
    if (const json* v = member(*d, "cycle_zero")) {
      if (!v->is_boolean()) bad(file, "/appraisal/discounting/cycle_zero", "true or false", *v);
      out.cycle_zero = v->get<bool>();
    }
    if (const auto v = one_of("discount_time", {"elapsed", "cycle_start", "year"}))
      out.discount_time = discount_time_from(*v);
  }
  if (const json* ob = member(*a, "optimism_bias")) {
    if (const json* costs = member(*ob, "costs")) {
      if (!costs->is_object())
        bad(file, "/appraisal/optimism_bias/costs", "an object of uplifts by category", *costs);
      for (const auto& [k, v] : costs->items())
        s.cost_optimism_bias[k] = number(v, file, "/appraisal/optimism_bias/costs/" + k, 0, 10);
    }
    if (const json* grades = member(*ob, "benefits_by_confidence_grade")) {
      if (!grades->is_object())
        bad(file, "/appraisal/optimism_bias/benefits_by_confidence_grade",
            "an object keyed by grade 1..6", *grades);
      for (const auto& [k, v] : grades->items()) {
        const std::string path = "/appraisal/optimism_bias/benefits_by_confidence_grade/" + k;
        if (k.size() != 1 || k[0] < '1' || k[0] > '6')
          bad(file, path, "a grade key from \"1\" to \"6\"", json(k));
        s.benefit_optimism_bias[k[0] - '0'] = number(v, file, path, 0, 1);
      }
    }
    if (const json* g = member(*ob, "qaly_confidence_grade"))
      s.qaly_confidence_grade =
          integer(*g, file, "/appraisal/optimism_bias/qaly_confidence_grade", 1, 6);
  }
  return s;
}

CostCategorySettings read_cost_category(const json& scenario, const std::string& category,
                                        const std::string& file) {
  CostCategorySettings c;
  const json* all = member(scenario, "cost_categories");
  const json* d = all ? member(*all, category.c_str()) : nullptr;
  if (!d) return c;
  const std::string path = "/cost_categories/" + category;
  if (const json* v = member(*d, "label"); v && v->is_string()) c.label = v->get<std::string>();
  if (const json* v = member(*d, "cashable")) {
    if (!v->is_boolean()) bad(file, path + "/cashable", "true or false", *v);
    c.cashable = v->get<bool>();
  }
  if (const json* v = member(*d, "value")) {
    const std::string kind = v->is_string() ? v->get<std::string>() : "";
    if (kind == "fiscal")
      c.value = ValueKind::kFiscal;
    else if (kind == "economic")
      c.value = ValueKind::kEconomic;
    else if (kind == "social")
      c.value = ValueKind::kSocial;
    else
      bad(file, path + "/value", "\"fiscal\", \"economic\" or \"social\"", *v);
  }
  if (const json* v = member(*d, "confidence_grade"))
    c.confidence_grade = integer(*v, file, path + "/confidence_grade", 1, 6);
  return c;
}

InterventionSettings read_intervention(const json& scenario, const std::string& name,
                                       const AppraisalSettings& appraisal,
                                       const std::string& file) {
  InterventionSettings s;
  const json* all = member(scenario, "interventions");
  const json* d = all ? member(*all, name.c_str()) : nullptr;
  if (!d) return s;
  const std::string path = "/interventions/" + name;
  if (const json* v = member(*d, "label"); v && v->is_string()) s.label = v->get<std::string>();
  if (const json* v = member(*d, "unit_label"); v && v->is_string())
    s.unit_label = v->get<std::string>();
  const json* cost = member(*d, "cost");
  if (!cost) return s;
  if (const json* v = member(*cost, "category")) {
    if (!v->is_string() || !appraisal.cost_optimism_bias.count(v->get<std::string>())) {
      std::string keys;
      for (const auto& [k, ob] : appraisal.cost_optimism_bias)
        keys += (keys.empty() ? "" : ", ") + k;
      bad(file, path + "/cost/category",
          "one of the optimism-bias categories of appraisal/optimism_bias/costs (" + keys + ")",
          *v);
    }
    s.category = v->get<std::string>();
    s.optimism_bias = appraisal.cost_optimism_bias.at(s.category);
  }
  if (const json* v = member(*cost, "optimism_bias"))
    s.optimism_bias = number(*v, file, path + "/cost/optimism_bias", 0, 10);
  return s;
}

double sampling_fraction(const json& scenario, const std::string& file) {
  // One definition with the run and `civicsim info` (a linked extract or a cohort is simulated
  // whole: population.scale does not apply to it).
  const std::optional<double> fraction = civicsim::sampling_fraction(scenario);
  if (fraction && !(*fraction > 0.0 && std::isfinite(*fraction)))
    bad(file, "/population/scale", "a sampling fraction above 0", json(*fraction));
  return fraction.value_or(1.0);
}

}  // namespace civicsim::evaluation
