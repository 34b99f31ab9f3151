// Tunnel states (engine/scenario/tunnel_states.hpp): a person in one leaves after exactly one step.
// The occupancy of a model with a one-cycle "surgery" state (operative death in stage 0, a
// complication in stage 1, the rest to "post" by the remainder exit; the operative mortality
// depends on age, so rows take the kernel's general path) matches the exact Eigen chain within 4
// Monte Carlo standard errors; everyone in the tunnel state at a time point leaves it in that step,
// exactly; moves that sum to 1 need no remainder exit; and the rules' errors.
#include <gtest/gtest.h>

#include <cmath>

#include "tests/process/process_test_support.hpp"

namespace civicsim {
namespace {

using nlohmann::json;

constexpr int kPersons = 40000;
constexpr int kYears = 10;

// well, surgery (tunnel), post, complication, dead; everyone aged 60 in well at the start.
json surgery_model() {
  return json::parse(R"({
    "name": "tunnel", "horizon_years": 10, "step_months": 12, "seed": 3,
    "population": {"source": "cohort",
                   "cohort": {"size": 40000, "age": 60, "states": {"m": "well"}}},
    "processes": {"m": {
      "states": ["well", "surgery", "post", "complication", "dead"],
      "tunnel_states": ["surgery"],
      "transitions": [
        {"from": "well", "to": "surgery", "probability_per_cycle": 0.1},
        {"from": "well", "to": "dead", "probability_per_cycle": 0.02},
        {"from": "surgery", "to": "dead", "probability_per_cycle": 0.05, "if": "age < 63"},
        {"from": "surgery", "to": "dead", "probability_per_cycle": 0.12, "if": "age >= 63"},
        {"from": "surgery", "to": "complication", "probability_per_cycle": 0.2, "stage": 1},
        {"from": "surgery", "to": "post"},
        {"from": "post", "to": "surgery", "probability_per_cycle": 0.04},
        {"from": "post", "to": "dead", "probability_per_cycle": 0.03},
        {"from": "complication", "to": "dead", "probability_per_cycle": 0.1}]}}
  })");
}

// The move from cycle t - 1 to t: ages at the step's start are 60 + t - 1.
Eigen::MatrixXd surgery_matrix(int t) {
  Eigen::MatrixXd P = Eigen::MatrixXd::Zero(5, 5);
  P(0, 1) = 0.1, P(0, 4) = 0.02, P(0, 0) = 0.88;
  const double death = 60 + t - 1 < 63 ? 0.05 : 0.12;
  P(1, 4) = death, P(1, 3) = (1 - death) * 0.2, P(1, 2) = (1 - death) * 0.8;  // P(1, 1) = 0
  P(2, 1) = 0.04, P(2, 4) = 0.03, P(2, 2) = 0.93;
  P(3, 4) = 0.1, P(3, 3) = 0.9;
  P(4, 4) = 1;
  return P;
}

// Everyone in state `s` at time point t moves out of it in step t (moves: flow [t][from][to]).
void expect_everyone_leaves(const RunResults& r, size_t s, size_t S) {
  const Eigen::MatrixXd occ = testing::occupancy(r, "m");
  const size_t k = r.series_index("m.transitions");
  const std::vector<double>& moves = r.values[k][0];
  ASSERT_EQ(moves.size(), static_cast<size_t>(kYears) * S * S);
  double entered = 0;
  for (int t = 0; t < kYears; ++t) {
    double left = 0;
    for (size_t to = 0; to < S; ++to)
      if (to != s) left += moves[(t * S + s) * S + to];
    EXPECT_EQ(left, occ(t, static_cast<Eigen::Index>(s))) << "step " << t;
    entered += occ(t, static_cast<Eigen::Index>(s));
  }
  EXPECT_GT(entered, 1000);
}

TEST(TunnelStates, ASurgeryStateMatchesTheExactChainAndIsLeftAfterOneCycle) {
  const RunResults r = testing::run_json(surgery_model());
  testing::expect_trace_near(r, "m",
                             verification::occupancy(verification::MatrixOfCycle(surgery_matrix),
                                                     Eigen::RowVectorXd::Unit(5, 0), kYears),
                             kPersons);
  expect_everyone_leaves(r, 1, 5);
}

TEST(TunnelStates, MovesSummingToOneNeedNoRemainderExit) {
  json doc = surgery_model();
  json& ts = doc["processes"]["m"]["transitions"];
  ts = json::array({ts[0], ts[1], ts[6], ts[7], ts[8]});
  ts.push_back({{"from", "surgery"}, {"to", "dead"}, {"probability_per_cycle", 0.25}});
  ts.push_back({{"from", "surgery"}, {"to", "post"}, {"probability_per_cycle", 0.75}});
  const RunResults r = testing::run_json(doc);
  const verification::MatrixOfCycle m = [](int t) {
    Eigen::MatrixXd P = surgery_matrix(t);
    P.row(1).setZero();
    P(1, 4) = 0.25, P(1, 2) = 0.75;
    return P;
  };
  testing::expect_trace_near(
      r, "m", verification::occupancy(m, Eigen::RowVectorXd::Unit(5, 0), kYears), kPersons);
  expect_everyone_leaves(r, 1, 5);
}

TEST(TunnelStates, RulesAndErrors) {
  const std::string at = "/processes/m";
  {  // moves that leave something for staying, and no remainder exit
    json doc = surgery_model();
    doc["processes"]["m"]["transitions"].erase(5);
    EXPECT_EQ(testing::run_errors(doc),
              std::vector<std::string>{
                  at + "/tunnel_states/0: expected moves out of tunnel state 'surgery' whose "
                       "probabilities sum to 1 (it is left after one step), or a transition out "
                       "of it with neither rate nor probability to take what they leave, found a "
                       "sum of 0.24 where age 0"});
  }
  {
    json doc = surgery_model();
    doc["processes"]["m"]["tunnel_states"] = {"surgery", "nowhere", "surgery", "dead"};
    doc["processes"]["m"]["transitions"].push_back({{"from", "surgery"}, {"to", "well"}});
    doc["processes"]["m"]["transitions"][5]["if"] = "age > 70";
    doc["processes"]["m"]["transitions"].push_back({{"from", "well"}, {"to", "post"}});
    EXPECT_EQ(testing::run_errors(doc),
              (std::vector<std::string>{
                  at + "/transitions/10: expected exactly one of rate_per_year, "
                       "probability_per_cycle or hazard, found none",
                  at + "/transitions/5/if: expected no if on the transition that takes what the "
                       "others leave (nobody may stay in a tunnel state), found \"age > 70\"",
                  at + "/transitions/9: expected at most one transition out of tunnel state "
                       "'surgery' without a rate or probability (it takes what the others leave), "
                       "found a second one, to \"well\"",
                  at + "/tunnel_states/1: expected one of the states of m: well, surgery, post, "
                       "complication, dead, found 'nowhere'",
                  at + "/tunnel_states/2: expected a state not listed before, found 'surgery'",
                  at + "/tunnel_states/3: expected a state that some transition leaves (a tunnel "
                       "state is left after one step), found 'dead', which no transition leaves"}));
  }
}

}  // namespace
}  // namespace civicsim
