// The kernel path switch (kernel_path.hpp).
#include "engine/core/kernel_path.hpp"

#include <atomic>
#include <cstdlib>
#include <stdexcept>

namespace civicsim {
namespace {

constexpr int kUnset = -1;
std::atomic<int> forced{kUnset};

bool has_avx512() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl");
}
bool has_avx2() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2");
}

void check_runs(KernelPath path, const std::string& where) {
  if (!cpu_runs(path))
    throw std::runtime_error(where + ": this CPU has no " + kernel_path_name(path) +
                             " instructions; use best, reference or scalar");
}

KernelPath from_environment() {
  const char* v = std::getenv("CIVICSIM_KERNEL");
  const std::string value = v ? v : "";
  KernelPath path = KernelPath::kBest;
  if (value.empty() || value == "best")
    path = KernelPath::kBest;
  else if (value == "reference")
    path = KernelPath::kReference;
  else if (value == "scalar")
    path = KernelPath::kScalar;
  else if (value == "avx2")
    path = KernelPath::kAvx2;
  else if (value == "avx512")
    path = KernelPath::kAvx512;
  else
    throw std::runtime_error(
        "CIVICSIM_KERNEL: expected best, reference, scalar, avx2 or avx512, found '" + value + "'");
  check_runs(path, "CIVICSIM_KERNEL=" + value);
  return path;
}

}  // namespace

bool cpu_runs(KernelPath path) {
  if (path == KernelPath::kAvx512) return has_avx512();
  if (path == KernelPath::kAvx2) return has_avx2();
  return true;
}

std::string kernel_path_name(KernelPath path) {
  switch (path) {
    case KernelPath::kBest:
      return "best";
    case KernelPath::kReference:
      return "reference";
    case KernelPath::kScalar:
      return "scalar";
    case KernelPath::kAvx2:
      return "avx2";
    case KernelPath::kAvx512:
      return "avx512";
  }
  return "best";
}

KernelPath kernel_path() {
  const int f = forced.load(std::memory_order_relaxed);
  if (f != kUnset) return static_cast<KernelPath>(f);
  static const KernelPath from_env = from_environment();
  return from_env;
}

void set_kernel_path(KernelPath path) {
  check_runs(path, "kernel path");
  forced.store(static_cast<int>(path), std::memory_order_relaxed);
}

VectorIsa vector_isa() {
  static const bool avx512 = has_avx512(), avx2 = has_avx2();
  switch (kernel_path()) {
    case KernelPath::kScalar:
    case KernelPath::kReference:  // the reference step draws row by row; anything batched is scalar
      return VectorIsa::kScalar;
    case KernelPath::kAvx2:
      return VectorIsa::kAvx2;
    case KernelPath::kAvx512:
      return VectorIsa::kAvx512;
    case KernelPath::kBest:
      break;
  }
  return avx512 ? VectorIsa::kAvx512 : avx2 ? VectorIsa::kAvx2 : VectorIsa::kScalar;
}

}  // namespace civicsim
