// When a cycle's rewards fall and at what time they are discounted: the accounting conventions of
// discrete-time (Markov, microsimulation) models, stated once and applied by `civicsim evaluate`.
// Pure functions, no I/O. Formulas, defaults and sources: engine/evaluation/README.md ("Cycle
// conventions").
//
// A run's appraisal period holds T cycles of dt years; its states are recorded at the T + 1 time
// points 0..T (point t at t dt years from the appraisal start). State rewards (a state's cost or
// utility for one cycle, already multiplied by dt) are point values R_t; flows (event costs, event
// QALY losses, intervention costs, units reached) happen during a cycle c. A convention turns them
// into slots: (cycle, weight, time), the time in years at which a slot is discounted. The present
// value of rewards R under a schedule is sum over slots of weight x R x D(time).
#pragma once

#include <string>
#include <vector>

#include "engine/evaluation/economics.hpp"

namespace civicsim::evaluation {

// Which points a cycle's state reward is taken from.
enum class StateRewards {
  kStartOfCycle,  // cycle c: the state at point c (points 0..T-1)
  kEndOfCycle,    // cycle c: the state at point c + 1 (points 1..T)
  kHalfCycle,  // half of each: the half-cycle correction, the trapezoid rule (weights 1/2 at 0, T)
  kSimpson,    // Simpson's 1/3 rule: weights 1/3, 4/3, 2/3, ..., 4/3, 1/3 (T even)
};

// At what time a slot is discounted.
enum class DiscountTime {
  kElapsed,     // when it falls: point t at t dt; a flow of cycle c at its start, end or middle as
                // the state rewards (start, end; middle for the half-cycle and Simpson rules)
  kCycleStart,  // "by cycle number": everything of cycle c at c dt, the cycle's start
  kYear,        // by whole years: everything of cycle c at the start of its appraisal year
};

struct CycleConvention {
  StateRewards state_rewards = StateRewards::kHalfCycle;
  // End-of-cycle rewards only: also count the state at point 0 as a cycle's reward, so that points
  // 0..T all count (Krijkamp et al. 2018; the DARTH tutorials without a within-cycle correction).
  bool cycle_zero = false;
  DiscountTime discount_time = DiscountTime::kElapsed;
};

const char* to_string(StateRewards s);  // "start_of_cycle", "end_of_cycle", "half_cycle", "simpson"
const char* to_string(DiscountTime d);  // "elapsed", "cycle_start", "year"
// The inverse of to_string; throws std::invalid_argument naming the accepted values.
StateRewards state_rewards_from(const std::string& s);
DiscountTime discount_time_from(const std::string& s);

// One sentence for people: how rewards are counted and discounted ("State rewards by the
// half-cycle correction (...); discounted at the time each falls ...").
std::string describe(const CycleConvention& c);

struct Slot {
  int cycle = 0;        // 0..T-1: the cycle it belongs to (its appraisal year is that cycle's)
  double weight = 0.0;  // multiplies the point reward or the flow
  double time = 0.0;    // years from the appraisal start at which it is discounted
};

// Throws std::invalid_argument when the convention does not apply to `cycles` cycles of `dt`
// years: cycles < 1, dt <= 0, Simpson's rule with an odd number of cycles, cycle_zero with other
// than end-of-cycle rewards.
void check_convention(const CycleConvention& c, int cycles, double dt);

// The slots of each point 0..T (cycles + 1 entries; a point may feed two cycles, or none).
std::vector<std::vector<Slot>> point_slots(const CycleConvention& c, int cycles, double dt);
// The slot of a flow of each cycle 0..T-1 (weight 1).
std::vector<Slot> flow_slots(const CycleConvention& c, int cycles, double dt);

// The whole year of cycle c (cycles of dt years from the appraisal start): floor(c dt), exact for
// cycles of a whole number of months.
int year_of_cycle(int cycle, double dt);

// D(time) for any time >= 0 in years: D(y) of discount_factors at whole years, and within year y
// D(y) (1 + r(y + 1))^-(time - y), the rate that takes year y + 1 back to year y.
double discount_factor_at(const RateSchedule& schedule, double time);

// Present value and undiscounted total of point rewards (T + 1 values) and flows (T values) under
// a convention: sum over slots of weight x value (x D(time) for the present value).
struct Totals {
  double undiscounted = 0.0, discounted = 0.0;
};
Totals convention_totals(const CycleConvention& c, double dt, const RateSchedule& schedule,
                         const std::vector<double>& points, const std::vector<double>& flows);

}  // namespace civicsim::evaluation
