// A public service with limited capacity and a waiting list (health visitors, early-help teams,
// housing repairs, ...).
//
// Each step, new requests join the queue of their region (a council, or one region for the whole
// LCR). The service then serves up to its capacity for that step, in order of priority (0 first),
// then arrival (first come, first served, as a waiting list), then a random key drawn from the
// request's own coordinates (so requests of equal priority arriving in the same step are served in a
// fair random order), then uid: the outcome never depends on thread timing or submission order.
// Requests not served wait; a request that has waited max_wait_steps without service lapses (what that
// means for the agent is the model's business), as does one withdrawn because its agent died. Every
// request is accounted for: requested = served + lapsed + still waiting, per region and step (tested).
//
// Capacity is given per year and converted to whole slots per step with the fractional part carried
// forward, so a capacity of 10 per year serves exactly 10 a year with monthly steps.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/random.hpp"
#include "engine/model/service_request.hpp"

namespace civicsim {

struct ServiceSettings {
  std::string name;                       // also names the random stream
  std::vector<double> capacity_per_year;  // by region
  int max_wait_steps = -1;                // -1: wait for ever; 0: served this step or lapse
};

// What happened in one step, by region.
struct ServiceStepCounts {
  std::vector<uint64_t> requested, served, lapsed, waiting;  // waiting: queue length after the step
  std::vector<uint64_t> wait_steps_of_served;                // total waiting time of those served
};

class ServiceQueue {
 public:
  explicit ServiceQueue(ServiceSettings settings);

  // Adds this step's requests (and starts the step's counts). Order does not matter.
  void submit(std::vector<ServiceRequest> requests, uint32_t step, RandomKey key);
  // Removes the waiting requests for which `gone` holds (their agent died), appending them to
  // `lapsed` and counting them as lapsed in this step. Call between submit() and serve().
  template <class Gone>
  void withdraw(const Gone& gone, std::vector<ServiceRequest>& lapsed);
  // Capacity from this step on (by region), e.g. while an intervention adds to it.
  void set_capacity_per_year(std::vector<double> capacity);
  // Serves this step's capacity; returns the served requests (in service order) and appends the
  // lapsed ones to `lapsed`.
  std::vector<ServiceRequest> serve(uint32_t step, int step_months,
                                    std::vector<ServiceRequest>& lapsed);

  const ServiceStepCounts& last_step() const { return counts_; }
  size_t regions() const { return queues_.size(); }
  size_t waiting(size_t region) const { return queues_[region].size(); }
  const std::string& name() const { return settings_.name; }

 private:
  ServiceSettings settings_;
  uint32_t stream_;
  std::vector<std::vector<ServiceRequest>> queues_;  // by region
  std::vector<double> carried_capacity_;             // fractional slots carried to the next step
  ServiceStepCounts counts_;
};

template <class Gone>
void ServiceQueue::withdraw(const Gone& gone, std::vector<ServiceRequest>& lapsed) {
  for (size_t region = 0; region < queues_.size(); ++region) {
    auto& queue = queues_[region];
    size_t kept = 0;
    for (const ServiceRequest& r : queue) {
      if (gone(r)) {
        lapsed.push_back(r);
        ++counts_.lapsed[region];
      } else {
        queue[kept++] = r;
      }
    }
    queue.resize(kept);
  }
}

}  // namespace civicsim
