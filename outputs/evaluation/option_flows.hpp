// What an option changes against its baseline, per replication (paired by seed), appraisal year and
// group (the whole population, each council, each IMD quintile), read from the stored undiscounted
// margins so any discounting can be applied afterwards without re-running. Only the appraisal
// window counts (months before appraisal.start are warm-up); every total (money, QALYs, counts,
// units) is scaled to the whole population, divided by the run's sampling fraction.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "engine/evaluation/cycle_convention.hpp"
#include "engine/evaluation/green_book_accounting.hpp"
#include "engine/scenario/process_spec.hpp"
#include "outputs/evaluation/appraisal_settings.hpp"
#include "outputs/evaluation/paired_runs.hpp"

namespace civicsim::evaluation {

struct Group {
  std::string dimension;  // "all", "council" or "imd_quintile"
  std::string label;      // "All councils", a council, "1".."5"
};

// A count the option changes, in natural units (events, requests, person-years in a state).
struct OutcomeSeries {
  std::string name;  // e.g. "asthma.events.attack", "need.years_in.looked_after_residential"
  std::string unit;  // "events", "requests", "person-years", ...
  // [group][replication], over the appraisal window (groups as OptionFlows::groups); split[g] is
  // false for a group the series is not split by (a service's requests have no IMD quintile).
  std::vector<std::vector<double>> baseline_total, option_total;
  std::vector<bool> split;
  std::vector<std::vector<double>> difference_over_time;  // [replication][time], everyone
  std::vector<std::string> time;  // labels of difference_over_time's points (in the window)
};

// A cost item: payer x cost category of the `costs` series.
struct CostItem {
  int payer = 0;
  std::string category;
  CostCategorySettings settings;  // from the option's scenario (which extends the baseline's)
};

struct InterventionInfo {
  std::string name;
  std::string unit;  // of its .received series: "households" or "persons"
  InterventionSettings settings;
};

struct OptionFlows {
  int replications = 0, years = 0;
  AppraisalSettings appraisal;     // the baseline's
  double sampling_fraction = 1.0;  // every total below is already divided by it
  std::vector<Group> groups;       // groups[0] is the whole population
  std::vector<CostItem> items;
  std::vector<InterventionInfo> interventions;
  // All option minus baseline, per replication r, group g and year y (index(r, g, y)):
  std::vector<double> item_difference;  // [index * items + item]
  std::vector<double> unit_cost,
      fixed_cost;                       // [(index * interventions + i) * kPayerCount + payer],
                                        // base costs before optimism bias; fixed costs for
                                        // everyone only (no group can be charged them)
  std::vector<double> units;            // [index * interventions + i]: units reached
  std::vector<double> qaly_difference;  // [index]
  std::vector<OutcomeSeries> outcomes;
  // Whether an item, or an intervention's payer (i * kPayerCount + payer), is nonzero anywhere.
  std::vector<bool> item_present, intervention_present;

  size_t index(int r, size_t g, int y) const {
    return (static_cast<size_t>(r) * groups.size() + g) * static_cast<size_t>(years) +
           static_cast<size_t>(y);
  }
};

// How the flows are placed in appraisal years: the cycle convention and the rates whose
// within-year factors D(time) / D(year) weight each reward (engine/evaluation/cycle_convention.hpp),
// so that the accounting's whole-year discounting gives the convention's present values. Under
// "year" discounting every weight is the convention's alone.
struct FlowTiming {
  CycleConvention convention;
  DiscountRates rates;
};

// Throws InputError (file, series) when a file lacks the margins of the costs and QALYs series by
// council and IMD quintile. Reads only the margins (outputs/result_margins.hpp). State rewards
// (state_costs, state_qalys, where the runs have them) are counted by the convention's time points
// and taken out of the costs and qalys flows, which hold them by the run's rewards.state_timing;
// units reached are counted in their cycle's year without weights.
OptionFlows option_flows(const Run& baseline, const Run& option, const FlowTiming& timing);

// The accounting input (engine/evaluation/green_book_accounting.hpp) of group g in replication r
// (r < 0: the mean over replications). Lines that are zero in every replication and group are left
// out; cost items are not classified (classify_cost_items on the whole population's mean).
AccountingInput accounting_input(const OptionFlows& f, size_t g, int r);
// Units of intervention i reached per year in group g, replication r (r < 0: the mean).
std::vector<double> units_reached(const OptionFlows& f, size_t g, int r, size_t i);

// The settings of the accounting: the baseline's appraisal and the given thresholds.
AccountingSettings accounting_settings(const OptionFlows& f, const std::vector<double>& thresholds);

// Series whose margins the evaluation reads: outcomes in natural units, costs, QALYs and reach.
bool is_outcome_series(const std::string& name);
bool is_evaluated_margin(const std::string& name);

}  // namespace civicsim::evaluation
