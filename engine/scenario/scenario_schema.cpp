// Every scenario field, declared once. Descriptions are written for the analyst who edits scenario
// files: they are printed by `civicsim schema`.
#include "engine/scenario/scenario_schema.hpp"

#include "engine/scenario/appraisal_schema.hpp"
#include "engine/scenario/prices.hpp"
#include "engine/scenario/process_schema.hpp"
#include "engine/scenario/service_schema.hpp"
#include "engine/scenario/uncertainty.hpp"

namespace civicsim {
namespace {

using nlohmann::json;
namespace s = schema;

constexpr int64_t kMaxSeed = int64_t{1} << 53;  // seeds must survive a round trip through a double

s::Node damp_readings_schema() {
  return s::object({
      {.name = "file",
       .node = s::path(),
       .description = "CSV of sensor readings, one reading a row: household_id (a linked "
                      "extract's homes) or lsoa11_code and sensor_id (a pilot's homes in a "
                      "neighbourhood), date (YYYY-MM-DD, before start), and "
                      "relative_humidity_pct (0-100) or damp_flag (0/1). Per home, the summary "
                      "sets the damp state of the households named; per neighbourhood, the share "
                      "of sensors that are damp becomes the LSOA's damp prevalence (tenure "
                      "gradient kept). Homes and LSOAs not in the file keep the modelled start."},
      {.name = "threshold_rh_pct",
       .node = s::number_in(0, 100).with_unit("% relative humidity"),
       .default_value = 70,
       .description = "A reading at or above this indoor relative humidity counts as damp.",
       .source = "Indoor air above 70% relative humidity for extended periods: mould growth "
                 "likely (building-science guidance quoted at "
                 "https://greenyplace.com/can-mold-grow-in-30-humidity; mould-favourable "
                 "conditions 'typically above 70-80%' RH); ISO 13788:2012 designs surfaces "
                 "against a critical surface humidity for mould (80% monthly mean at the "
                 "surface, which a cold wall reaches at a lower room humidity). No single "
                 "critical room humidity exists (Tsongas & Riordan, ASHRAE J 2016;58(9):32): "
                 "state the pilot's own rule. docs/evidence/PARAMETERS.md A17."},
      {.name = "min_share_of_readings",
       .node = s::number_in(0, 1),
       .default_value = 0.5,
       .description = "A home is damp when at least this share of its readings count as damp "
                      "(0.5: humid for at least half of the readings' period).",
       .source = "Assumption: 'for extended periods' read as at least half of the period "
                 "logged; no published rule. docs/evidence/PARAMETERS.md A17."},
      {.name = "from",
       .node = s::date(),
       .description = "First month of readings used (absent: from the earliest)."},
      {.name = "to",
       .node = s::date(),
       .description = "Last month of readings used (absent: to the latest). The readings stand "
                      "for the damp state at the run's start whatever their dates (the modelled "
                      "damp prevalence is stationary): a pilot's latest year is a natural choice."},
  });
}

s::Node population_schema() {
  return s::object({
      {.name = "source",
       .node = s::string_one_of({"lcr_synthetic", "linked", "cohort"}),
       .default_value = "lcr_synthetic",
       .description = "Where the people come from. lcr_synthetic builds a synthetic Liverpool City "
                      "Region population from the public data in data_dir; linked reads a linked "
                      "person-level extract from households_csv and persons_csv; cohort makes "
                      "cohort.size identical persons (one area, council 'cohort', IMD quintile 1, "
                      "each in a household of their own) and simulates no births or deaths, so "
                      "that a cohort Markov model runs as a microsimulation (deaths are then a "
                      "state of a process; one cycle is one step)."},
      {.name = "data_dir",
       .node = s::path(),
       .default_value = "../../data/lcr",
       .description = "Folder of the LCR public data files (census, indices of deprivation, ONS "
                      "population estimates, life tables, births). Relative to the scenario file "
                      "that states it; a default is relative to the scenario file being run."},
      {.name = "households_csv",
       .node = s::path(),
       .description = "Households CSV of a linked extract. Required when source is linked."},
      {.name = "persons_csv",
       .node = s::path(),
       .description = "Persons CSV of a linked extract. Required when source is linked."},
      {.name = "scale",
       .node = s::number_in(0.0001, 100).with_unit("simulated persons per real person"),
       .default_value = 1,
       .description = "Persons simulated per real person: 1 simulates the population as it is, "
                      "0.05 one person in twenty (quick runs, more random noise)."},
      {.name = "cohort", .node = cohort_schema(), .description = "The cohort (source = cohort)."},
      {.name = "damp_readings",
       .node = damp_readings_schema(),
       .description = "Home sensor readings that set the starting damp state (absent, or no "
                      "file: the modelled start). Format: docs/population.md, \"Sensor "
                      "readings\"."},
  });
}

s::Node demography_schema() {
  return s::object({
      {.name = "births",
       .node = s::boolean(),
       .default_value = true,
       .description =
           "Simulate births (ONS 2019 fertility by age of mother, scaled to LCR births). "
           "Switch off to follow a fixed cohort."},
      {.name = "deaths",
       .node = s::boolean(),
       .default_value = true,
       .description = "Simulate deaths from national life tables (ONS 2017-2019)."},
      {.name = "mortality_deprivation_gradient",
       .node = s::boolean(),
       .default_value = true,
       .description = "Scale each person's mortality by their neighbourhood's (LSOA) premature-"
                      "mortality ratio to the LCR mean, so deprived areas have higher death rates.",
       .source = "IoD2019 health domain, years of potential life lost indicator (MHCLG 2019)."},
  });
}

s::Node outputs_schema() {
  return s::object({
      {.name = "file",
       .node = s::path(s::PathBase::kWorkingDirectory),
       .default_value = "results/scenario.h5",
       .description = "HDF5 result file to write. A relative path is relative to the folder "
                      "civicsim is run from, not to the scenario file."},
  });
}

s::Node build_schema() {
  return s::object({
      {.name = "name",
       .node = s::string(),
       .default_value = "unnamed",
       .description = "Short identifier of the scenario, shown in result files and reports "
                      "(e.g. lcr_baseline)."},
      {.name = "label",
       .node = s::string(),
       .description = "Name of the scenario for people, shown in reports instead of name "
                      "(e.g. \"Damp and mould remediation\"; absent: name)."},
      {.name = "description",
       .node = s::string(),
       .default_value = "",
       .description = "What the scenario represents, in a sentence or two for readers of results."},
      {.name = "assumptions",
       .node = s::string(),
       .default_value = "",
       .description = "Free text stating what the scenario assumes (data, simplifications); "
                      "copied into results so readers can judge them."},
      {.name = "not_counted",
       .node = s::array_of(s::string(), 0, 50),
       .description = "What this scenario (an option, or the comparator) does not count, one "
                      "short sentence each (harms, costs or outcomes its models leave out): "
                      "copied into results, and listed as \"Not counted\" under the option in "
                      "civicsim evaluate's report. An extending file's list replaces its base's "
                      "whole. What the whole model leaves out belongs in appraisal.not_counted."},
      {.name = "extends",
       .node = s::either(s::path(), s::array_of(s::path())),
       .description = "Base scenario file this one starts from (relative to this file), or a list "
                      "of them merged in order: state only what differs. Objects merge field by "
                      "field, later files and this file's values win; an array whose elements "
                      "all have an \"id\" merges element by element by id ({\"id\": ..., "
                      "\"remove\": true} deletes one), any other array is replaced whole. "
                      "A file reached twice through the list is read once, where it first "
                      "appears. Read by the loader; not kept in the resolved scenario."},
      {.name = "start",
       .node = s::date(),
       .default_value = "2019-07",
       .description = "First simulated month. The synthetic population describes mid-2019, so "
                      "the default starts the clock at its reference date.",
       .source = "ONS mid-2019 small area population estimates (SAPE22DT2)."},
      {.name = "horizon_years",
       .node = s::integer_in(1, 100).with_unit("years"),
       .default_value = 10,
       .description = "How long to simulate from start."},
      {.name = "step_months",
       .node = s::integer_one_of({1, 2, 3, 4, 6, 12}).with_unit("months"),
       .default_value = 1,
       .description = "Length of one time step. Steps divide a year so that yearly results line "
                      "up with calendar steps; shorter steps are more accurate and slower."},
      {.name = "seed",
       .node = s::integer_in(0, kMaxSeed),
       .default_value = 20260401,
       .description = "Random seed. The same scenario and seed give identical results on any "
                      "number of threads; scenarios sharing a seed share their random numbers."},
      {.name = "replications",
       .node = s::integer_in(1, 10000),
       .default_value = 1,
       .description = "Independent repeats of the run (random numbers keyed by seed and "
                      "replication number), to show random variation."},
      {.name = "population", .node = population_schema(), .description = "Who is simulated."},
      {.name = "demography",
       .node = demography_schema(),
       .description = "Which population changes are simulated (there is no migration)."},
      {.name = "processes",
       .node = processes_schema(),
       .description = "State machines on persons (conditions, care pathways), by name; see "
                      "engine/model/README.md. Each adds the result series "
                      "<name>.occupancy, <name>.transitions and <name>.events.<event>."},
      {.name = "services",
       .node = services_schema(),
       .description = "Public services with capacity and waiting lists, by name; see "
                      "engine/services/README.md. Each adds the series <name>.requested, "
                      ".served, .lapsed, .waiting, .wait_steps and .capacity."},
      {.name = "interventions",
       .node = interventions_schema(),
       .description = "Interventions as data (when, who, what, through which service, cost), by "
                      "name; see engine/services/README.md. Each adds <name>.eligible, .offered, "
                      ".enrolled, .over_budget and .received, and its costs go to "
                      "intervention_costs."},
      {.name = "rewards",
       .node = rewards_schema(),
       .description = "How state costs and QALYs are timed within a step."},
      {.name = "uncertainty",
       .node = uncertainty_schema(),
       .default_value = json::object(),
       .description = "Probabilistic sensitivity analysis: distributions of any of the "
                      "scenario's numbers, drawn once per replication (engine/scenario/"
                      "uncertainty.hpp)."},
      {.name = "prices",
       .node = prices_schema(),
       .description = "The price year of the results and the index that converts each cost to "
                      "it (engine/scenario/prices.hpp)."},
      {.name = "payers",
       .node = payer_labels_schema(),
       .description = "How reports name the four payers of every cost."},
      {.name = "cost_categories",
       .node = cost_categories_schema(),
       .description = "How the evaluation counts each category of the costs series (keys: a "
                      "process or service name, or a cost's category): its label, whether a "
                      "saving in it is cashable, its kind of value and the confidence grade of "
                      "its evidence. Categories left out: non-cashable fiscal value, grade 3."},
      {.name = "appraisal",
       .node = appraisal_schema(),
       .description = "The economic appraisal (read by civicsim evaluate from the baseline's "
                      "result; not used by the run): the period counted, the QALY value and "
                      "optimism bias."},
      {.name = "outputs", .node = outputs_schema(), .description = "Where results go."},
  });
}

}  // namespace

const s::Node& scenario_schema() {
  static const s::Node schema = build_schema();
  return schema;
}

const json* scenario_value_at(const json& doc, std::string_view location) {
  const json* at = &doc;
  for (const std::string& token : s::location_tokens(location)) {
    if (at->is_object()) {
      const auto it = at->find(token);
      at = it == at->end() ? nullptr : &*it;
    } else if (at->is_array() && !token.empty() && token.size() < 10 &&
               token.find_first_not_of("0123456789") == std::string::npos &&
               std::stoul(token) < at->size()) {
      at = &(*at)[std::stoul(token)];
    } else {
      at = nullptr;
    }
    if (at == nullptr) return nullptr;
  }
  return at;
}

const json* valid_scenario_value(const json& doc, const std::string& pointer) {
  const s::Node* node = s::find(scenario_schema(), pointer);
  const json* value = node ? scenario_value_at(doc, pointer) : nullptr;
  return value && s::is_valid(*node, *value) ? value : nullptr;
}

void check_scenario_rules(const json& doc, const OriginFn& origin, DiagnosticList& out) {
  // Every allowed step divides 12 today, so this holds by construction; kept so that a future
  // horizon in months or a new step cannot silently produce a partial final step.
  const json* horizon = valid_scenario_value(doc, "/horizon_years");
  const json* step = valid_scenario_value(doc, "/step_months");
  if (horizon && step) {
    const int64_t months = horizon->get<int64_t>() * 12;
    if (months % step->get<int64_t>() != 0) {
      out.add(origin("/step_months"), "/step_months",
              "a step that divides the horizon of " + std::to_string(months) +
                  " months (horizon_years * 12)",
              std::to_string(step->get<int64_t>()) + " months");
    }
  }

  check_process_rules(doc, origin, out);
  check_service_rules(doc, origin, out);
  check_uncertainty_rules(doc, origin("/uncertainty"), out);
  check_price_rules(doc, origin, out);
  check_appraisal_rules(doc, origin, out);

  const json* source = valid_scenario_value(doc, "/population/source");
  if (source && *source == "cohort" &&
      doc.contains(json::json_pointer("/population/damp_readings/file")))
    out.add(origin("/population/damp_readings/file"), "/population/damp_readings/file",
            "no sensor readings with /population/source cohort (a cohort has no homes or areas "
            "to read them into)",
            "a readings file");
  const json* from = valid_scenario_value(doc, "/population/damp_readings/from");
  const json* to = valid_scenario_value(doc, "/population/damp_readings/to");
  if (from && to &&
      *YearMonth::parse(to->get<std::string>()) < *YearMonth::parse(from->get<std::string>()))
    out.add(
        origin("/population/damp_readings/to"), "/population/damp_readings/to",
        "a month no earlier than /population/damp_readings/from (" + from->get<std::string>() + ")",
        "'" + to->get<std::string>() + "'");
  if (source && *source == "linked") {
    for (const char* key : {"households_csv", "persons_csv"}) {
      const std::string at = std::string("/population/") + key;
      if (!doc.contains(json::json_pointer(at))) {
        out.add(origin("/population/source"), at,
                std::string("a path to the ") + (key[0] == 'h' ? "households" : "persons") +
                    " CSV file (required when /population/source is linked)",
                "nothing");
      }
    }
  }
}

Scenario bind_scenario(const json& doc) {
  Scenario sc;
  sc.name = doc.at("name").get<std::string>();
  sc.description = doc.at("description").get<std::string>();
  sc.assumptions = doc.at("assumptions").get<std::string>();
  sc.start = *YearMonth::parse(doc.at("start").get<std::string>());
  sc.horizon_years = doc.at("horizon_years").get<int>();
  sc.step_months = doc.at("step_months").get<int>();
  sc.seed = doc.at("seed").get<uint64_t>();
  sc.replications = doc.at("replications").get<int>();

  const json& pop = doc.at("population");
  sc.population.source = pop.at("source") == "linked"   ? PopulationSource::kLinked
                         : pop.at("source") == "cohort" ? PopulationSource::kCohort
                                                        : PopulationSource::kLcrSynthetic;
  sc.population.data_dir = pop.at("data_dir").get<std::string>();
  if (pop.contains("households_csv")) {
    sc.population.households_csv = pop.at("households_csv").get<std::string>();
  }
  if (pop.contains("persons_csv"))
    sc.population.persons_csv = pop.at("persons_csv").get<std::string>();
  sc.population.scale = pop.at("scale").get<double>();
  sc.population.cohort = bind_cohort(pop.at("cohort"));
  const json& readings = pop.at("damp_readings");
  if (readings.contains("file"))
    sc.population.damp_readings.file = readings.at("file").get<std::string>();
  sc.population.damp_readings.threshold_rh_pct = readings.at("threshold_rh_pct").get<double>();
  sc.population.damp_readings.min_share_of_readings =
      readings.at("min_share_of_readings").get<double>();
  for (const char* key : {"from", "to"})
    if (readings.contains(key))
      (key[0] == 'f' ? sc.population.damp_readings.from : sc.population.damp_readings.to) =
          *YearMonth::parse(readings.at(key).get<std::string>());

  const json& demo = doc.at("demography");
  sc.demography.births = demo.at("births").get<bool>();
  sc.demography.deaths = demo.at("deaths").get<bool>();
  sc.demography.mortality_deprivation_gradient =
      demo.at("mortality_deprivation_gradient").get<bool>();

  if (sc.population.source == PopulationSource::kCohort) {  // a cohort has no demography
    sc.demography.births = false;
    sc.demography.deaths = false;
  }
  const json priced = costs_at_price_year(doc);  // every cost at prices/year
  sc.processes = bind_processes(priced);
  sc.services = bind_services(priced);
  sc.interventions = bind_interventions(priced);
  sc.rewards = bind_rewards(doc.at("rewards"));

  sc.uncertainty = bind_uncertainty(doc.at("uncertainty"));
  sc.one_way = bind_one_way(doc);
  if (sc.uncertainty.psa_draws > 0) sc.replications = sc.uncertainty.psa_draws;

  sc.outputs.file = doc.at("outputs").at("file").get<std::string>();
  return sc;
}

}  // namespace civicsim
