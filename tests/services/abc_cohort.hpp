// The three-state cohort that the intervention and service tests share: states A, B, C with
// competing rates A->B 0.5, A->C 0.1 and B->C 0.3 per year, annual steps, everyone in A at the start;
// and its exact one-step matrix, for tests/verification/markov_exact.hpp.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace civicsim::testing {

inline nlohmann::json abc_cohort(const std::string& name, int years, int persons, uint64_t seed) {
  return {{"name", name},
          {"start", "2020-01"},
          {"horizon_years", years},
          {"step_months", 12},
          {"seed", seed},
          {"population",
           {{"source", "cohort"}, {"cohort", {{"size", persons}, {"states", {{"m", "A"}}}}}}},
          {"processes",
           {{"m",
             {{"states", {"A", "B", "C"}},
              {"transitions",
               {{{"from", "A"}, {"to", "B"}, {"rate_per_year", 0.5}},
                {{"from", "A"}, {"to", "C"}, {"rate_per_year", 0.1}},
                {{"from", "B"}, {"to", "C"}, {"rate_per_year", 0.3}}}}}}}}};
}

// One step of abc_cohort with the rate A->B multiplied by `ab_factor` (an intervention's effect):
// A's rates compete (summed, converted once, split by share); B->C on its own.
inline Eigen::MatrixXd abc_matrix(double ab_factor = 1.0) {
  const double ab = 0.5 * ab_factor, ac = 0.1, leave = -std::expm1(-(ab + ac));
  Eigen::MatrixXd P = Eigen::MatrixXd::Zero(3, 3);
  P(0, 0) = 1 - leave;
  P(0, 1) = leave * ab / (ab + ac);
  P(0, 2) = leave * ac / (ab + ac);
  P(1, 1) = std::exp(-0.3);
  P(1, 2) = 1 - std::exp(-0.3);
  P(2, 2) = 1;
  return P;
}

}  // namespace civicsim::testing
