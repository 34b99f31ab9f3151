#include "engine/evaluation/cycle_convention.hpp"

#include <cmath>
#include <stdexcept>

namespace civicsim::evaluation {
namespace {

void require(bool ok, const std::string& message) {
  if (!ok) throw std::invalid_argument("evaluation::cycle_convention: " + message);
}

// Where within cycle c a flow falls, as a fraction of the cycle, under elapsed-time discounting.
double flow_position(StateRewards s) {
  switch (s) {
    case StateRewards::kStartOfCycle:
      return 0.0;
    case StateRewards::kEndOfCycle:
      return 1.0;
    case StateRewards::kHalfCycle:
    case StateRewards::kSimpson:
      return 0.5;  // spread over the cycle, as the within-cycle corrections assume
  }
  return 0.0;
}

double slot_time(const CycleConvention& c, int cycle, double elapsed, double dt) {
  switch (c.discount_time) {
    case DiscountTime::kElapsed:
      return elapsed;
    case DiscountTime::kCycleStart:
      return cycle * dt;
    case DiscountTime::kYear:
      return year_of_cycle(cycle, dt);
  }
  return elapsed;
}

}  // namespace

const char* to_string(StateRewards s) {
  switch (s) {
    case StateRewards::kStartOfCycle:
      return "start_of_cycle";
    case StateRewards::kEndOfCycle:
      return "end_of_cycle";
    case StateRewards::kHalfCycle:
      return "half_cycle";
    case StateRewards::kSimpson:
      return "simpson";
  }
  return "?";
}

const char* to_string(DiscountTime d) {
  switch (d) {
    case DiscountTime::kElapsed:
      return "elapsed";
    case DiscountTime::kCycleStart:
      return "cycle_start";
    case DiscountTime::kYear:
      return "year";
  }
  return "?";
}

StateRewards state_rewards_from(const std::string& s) {
  for (StateRewards v : {StateRewards::kStartOfCycle, StateRewards::kEndOfCycle,
                         StateRewards::kHalfCycle, StateRewards::kSimpson})
    if (s == to_string(v)) return v;
  throw std::invalid_argument(
      "state rewards must be start_of_cycle, end_of_cycle, half_cycle or simpson, found '" + s +
      "'");
}

DiscountTime discount_time_from(const std::string& s) {
  for (DiscountTime v : {DiscountTime::kElapsed, DiscountTime::kCycleStart, DiscountTime::kYear})
    if (s == to_string(v)) return v;
  throw std::invalid_argument("discount time must be elapsed, cycle_start or year, found '" + s +
                              "'");
}

std::string describe(const CycleConvention& c) {
  std::string rewards;
  switch (c.state_rewards) {
    case StateRewards::kStartOfCycle:
      rewards = "state rewards at the start of each cycle (the state at time points 0..T-1)";
      break;
    case StateRewards::kEndOfCycle:
      rewards = c.cycle_zero ? "state rewards at the end of each cycle and at cycle 0 (the state "
                               "at every time point 0..T)"
                             : "state rewards at the end of each cycle (the state at time points "
                               "1..T; cycle 0 not counted)";
      break;
    case StateRewards::kHalfCycle:
      rewards =
          "state rewards by the half-cycle correction (trapezoid rule: the states at the first "
          "and last time points count half)";
      break;
    case StateRewards::kSimpson:
      rewards =
          "state rewards by Simpson's 1/3 rule (time points weighted 1/3, 4/3, 2/3, ..., "
          "4/3, 1/3)";
      break;
  }
  const char* flows = c.state_rewards == StateRewards::kStartOfCycle ? "at its start"
                      : c.state_rewards == StateRewards::kEndOfCycle ? "at its end"
                                                                     : "in its middle";
  switch (c.discount_time) {
    case DiscountTime::kElapsed:
      return rewards +
             "; each discounted at the time it falls (events and intervention costs of a "
             "cycle " +
             flows + ")";
    case DiscountTime::kCycleStart:
      return rewards +
             "; everything of a cycle discounted from the cycle's start (by cycle "
             "number, cycle 0 undiscounted)";
    case DiscountTime::kYear:
      return rewards +
             "; everything of an appraisal year discounted from the year's start (by "
             "whole years, year 0 undiscounted)";
  }
  return rewards;
}

void check_convention(const CycleConvention& c, int cycles, double dt) {
  require(cycles >= 1, "need at least one cycle, got " + std::to_string(cycles));
  require(std::isfinite(dt) && dt > 0.0, "cycle length must be > 0 years");
  require(c.state_rewards != StateRewards::kSimpson || cycles % 2 == 0,
          "Simpson's 1/3 rule needs an even number of cycles in the appraisal period, found " +
              std::to_string(cycles));
  require(!c.cycle_zero || c.state_rewards == StateRewards::kEndOfCycle,
          std::string("cycle_zero applies to end_of_cycle state rewards only (") +
              to_string(c.state_rewards) + " already sets the weight of the state at time 0)");
}

int year_of_cycle(int cycle, double dt) {
  // Cycles are whole months: c dt is a multiple of 1/12, so a small allowance keeps 12 x (1/12)
  // in year 1 despite rounding.
  return static_cast<int>(std::floor(cycle * dt + 1e-9));
}

std::vector<std::vector<Slot>> point_slots(const CycleConvention& c, int cycles, double dt) {
  check_convention(c, cycles, dt);
  const int n = cycles;
  std::vector<std::vector<Slot>> out(static_cast<size_t>(n) + 1);
  const auto add = [&](int point, int cycle, double weight) {
    out[static_cast<size_t>(point)].push_back({cycle, weight, slot_time(c, cycle, point * dt, dt)});
  };
  switch (c.state_rewards) {
    case StateRewards::kStartOfCycle:
      for (int t = 0; t < n; ++t) add(t, t, 1.0);
      break;
    case StateRewards::kEndOfCycle:
      if (c.cycle_zero) add(0, 0, 1.0);
      for (int t = 1; t <= n; ++t) add(t, t - 1, 1.0);
      break;
    case StateRewards::kHalfCycle:
      for (int t = 0; t <= n; ++t) {
        if (t > 0) add(t, t - 1, 0.5);
        if (t < n) add(t, t, 0.5);
      }
      break;
    case StateRewards::kSimpson:
      // Over each pair of cycles (2k, 2k+1): (R_2k + 4 R_2k+1 + R_2k+2) / 3, split between the two
      // cycles so that each year holds its own part.
      for (int k = 0; 2 * k < n; ++k) {
        add(2 * k, 2 * k, 1.0 / 3.0);
        add(2 * k + 1, 2 * k, 2.0 / 3.0);
        add(2 * k + 1, 2 * k + 1, 2.0 / 3.0);
        add(2 * k + 2, 2 * k + 1, 1.0 / 3.0);
      }
      break;
  }
  return out;
}

std::vector<Slot> flow_slots(const CycleConvention& c, int cycles, double dt) {
  check_convention(c, cycles, dt);
  std::vector<Slot> out;
  const double at = flow_position(c.state_rewards);
  for (int k = 0; k < cycles; ++k) out.push_back({k, 1.0, slot_time(c, k, (k + at) * dt, dt)});
  return out;
}

double discount_factor_at(const RateSchedule& schedule, double time) {
  require(std::isfinite(time) && time >= 0.0, "discount time must be finite and >= 0");
  require(!schedule.empty() && schedule.front().first == 0,
          "discount rate schedule must start at year 0");
  const int whole = static_cast<int>(std::floor(time + 1e-12));
  // The same divisions, in the same order, as discount_factors: D(y) is the table's exactly.
  size_t band = 0;
  const auto rate = [&](int year) {
    while (band + 1 < schedule.size() && schedule[band + 1].first <= year) ++band;
    return schedule[band].second;
  };
  double d = 1.0;
  for (int y = 1; y <= whole; ++y) d = d / (1.0 + rate(y));
  const double part = time - whole;
  if (part <= 1e-12) return d;
  return d * std::pow(1.0 + rate(whole + 1), -part);
}

Totals convention_totals(const CycleConvention& c, double dt, const RateSchedule& schedule,
                         const std::vector<double>& points, const std::vector<double>& flows) {
  require(!points.empty(), "no time points");
  const int cycles = static_cast<int>(points.size()) - 1;
  require(flows.empty() || flows.size() == points.size() - 1,
          std::to_string(points.size()) + " time points but " + std::to_string(flows.size()) +
              " cycles of flows");
  Totals out;
  const auto ps = point_slots(c, cycles, dt);
  for (size_t t = 0; t < ps.size(); ++t)
    for (const Slot& s : ps[t]) {
      out.undiscounted += s.weight * points[t];
      out.discounted += s.weight * points[t] * discount_factor_at(schedule, s.time);
    }
  if (!flows.empty()) {
    const auto fs = flow_slots(c, cycles, dt);
    for (size_t k = 0; k < fs.size(); ++k) {
      out.undiscounted += flows[k];
      out.discounted += flows[k] * discount_factor_at(schedule, fs[k].time);
    }
  }
  return out;
}

}  // namespace civicsim::evaluation
