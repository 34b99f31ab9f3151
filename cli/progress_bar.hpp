// A progress bar on stderr for long runs: drawn only when stderr is a terminal, only once a run has
// taken more than a second, at most ten times a second; silent with --quiet.
#pragma once

#include <chrono>
#include <string>

namespace civicsim::cli {

class ProgressBar {
 public:
  ProgressBar(std::string label, bool enabled);
  ~ProgressBar();
  void update(long done, long total);
  void finish();

 private:
  using Clock = std::chrono::steady_clock;
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_, last_draw_;
};

}  // namespace civicsim::cli
