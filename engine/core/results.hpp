// What a run produces, in memory: declared result series filled per replication.
//
// Each series is declared up front (name, unit, stock or flow, dimensions) and stored as one
// preallocated array per replication, laid out [time][dim 0][dim 1]... row-major. Stocks are recorded
// at the start and after every step (steps + 1 points); flows once per step (steps points; flow t
// happens during the step from time[t] to time[t + 1]). Values are undiscounted. The outputs library
// writes this to HDF5 unchanged; the engine knows nothing of files.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace civicsim {

struct Dimension {
  std::string name;                 // e.g. "council"
  std::vector<std::string> labels;  // e.g. {"Halton", "Knowsley", ...}
};

enum class SeriesKind { kStock, kFlow };

struct SeriesDecl {
  std::string name;         // e.g. "population"
  std::string unit;         // e.g. "persons"
  std::string description;  // one sentence for the file and the README
  SeriesKind kind = SeriesKind::kStock;
  std::vector<std::string> dims;  // names of Dimensions, outermost first (time is implicit)
  bool integer = true;            // counts are written as int64, money and QALYs as float64
};

struct RunResults {
  std::vector<Dimension> dimensions;
  std::vector<std::string> time;  // "YYYY-MM" at each recorded point: steps + 1 labels
  std::vector<SeriesDecl> series;
  // values[s][r]: series s, replication r, [time_points(s)][cells(s)] row-major.
  std::vector<std::vector<std::vector<double>>> values;
  int replications = 0;

  const Dimension& dimension(const std::string& name) const;  // throws std::out_of_range
  size_t series_index(const std::string& name) const;         // throws std::out_of_range
  size_t cells(size_t s) const;                               // product of the dims' label counts
  size_t time_points(size_t s) const;         // steps + 1 for stocks, steps for flows
  std::vector<size_t> shape(size_t s) const;  // {time_points, dim sizes...}
};

// Facts about a run that may differ between identical runs (written to /meta with the scenario).
struct RunMeta {
  std::string engine_version;
  uint64_t seed = 0;
  std::string scenario_json;  // resolved scenario
  // Numbers its files wrote as constant expressions, a JSON object (pointer in scenario_json ->
  // text as written, e.g. "17/1734"; scenario_json holds the values). Empty: none.
  std::string scenario_constants;
  std::string scenario_file;
  int threads = 1;
  double wall_time_s = 0;
  double population_build_s = 0;
  double simulation_s = 0;
  long peak_rss_bytes = 0;
  std::string host;
  std::string timestamp_utc;  // ISO 8601
  std::string command_line;
  // What determined the results (engine/sim/run_inputs.hpp): RunInputs::fingerprint() and lines().
  // Empty in files written before they were recorded.
  std::string input_fingerprint;
  std::vector<std::string> inputs;
};

// Facts that are a pure function of scenario and seed (written at the root of the file).
struct RunIdentity {
  std::string scenario_name;
  std::string population_source;       // "lcr_synthetic" or "linked"
  std::string population_fingerprint;  // see Population::fingerprint
  std::string start;                   // "YYYY-MM"
  int step_months = 1;
  int steps = 0;
  uint64_t seed = 0;
  int replications = 0;
  uint64_t initial_persons = 0;
  uint64_t initial_households = 0;
};

}  // namespace civicsim
