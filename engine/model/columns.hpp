// The per-row columns of a run's processes, services and interventions, for one replication: what
// the model's step reads and writes (row.hpp, reference_step.hpp; the optimised kernel the same),
// and what it asks of services. The kernel's own cache of awake rows rides along (AwakeRows; only
// engine/kernel reads or writes it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "engine/model/service_request.hpp"

namespace civicsim::process {

// The persons the optimised kernel must look at, kept across steps (engine/kernel/awake.hpp says
// which and how). Data only: the model never reads it.
struct AwakeRows {
  // In row order, with their birth months, areas, sexes and households (read beside them in order
  // by the sweeps, not gathered from the person columns; a person's never change): all living
  // until the step ends (the list is brought up to date after the step's deaths).
  std::vector<uint32_t> rows;
  std::vector<int32_t> birth;
  std::vector<uint16_t> area;
  std::vector<uint8_t> sex;
  std::vector<uint32_t> household;
  // By block of kBlockRows person rows: its entries are [first[b], end[b]), in a segment
  // of its own that keeps its room when rows leave (an update moves nothing across blocks; the
  // entries between one block's end and the next one's first are not rows).
  std::vector<uint32_t> first, end;
  std::vector<uint32_t> woken;  // rows moved out of a rest state since the update (Phase::move)
  size_t seen = 0;              // person rows looked at so far; later rows are newborns
  int32_t now_months = 0;       // of the last update
};

// The per-person columns of every process, for one replication.
struct Columns {
  struct One {
    std::vector<uint8_t> state, next;  // next: only for processes updated after all have drawn
    std::vector<int32_t> entered;      // time point at which the current state was entered
    std::vector<std::vector<int32_t>> group_entered;  // [group]: time point the group was entered
    std::vector<std::vector<float>> factor;           // [heterogeneity]
    // [event] for an event billed per row (Event::billed_per_row), else empty: by row, the count
    // of the event in the step swept (0: none) and the cell of its cost_plan at the step's start.
    // The sweep writes the rows it happens to; billing (Phase::bill_events) reads them and sets
    // the counts back to 0.
    struct Billed {
      std::vector<uint32_t> count, cell;
    };
    std::vector<Billed> billed;
  };
  std::vector<One> process;
  // Written by the service and intervention phase (engine/services), read by conditions.
  std::vector<std::vector<uint8_t>> service_status;  // [service][person row]: ServiceStatus
  // [intervention][person or household row]: time point of receipt, -1 never. 16 bits hold any
  // time point: a run has at most 1,200 steps (100 years of monthly steps).
  std::vector<std::vector<int16_t>> received_at;
  // The persons some process with a rest state may not leave alone, kept across steps (awake.hpp).
  AwakeRows awake;
  // By block of kBlockRows persons: whether its uids run on (kernel::runs_on). A row never
  // changes its uid, so only blocks that were not full at the last update are looked at again.
  std::vector<uint8_t> uids_run_on;
  size_t uids_checked = 0;  // person rows there were at the last update
  // The same for households (whose rows never change or grow), filled by the first household sweep.
  std::vector<uint8_t> household_uids_run_on;
};

// A request to a service made in the process phase: an event that needs the service happened to a
// person not already waiting for it. tag = process << 16 | event.
struct EventRequest {
  uint16_t service = 0;
  ServiceRequest request;
};

}  // namespace civicsim::process
