// Compiling a scenario's processes into flat tables (compiled.hpp), once per run, before any step.
//
// Each rate, probability, condition and modifier becomes a LookupTable over the catalogue variables
// it reads (engine/expr/table.hpp); the tables of one state's competing transitions are combined
// cell by cell into the probabilities of each move for one step, and those into cumulative uint32
// thresholds.
//
// How moves out of a state combine (per stage; stages are decided in order, a later stage's moves
// conditional on no earlier move):
//  * all rates, rate_conversion competing_risks: R = sum of the rates, P(any move) = 1 - exp(-R
//  dt),
//    move k with probability P(any) r_k / R (the exact step probability of constant competing
//    rates);
//  * otherwise (rate_conversion separate, or any probability per cycle in the stage): each rate
//  gives
//    p_k = 1 - exp(-r_k dt), each probability per cycle is used as it is, and the p_k are
//    exclusive: they must not sum above 1 in any cell (an error naming the state and the cell
//    otherwise).
// Modifiers multiply the rate (or the probability) before conversion; a transition with an "if"
// condition has rate 0 where the condition does not hold. In a tunnel state (tunnel_states.hpp)
// the outcome "stay" leads to its remainder exit, or without one to its last move, whose
// probabilities must then sum to 1 in every cell.
//
// Every problem is a Diagnostic naming the scenario file and the JSON path of the value at fault;
// all are collected and thrown together as one InputError.
#pragma once

#include "engine/model/catalogue.hpp"
#include "engine/model/compiled.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"

namespace civicsim::process {

// Throws InputError listing every problem. `catalogue` receives the run's catalogue.
Model compile_model(const Scenario& scenario, const Population& population,
                    RunCatalogue& catalogue);

}  // namespace civicsim::process
