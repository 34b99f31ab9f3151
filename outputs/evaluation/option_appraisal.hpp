// The Green Book / NICE accounting of one option's flows (option_flows.hpp) as members of the
// evaluation document: headline, accounting lines, by_year, payback, reach and cost per outcome
// (shape: outputs/report/README.md; contract in outputs/evaluation/README.md).
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "engine/evaluation/green_book_accounting.hpp"
#include "outputs/evaluation/option_flows.hpp"

namespace civicsim::evaluation {

// {"mean", "low", "high"} of the finite values (null where there are none).
nlohmann::json interval(const std::vector<double>& values);
nlohmann::json number_or_null(double v);
std::string threshold_key(const std::string& prefix, double threshold);  // "nmb_20000"
// "more costly, more effective" -> "more_costly_more_effective": tokens for tables and the report.
std::string token(const char* words);

// Which cost items are extra costs (induced) and which savings, from the sign of the whole
// population's mean present value; applied to every replication and group, and to the one-way
// variants' items of the same payer and category.
struct Classification {
  std::map<std::string, bool> is_cost;  // "payer/category"
  bool qalys_are_benefit = true;
  void apply(AccountingInput& input, const DiscountRates& rates) const;
};
Classification classify(const OptionFlows& f, const DiscountRates& rates);

struct GroupAppraisal {
  std::vector<GreenBookAppraisal> draws;  // one per replication
  AccountingInput mean_input;             // the mean flows over replications
  GreenBookAppraisal mean;                // of mean_input
};
GroupAppraisal appraise_group(const OptionFlows& f, size_t g, const DiscountRates& rates,
                              const AccountingSettings& settings, const Classification& c);

nlohmann::json headline_document(const GroupAppraisal& a, const OptionFlows& f,
                                 const std::vector<double>& thresholds);
nlohmann::json accounting_document(const GroupAppraisal& a);
nlohmann::json by_year_document(const GroupAppraisal& a, const OptionFlows& f);
nlohmann::json payback_document(const GroupAppraisal& a, const OptionFlows& f);
// `by_group`: the appraisal of every group of f (index as f.groups); rows for everyone and councils.
nlohmann::json reach_document(const OptionFlows& f, const std::vector<GroupAppraisal>& by_group,
                              const DiscountRates& rates, const AccountingSettings& settings);
nlohmann::json cost_per_outcome_document(const OptionFlows& f, const GroupAppraisal& everyone);

}  // namespace civicsim::evaluation
