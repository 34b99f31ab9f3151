// The draw of a state's rows that may move, and the split of those that certainly stay, written once
// for the person sweep (sweep.cpp) and the household sweep (household_sweep.cpp): they differ only
// in where a row's occupancy is tallied (a person's stratum, a household's council x quintile),
// which the caller gives as `cell_of`. Internal to engine/kernel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/model/compiled.hpp"
#include "engine/model/row.hpp"

namespace civicsim::process::kernel {

// A thread's tallies of one process: occupancy at t + 1 as [copy][state][cell], four copies (row r
// in copy r % 4, so that neighbours do not wait on each other's increments) of `cells` cells per
// state, and moves as [state][state] (the first copy is enough: few rows move).
struct ThreadTally {
  uint32_t* occupancy;
  uint32_t* moves;
  size_t states, cells;
};

// next[k] = the state after the step of row rows[k] (k < n, all in state s), drawing its word
// words[rows[k] - begin] against its table cell cells[k]; its occupancy at t + 1 tallied in cell
// cell_of(rows[k]), its move in `moves`. Restrict pointers in a function of its own: a byte stored
// through a plain pointer makes GCC reload every column pointer for the next row.
template <class CellOf>
__attribute__((noinline)) void draw_next(const Transitions& tr, size_t s,
                                         const uint32_t* __restrict rows, size_t n,
                                         const uint32_t* __restrict cells,
                                         const uint32_t* __restrict words, size_t begin,
                                         CellOf cell_of, uint8_t* __restrict next, ThreadTally t) {
  const size_t S = t.states, pc = t.cells;
  const uint32_t W = tr.width;
  const uint32_t* __restrict th = &tr.thresholds[size_t{tr.offset[s]} * W];
  const uint8_t* __restrict to = &tr.to[s * (W + 1)];
  uint32_t* __restrict occ = t.occupancy;
  uint32_t* __restrict moves = t.moves;
  uint32_t left = 0;  // rows that leave s (few): the others' stays are counted at once
  for (size_t k = 0; k < n; ++k) {
    const uint32_t i = rows[k];
    const uint32_t to_state = draw_state(th + size_t{cells[k]} * W, W, to, words[i - begin]);
    next[k] = static_cast<uint8_t>(to_state);
    ++occ[((i & 3) * S + to_state) * pc + cell_of(i)];
    if (to_state != s) {
      ++moves[s * S + to_state];
      ++left;
    }
  }
  moves[s * S + s] += static_cast<uint32_t>(n) - left;
}

// Of the n rows `rows` (all in state s), those whose word words[row - begin] may move them (below
// Transitions::stay_from[s]) to `some`, in order, returning how many; the others stay whatever
// their cell, so it is not computed: their occupancy at t + 1 (cell cell_of(row)) and their stays
// are tallied here (kTally), or left to be counted from the living (the person sweep's state counted
// by difference).
template <bool kTally = true, class CellOf>
__attribute__((noinline)) size_t split_stayers(const Transitions& tr, size_t s,
                                               const uint32_t* __restrict rows, size_t n,
                                               const uint32_t* __restrict words, size_t begin,
                                               CellOf cell_of, uint32_t* __restrict some,
                                               ThreadTally t) {
  const size_t S = t.states, pc = t.cells;
  const uint32_t stay = tr.stay_from[s];
  uint32_t* __restrict occ = t.occupancy;
  size_t m = 0;
  for (size_t k = 0; k < n; ++k) {  // branch-free: a row is written, then kept or not
    const uint32_t i = rows[k];
    const uint32_t stays = words[i - begin] >= stay ? 1u : 0u;
    if constexpr (kTally) occ[((i & 3) * S + s) * pc + cell_of(i)] += stays;
    some[m] = i;
    m += stays ^ 1u;
  }
  if constexpr (kTally) t.moves[s * S + s] += static_cast<uint32_t>(n - m);
  return m;
}

}  // namespace civicsim::process::kernel
