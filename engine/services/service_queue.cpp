#include "engine/services/service_queue.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace civicsim {
namespace {
bool served_before(const ServiceRequest& a, const ServiceRequest& b) {
  if (a.priority != b.priority) return a.priority < b.priority;
  if (a.requested_step != b.requested_step) return a.requested_step < b.requested_step;
  if (a.key != b.key) return a.key < b.key;
  if (a.uid != b.uid) return a.uid < b.uid;
  return a.tag < b.tag;
}
}  // namespace

ServiceQueue::ServiceQueue(ServiceSettings settings)
    : settings_(std::move(settings)),
      stream_(stream_id("service." + settings_.name)),
      queues_(settings_.capacity_per_year.size()),
      carried_capacity_(settings_.capacity_per_year.size(), 0.0) {
  if (queues_.empty()) throw std::invalid_argument("service " + settings_.name + " has no region");
  const size_t n = queues_.size();
  counts_ = {std::vector<uint64_t>(n), std::vector<uint64_t>(n), std::vector<uint64_t>(n),
             std::vector<uint64_t>(n), std::vector<uint64_t>(n)};
}

void ServiceQueue::set_capacity_per_year(std::vector<double> capacity) {
  if (capacity.size() != queues_.size())
    throw std::invalid_argument("service " + settings_.name + ": capacity for " +
                                std::to_string(capacity.size()) + " regions, not " +
                                std::to_string(queues_.size()));
  settings_.capacity_per_year = std::move(capacity);
}

void ServiceQueue::submit(std::vector<ServiceRequest> requests, uint32_t step, RandomKey key) {
  for (auto* c :
       {&counts_.requested, &counts_.served, &counts_.lapsed, &counts_.wait_steps_of_served})
    std::fill(c->begin(), c->end(), 0);
  for (ServiceRequest& r : requests) {
    if (r.region >= queues_.size())
      throw std::out_of_range("service " + settings_.name + ": request for region " +
                              std::to_string(r.region));
    r.requested_step = step;
    r.key = philox_block(key, r.uid, step, stream_, r.tag)[0];
    ++counts_.requested[r.region];
    queues_[r.region].push_back(r);
  }
}

std::vector<ServiceRequest> ServiceQueue::serve(uint32_t step, int step_months,
                                                std::vector<ServiceRequest>& lapsed) {
  std::vector<ServiceRequest> served;
  for (size_t region = 0; region < queues_.size(); ++region) {
    auto& queue = queues_[region];
    // Those waiting from earlier steps are in order already: only the new requests are sorted, then
    // merged in (the order is total, so this is the full sort's order).
    const auto sorted = std::is_sorted_until(queue.begin(), queue.end(), served_before);
    std::sort(sorted, queue.end(), served_before);
    std::inplace_merge(queue.begin(), sorted, queue.end(), served_before);
    const double slots_exact =
        settings_.capacity_per_year[region] * step_months / 12.0 + carried_capacity_[region];
    const double slots_whole = std::floor(slots_exact);
    carried_capacity_[region] = slots_exact - slots_whole;
    const size_t slots = static_cast<size_t>(slots_whole);
    const size_t n_served = std::min(slots, queue.size());
    uint64_t waited = 0;
    for (size_t i = 0; i < n_served; ++i) {
      waited += step - queue[i].requested_step;
      served.push_back(queue[i]);
    }
    // Unused slots do not carry over: capacity is time (a team's hours), not a stock.
    if (n_served < slots) carried_capacity_[region] = 0.0;
    size_t kept = 0, n_lapsed = 0;
    for (size_t i = n_served; i < queue.size(); ++i) {
      const bool expired =
          settings_.max_wait_steps >= 0 &&
          static_cast<int64_t>(step - queue[i].requested_step) >= settings_.max_wait_steps;
      if (expired) {
        lapsed.push_back(queue[i]);
        ++n_lapsed;
      } else {
        queue[kept++] = queue[i];
      }
    }
    queue.resize(kept);
    counts_.served[region] = n_served;
    counts_.lapsed[region] += n_lapsed;
    counts_.waiting[region] = kept;
    counts_.wait_steps_of_served[region] = waited;
  }
  return served;
}

}  // namespace civicsim
