#include "engine/core/input_error.hpp"

#include "engine/core/input_limits.hpp"

namespace civicsim {
namespace {
std::string join_messages(const std::vector<Diagnostic>& diagnostics) {
  std::string all;
  for (const auto& d : diagnostics) {
    if (!all.empty()) all += '\n';
    all += d.to_string();
  }
  return all;
}
}  // namespace

std::string Diagnostic::to_string() const {
  std::string s;
  if (!file.empty()) s += file + ": ";
  if (!location.empty()) s += location + ": ";
  return s + "expected " + expected + ", found " + found;
}

InputError::InputError(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(join_messages(diagnostics)), diagnostics_(std::move(diagnostics)) {}

void DiagnosticList::add(Diagnostic d) {
  if (items_.size() < limits::kMaxDiagnostics) {
    items_.push_back(std::move(d));
  } else {
    ++left_out_;
  }
}

std::vector<Diagnostic> DiagnosticList::items() const {
  std::vector<Diagnostic> all = items_;
  if (left_out_ > 0)
    all.push_back({"", "",
                   "at most " + std::to_string(limits::kMaxDiagnostics) + " problems listed",
                   std::to_string(left_out_) + " more, not listed"});
  return all;
}

}  // namespace civicsim
