// What an option changes against its baseline, per replication (paired by seed), scenario year and
// group (the whole population, each council, each IMD quintile), read from the stored undiscounted
// flows so any discounting can be applied afterwards without re-running.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "engine/evaluation/economics.hpp"
#include "engine/scenario/process_spec.hpp"
#include "outputs/evaluation/paired_runs.hpp"

namespace civicsim::evaluation {

struct Group {
  std::string dimension;  // "all", "council" or "imd_quintile"
  std::string label;      // "LCR", a council, "1".."5"
};

// A count the option changes, in natural units (events, requests, person-years in a state).
struct OutcomeSeries {
  std::string name;  // e.g. "asthma.events.attack", "need.years_in.looked_after_residential"
  std::string unit;  // "events", "requests", "person-years", ...
  // [group][replication], over the horizon (groups as OptionFlows::groups); split[g] is false for
  // a group the series is not split by (a service's requests have no IMD quintile).
  std::vector<std::vector<double>> baseline_total, option_total;
  std::vector<bool> split;
  std::vector<std::vector<double>> difference_over_time;  // [replication][time], everyone
  std::vector<std::string> time;  // labels of difference_over_time's points
};

struct OptionFlows {
  int replications = 0, years = 0;
  int first_year = 0;  // calendar year of the run's start month (scenario years start there)
  std::vector<Group> groups;  // groups[0] is the whole population
  // [((r * groups + g) * years + y) * kPayerCount + payer]: option minus baseline. Intervention
  // costs carry their optimism-bias uplift; programme (fixed) costs belong to the whole population
  // only, since no group can be charged them.
  std::vector<double> cost_difference, intervention_cost;
  std::vector<double> qaly_difference;  // [(r * groups + g) * years + y]
  std::vector<OutcomeSeries> outcomes;

  size_t cost_index(int r, size_t g, int y, int payer) const {
    return qaly_index(r, g, y) * kPayerCount + static_cast<size_t>(payer);
  }
  double cost(const std::vector<double>& v, int r, size_t g, int y, int payer) const {
    return v[cost_index(r, g, y, payer)];
  }
  size_t qaly_index(int r, size_t g, int y) const {
    return (static_cast<size_t>(r) * groups.size() + g) * static_cast<size_t>(years) +
           static_cast<size_t>(y);
  }
};

// Throws InputError (file, series) when a file lacks the margins of the costs and QALYs series by
// council and IMD quintile. Reads only the margins (outputs/result_margins.hpp).
OptionFlows option_flows(const Run& baseline, const Run& option);

// The appraisal input (engine/evaluation/economics.hpp) of group g in replication r (r < 0: the
// mean over replications).
AppraisalInput appraisal_input(const OptionFlows& f, size_t g, int r);

// Series whose margins the evaluation reads: outcomes in natural units, and costs and QALYs.
bool is_outcome_series(const std::string& name);
bool is_evaluated_margin(const std::string& name);

}  // namespace civicsim::evaluation
