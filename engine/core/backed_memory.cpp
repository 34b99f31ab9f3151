#include "engine/core/backed_memory.hpp"

#include <omp.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>

namespace civicsim {

void back_memory(const void* data, size_t bytes) {
#ifdef MADV_POPULATE_WRITE
  constexpr size_t kWorthIt = size_t{1} << 20;  // below a MiB, faults cost about what the call does
  if (bytes < kWorthIt) return;
  static const auto page = static_cast<uintptr_t>(sysconf(_SC_PAGESIZE));
  const auto at = reinterpret_cast<uintptr_t>(data);
  const uintptr_t begin = (at + page - 1) / page * page, end = (at + bytes) / page * page;
  if (end <= begin) return;
  const size_t pages = (end - begin) / page;
#pragma omp parallel
  {
    const auto t = static_cast<size_t>(omp_get_thread_num());
    const auto threads = static_cast<size_t>(omp_get_num_threads());
    const size_t first = pages * t / threads, last = pages * (t + 1) / threads;
    // A failure (an older kernel: EINVAL) leaves the pages to fault in when written.
    if (last > first)
      (void)madvise(reinterpret_cast<void*>(begin + first * page), (last - first) * page,
                    MADV_POPULATE_WRITE);
  }
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace civicsim
