// Whether a run fits in memory, decided before it allocates its results.
//
// A valid scenario can need more memory than the machine has (10,000 replications of the LCR
// baseline need about 36 GB of result arrays), and would otherwise end in std::bad_alloc or the
// OOM killer after minutes of work. `civicsim run` estimates the run's peak memory from the
// declared result series and the population, and refuses a run that does not fit in the room this
// process has (engine/core/memory_room.hpp: MemAvailable, a cgroup limit, or
// CIVICSIM_MEMORY_LIMIT_BYTES) with an InputError saying what to change; `civicsim validate`
// prints the same finding as a warning, since the scenario itself is valid and may be meant for a
// larger machine.
#pragma once

#include <cstdint>
#include <optional>

#include "engine/core/input_error.hpp"
#include "engine/population/population.hpp"
#include "engine/scenario/scenario.hpp"
#include "engine/sim/simulation.hpp"

namespace civicsim {

// A run's estimated peak memory, by part.
struct RunMemory {
  uint64_t results = 0;  // result arrays of every replication, with the copies made of them
  uint64_t margins = 0;  // the margins written beside them (outputs/result_margins.hpp)
  uint64_t persons = 0;  // the population, a replication's copy of it and its per-person columns
  uint64_t fixed = 0;    // the program, the data tables and the libraries
  uint64_t total() const { return results + margins + persons + fixed; }
};

RunMemory estimate_run_memory(const Scenario& scenario, const Population& population,
                              const Simulation& simulation);

// Before the population is built: its size from the settings (population.scale x the LCR's
// persons, the cohort's size, or the linked extract's file sizes), with no results. A population
// that cannot be built here (population.scale 100, a cohort of 100 million) is refused before it
// is built.
RunMemory estimate_population_memory(const Scenario& scenario);

// The problem when `need` does not fit in the memory this process has (nothing when it fits or
// when the room cannot be known): located at /replications of the scenario file (at /population for
// a population-only estimate), it states the estimate, the room and where that figure comes from,
// and what to change.
std::optional<Diagnostic> memory_problem(const Scenario& scenario, const RunMemory& need);

}  // namespace civicsim
