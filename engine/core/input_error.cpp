#include "engine/core/input_error.hpp"

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

}  // namespace civicsim
