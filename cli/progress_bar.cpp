#include "cli/progress_bar.hpp"

#include <unistd.h>

#include <cstdio>

namespace civicsim::cli {

ProgressBar::ProgressBar(std::string label, bool enabled)
    : label_(std::move(label)), enabled_(enabled && isatty(STDERR_FILENO)), start_(Clock::now()) {}

ProgressBar::~ProgressBar() { finish(); }

void ProgressBar::update(long done, long total) {
  if (!enabled_ || total <= 0) return;
  const auto now = Clock::now();
  if (now - start_ < std::chrono::seconds(1)) return;
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100) && done < total) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int kWidth = 40;
  const double fraction = static_cast<double>(done) / static_cast<double>(total);
  const int filled = static_cast<int>(fraction * kWidth);
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%  %.0fs left ", label_.c_str(), filled,
               "########################################", kWidth - filled, "",
               static_cast<int>(fraction * 100), eta);
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (drawn_) std::fprintf(stderr, "\r%*s\r", 80, "");
  drawn_ = false;
}

}  // namespace civicsim::cli
