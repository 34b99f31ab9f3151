// Services with capacity: conservation, priority, fair random order, carried capacity, lapsing, and
// independence from submission order.
#include "engine/services/service_queue.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace civicsim {
namespace {

const RandomKey kKey = RandomKey::make(17, 0);

std::vector<ServiceRequest> requests(uint32_t first_uid, size_t n, uint16_t region = 0,
                                     uint8_t priority = 1) {
  std::vector<ServiceRequest> out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = {first_uid + static_cast<uint32_t>(i), region, priority, 0, 0, 0, 0};
  return out;
}

TEST(ServiceQueue, EveryRequestIsServedLapsedOrWaiting) {
  ServiceQueue q({"repairs", {30.0, 55.5}, 3});
  uint64_t requested = 0, served = 0, lapsed = 0;
  uint32_t uid = 0;
  for (uint32_t step = 0; step < 48; ++step) {
    // Arrivals vary by step and region: 0..9 in region 0, 0..6 in region 1.
    auto r0 = requests(uid, (step * 7) % 10, 0);
    uid += static_cast<uint32_t>(r0.size());
    auto r1 = requests(uid, (step * 5) % 7, 1, static_cast<uint8_t>(step % 3));
    uid += static_cast<uint32_t>(r1.size());
    r0.insert(r0.end(), r1.begin(), r1.end());
    q.submit(r0, step, kKey);
    std::vector<ServiceRequest> gone;
    served += q.serve(step, 1, gone).size();
    lapsed += gone.size();
    const auto& c = q.last_step();
    for (size_t region = 0; region < 2; ++region) requested += c.requested[region];
    EXPECT_EQ(requested, served + lapsed + q.waiting(0) + q.waiting(1)) << "step " << step;
  }
  EXPECT_GT(lapsed, 0u);
  EXPECT_GT(served, 0u);
}

TEST(ServiceQueue, CapacityPerYearIsExactOverAYear) {
  // 10 a year with monthly steps: whole slots per step with the fraction carried forward.
  ServiceQueue q({"team", {10.0}, -1});
  size_t served = 0;
  for (uint32_t step = 0; step < 12; ++step) {
    q.submit(requests(step * 100, 5), step, kKey);
    std::vector<ServiceRequest> lapsed;
    served += q.serve(step, 1, lapsed).size();
    EXPECT_TRUE(lapsed.empty());
  }
  EXPECT_EQ(served, 10u);
  EXPECT_EQ(q.waiting(0), 60u - 10u);
}

TEST(ServiceQueue, PriorityFirstThenArrivalThenRandom) {
  ServiceQueue q({"triage", {12.0 * 3}, -1});  // 3 slots a month
  auto r = requests(0, 10, 0, 2);
  r[7].priority = 0;
  r[4].priority = 1;
  q.submit(r, 0, kKey);
  std::vector<ServiceRequest> lapsed;
  const auto served = q.serve(0, 1, lapsed);
  ASSERT_EQ(served.size(), 3u);
  EXPECT_EQ(served[0].uid, 7u);
  EXPECT_EQ(served[1].uid, 4u);
  EXPECT_EQ(served[2].priority, 2);
  // Next step: a new priority-2 request does not overtake the seven still waiting from step 0.
  q.submit(requests(100, 1, 0, 2), 1, kKey);
  const auto next = q.serve(1, 1, lapsed);
  ASSERT_EQ(next.size(), 3u);
  for (const auto& n : next) EXPECT_LT(n.uid, 10u);
  EXPECT_EQ(q.last_step().wait_steps_of_served[0], 3u);
}

TEST(ServiceQueue, WithdrawnRequestsCountAsLapsed) {
  ServiceQueue q({"s", {12.0}, -1});  // one slot a month
  q.submit(requests(0, 5), 0, kKey);
  std::vector<ServiceRequest> lapsed;
  q.withdraw([](const ServiceRequest& r) { return r.uid % 2 == 0; }, lapsed);
  const auto served = q.serve(0, 1, lapsed);
  EXPECT_EQ(lapsed.size(), 3u);
  EXPECT_EQ(q.last_step().lapsed[0], 3u);
  EXPECT_EQ(served.size(), 1u);
  EXPECT_EQ(q.last_step().requested[0],
            q.last_step().served[0] + q.last_step().lapsed[0] + q.waiting(0));
}

TEST(ServiceQueue, OutcomeDoesNotDependOnSubmissionOrder) {
  auto r = requests(100, 50, 0, 1);
  for (size_t i = 0; i < r.size(); i += 3) r[i].priority = 0;
  auto shuffled = r;
  std::reverse(shuffled.begin(), shuffled.end());
  std::rotate(shuffled.begin(), shuffled.begin() + 17, shuffled.end());
  ServiceQueue a({"s", {12.0 * 20}, 0}), b({"s", {12.0 * 20}, 0});
  a.submit(r, 4, kKey);
  b.submit(shuffled, 4, kKey);
  std::vector<ServiceRequest> la, lb;
  const auto sa = a.serve(4, 1, la), sb = b.serve(4, 1, lb);
  ASSERT_EQ(sa.size(), sb.size());
  for (size_t i = 0; i < sa.size(); ++i) EXPECT_EQ(sa[i].uid, sb[i].uid);
  ASSERT_EQ(la.size(), 30u);  // max wait 0: not served this step means lapsed
  for (size_t i = 0; i < la.size(); ++i) EXPECT_EQ(la[i].uid, lb[i].uid);
}

TEST(ServiceQueue, RequestsLapseAfterTheMaximumWait) {
  ServiceQueue q({"s", {0.0}, 2});  // no capacity at all
  q.submit(requests(0, 4), 0, kKey);
  std::vector<ServiceRequest> lapsed;
  q.serve(0, 1, lapsed);
  EXPECT_TRUE(lapsed.empty());
  q.submit({}, 1, kKey);
  q.serve(1, 1, lapsed);
  EXPECT_TRUE(lapsed.empty());
  q.submit({}, 2, kKey);
  q.serve(2, 1, lapsed);
  EXPECT_EQ(lapsed.size(), 4u);  // waited 2 steps
  EXPECT_EQ(q.waiting(0), 0u);
}

TEST(ServiceQueue, EqualPriorityIsServedInFairRandomOrder) {
  // 1,000 rounds of 20 equal requests and 5 slots: each uid position should be served with
  // probability 1/4. The served count at each position is Binomial(1000, 0.25): 4 SE = 4 * 13.7.
  std::vector<int> served_at(20, 0);
  for (uint32_t round = 0; round < 1000; ++round) {
    ServiceQueue q({"s", {12.0 * 5}, 0});
    q.submit(requests(round * 20, 20), round, kKey);
    std::vector<ServiceRequest> lapsed;
    for (const auto& r : q.serve(round, 1, lapsed)) ++served_at[r.uid - round * 20];
  }
  const double se = std::sqrt(1000 * 0.25 * 0.75);
  for (int count : served_at) EXPECT_NEAR(count, 250.0, 4 * se);
}

}  // namespace
}  // namespace civicsim
