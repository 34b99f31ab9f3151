// The estimate counts what a run allocates in proportion to its size; the constants for the
// per-person part and the fixed part are calibrated against the peak resident memory of real runs
// (RunMeta::peak_rss_bytes, printed by `civicsim run` and stored in /meta); see CALIBRATION below.
#include "api/memory_check.hpp"

#include <algorithm>

#include "engine/core/memory_room.hpp"
#include "outputs/result_margins.hpp"

namespace civicsim {
namespace {

// CALIBRATION. Peak resident memory of `civicsim run --threads 2`, 1 replication unless said, on
// the 2-core development machine (2026-12-06; scale 1 from README.md and bench/README.md, 99
// bytes per person), against this estimate:
//   scenario, scale          persons    measured  estimated
//   foundation 0.05           77,985       30 MB      37 MB  (+25%)
//   foundation 0.2           311,850       39 MB      51 MB  (+29%)
//   foundation 1 (README)  1,560,000       99 MB     120 MB  (+21%)
//   quick (baseline, 2 y)     77,985       61 MB      64 MB   (+4%)
//   baseline 0.05             77,985       61 MB      78 MB  (+27%)
//   baseline 0.2             311,850       74 MB      97 MB  (+31%)
//   baseline 1 (bench)     1,560,000      154 MB     200 MB  (+30%)
//   combined 0.2             311,850       79 MB     107 MB  (+35%)
//   cohort of 10 million  10,000,000      645 MB     658 MB   (+2%)
//   linked, whole LCR      1,560,000      678 MB     828 MB  (+22%; `validate`, reading the CSVs)
//   baseline 0.01, 40 reps    15,579      701 MB    1.4 GB  (x2: no checkpoint in 7 s, see below)
// so it errs high by up to a third when the population dominates; where results dominate (the runs
// this check is for) it is their exact size, held twice when a checkpoint copies them.
constexpr uint64_t kFixedBytes = 30'000'000;           // program, libraries, data tables
constexpr uint64_t kFixedBytesPerProcess = 8'000'000;  // a process's compiled tables
constexpr uint64_t kBytesPerPerson = 56;               // population, its copy, demography
constexpr uint64_t kBytesPerPersonPerProcess = 6;      // state, entry time, group entry times
constexpr uint64_t kBytesPerPersonPerAction = 3;       // per service or intervention
constexpr uint64_t kBytesPerPersonPerBilledEvent = 8;  // count and cost cell of an event billed
                                                       // per row (a cost that varies)

// The LCR's persons at population.scale 1 (mid-2019 estimates; 1.56 million), rounded up.
constexpr double kLcrPersons = 1.6e6;
// A linked extract: a line of persons.csv is at least this long ("P0000001,H0000001,1984-10,male"),
// and reading a pair of files takes this many times their size at its peak (every cell a string:
// 678 MB for the 88 MB extract of the whole LCR, measured).
constexpr uint64_t kLinkedBytesPerPerson = 31;
constexpr uint64_t kLinkedReadingFactor = 8;

uint64_t saturating_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
uint64_t saturating_mul(uint64_t a, uint64_t b) {
  return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

uint64_t bytes_per_person(const Scenario& scenario) {
  uint64_t varying_events = 0;  // at most those billed per row (one of the cycle only is counted)
  for (const ProcessSpec& p : scenario.processes)
    for (const EventSpec& e : p.events) varying_events += e.cost.varies() ? 1 : 0;
  return kBytesPerPerson + kBytesPerPersonPerProcess * scenario.processes.size() +
         kBytesPerPersonPerAction * (scenario.services.size() + scenario.interventions.size()) +
         kBytesPerPersonPerBilledEvent * varying_events;
}

uint64_t fixed_bytes(const Scenario& scenario) {
  return kFixedBytes + kFixedBytesPerProcess * scenario.processes.size();
}

uint64_t fs_size(const std::filesystem::path& file) {
  std::error_code ec;
  const uintmax_t size = std::filesystem::file_size(file, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

}  // namespace

RunMemory estimate_run_memory(const Scenario& scenario, const Population& population,
                              const Simulation& simulation) {
  const RunResults& declared = simulation.declared_results();
  const auto replications = static_cast<uint64_t>(std::max(scenario.replications, 0));
  uint64_t per_replication = 0, margin_per_replication = 0;
  for (size_t s = 0; s < declared.series.size(); ++s) {
    const SeriesDecl& decl = declared.series[s];
    const uint64_t points = declared.time_points(s);
    per_replication =
        saturating_add(per_replication, saturating_mul(points * 8, declared.cells(s)));
    if (decl.dims.empty()) continue;
    uint64_t margin_cells = 1;
    for (size_t k : margin_axes(decl))
      margin_cells = saturating_mul(margin_cells, declared.dimension(decl.dims[k]).labels.size());
    margin_per_replication = saturating_add(margin_per_replication, points * 8 * margin_cells);
  }
  RunMemory m;
  // With more than one replication the results are held twice at times: a checkpoint copies them
  // all (api/checkpoint.cpp save_checkpoint), and resuming reads a checkpoint whole beside them.
  m.results =
      saturating_mul(saturating_mul(per_replication, replications), replications > 1 ? 2 : 1);
  m.margins = saturating_mul(margin_per_replication, replications);
  m.persons = saturating_mul(population.people.size(), bytes_per_person(scenario));
  m.fixed = fixed_bytes(scenario);
  return m;
}

RunMemory estimate_population_memory(const Scenario& scenario) {
  const PopulationSettings& p = scenario.population;
  uint64_t persons = 0, reading = 0;
  switch (p.source) {
    case PopulationSource::kLcrSynthetic:
      persons = static_cast<uint64_t>(p.scale * kLcrPersons);
      break;
    case PopulationSource::kCohort:
      persons = static_cast<uint64_t>(std::max<int64_t>(p.cohort.size, 0));
      break;
    case PopulationSource::kLinked: {
      const uint64_t bytes = fs_size(p.persons_csv) + fs_size(p.households_csv);
      persons = fs_size(p.persons_csv) / kLinkedBytesPerPerson;
      reading = saturating_mul(bytes, kLinkedReadingFactor);
      break;
    }
  }
  RunMemory m;
  m.persons = saturating_add(saturating_mul(persons, bytes_per_person(scenario)), reading);
  m.fixed = fixed_bytes(scenario);
  return m;
}

std::optional<Diagnostic> memory_problem(const Scenario& scenario, const RunMemory& need) {
  const std::optional<MemoryRoom> room = memory_room();
  if (!room || need.total() <= room->bytes) return std::nullopt;
  const bool population_only = need.results == 0 && need.margins == 0;
  std::string found = population_only
                          ? "a population needing about " + bytes_text(need.total()) + " to build"
                          : "a run needing about " + bytes_text(need.total()) + " (results of " +
                                std::to_string(scenario.replications) + " replication" +
                                (scenario.replications == 1 ? "" : "s") + " " +
                                bytes_text(need.results + need.margins) +
                                ", population and its columns " +
                                bytes_text(need.persons + need.fixed) + ")";
  return Diagnostic{scenario.file.string(), population_only ? "/population" : "/replications",
                    "a run that fits in the memory this process has: " + bytes_text(room->bytes) +
                        " (" + room->source + ")",
                    found +
                        "; use fewer replications, a smaller population (--scale or "
                        "population.scale), a shorter horizon or longer steps, or a machine "
                        "with more memory"};
}

}  // namespace civicsim
