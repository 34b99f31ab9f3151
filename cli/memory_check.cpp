// The estimate counts what a run allocates in proportion to its size; the constants for the
// per-person part and the fixed part are calibrated against the peak resident memory of real runs
// (RunMeta::peak_rss_bytes, printed by `civicsim run` and `civicsim info`); see CALIBRATION below.
#include "cli/memory_check.hpp"

#include <algorithm>

#include "engine/core/memory_room.hpp"
#include "outputs/result_margins.hpp"

namespace civicsim::cli {
namespace {

// CALIBRATION. Peak resident memory of `civicsim run --threads 2`, 1 replication unless said, on
// the 2-core development machine (2026-12-06; scale 1 from README.md and bench/README.md, 99
// bytes per person), against this estimate:
//   scenario, scale          persons    measured  estimated
//   foundation 0.05           77,985       30 MB      37 MB  (+23%)
//   foundation 0.2           311,850       39 MB      48 MB  (+23%)
//   foundation 1 (README)  1,560,000       99 MB     108 MB   (+9%)
//   quick (baseline, 2 y)     77,985       61 MB      63 MB   (+3%)
//   baseline 0.05             77,985       61 MB      77 MB  (+26%)
//   baseline 0.2             311,850       74 MB      94 MB  (+27%)
//   baseline 1 (bench)     1,560,000      154 MB     188 MB  (+22%)
//   combined 0.2             311,850       79 MB     105 MB  (+33%)
//   baseline 0.01, 40 reps    15,579      701 MB    1.4 GB  (x2: no checkpoint in 7 s, see below)
// so it errs high by up to a third when the population dominates; where results dominate (the runs
// this check is for) it is their exact size, held twice when a checkpoint copies them.
constexpr uint64_t kFixedBytes = 30'000'000;           // program, libraries, data tables
constexpr uint64_t kFixedBytesPerProcess = 8'000'000;  // a process's compiled tables
constexpr uint64_t kBytesPerPerson = 48;               // population, its copy, demography
constexpr uint64_t kBytesPerPersonPerProcess = 6;      // state, entry time, group entry times
constexpr uint64_t kBytesPerPersonPerAction = 3;       // per service or intervention

uint64_t saturating_add(uint64_t a, uint64_t b) { return a > UINT64_MAX - b ? UINT64_MAX : a + b; }
uint64_t saturating_mul(uint64_t a, uint64_t b) {
  return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
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
  // all (cli/checkpoint.cpp save_checkpoint), and resuming reads a checkpoint whole beside them.
  m.results =
      saturating_mul(saturating_mul(per_replication, replications), replications > 1 ? 2 : 1);
  m.margins = saturating_mul(margin_per_replication, replications);
  const uint64_t per_person =
      kBytesPerPerson + kBytesPerPersonPerProcess * scenario.processes.size() +
      kBytesPerPersonPerAction * (scenario.services.size() + scenario.interventions.size());
  m.persons = saturating_mul(population.people.size(), per_person);
  m.fixed = kFixedBytes + kFixedBytesPerProcess * scenario.processes.size();
  return m;
}

std::optional<Diagnostic> memory_problem(const Scenario& scenario, const RunMemory& need) {
  const std::optional<MemoryRoom> room = memory_room();
  if (!room || need.total() <= room->bytes) return std::nullopt;
  return Diagnostic{
      scenario.file.string(), "/replications",
      "a run that fits in the memory this process has: " + bytes_text(room->bytes) + " (" +
          room->source + ")",
      "a run needing about " + bytes_text(need.total()) + " (results of " +
          std::to_string(scenario.replications) + " replication" +
          (scenario.replications == 1 ? "" : "s") + " " + bytes_text(need.results + need.margins) +
          ", population and its columns " + bytes_text(need.persons + need.fixed) +
          "); use fewer replications, a smaller population (--scale or population.scale), a "
          "shorter horizon or longer steps, or a machine with more memory"};
}

}  // namespace civicsim::cli
