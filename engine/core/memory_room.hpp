// How much memory this process may still take, so that work which cannot fit is refused before it
// starts rather than ending in std::bad_alloc (or the kernel's OOM killer) after minutes.
//
// The room is the least of the machine's MemAvailable (/proc/meminfo) and what is left under the
// memory limit of this process's control group (cgroup v2 memory.max less memory.current; cgroup v1
// memory.limit_in_bytes less memory.usage_in_bytes). The environment variable
// CIVICSIM_MEMORY_LIMIT_BYTES, when set, replaces all of them: a user may set a lower ceiling, and
// tests check a refusal without allocating anything.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace civicsim {

inline constexpr const char* kMemoryLimitVariable = "CIVICSIM_MEMORY_LIMIT_BYTES";

struct MemoryRoom {
  uint64_t bytes = 0;
  std::string source;  // where the figure comes from, e.g. "MemAvailable in /proc/meminfo"
};

// The room, or nothing when no figure can be found (no /proc). Throws InputError when
// CIVICSIM_MEMORY_LIMIT_BYTES is set to something other than a whole number of bytes.
std::optional<MemoryRoom> memory_room();

// "36.2 GB" (decimal units, as most people count), "512 MB", "950 kB", "100 B".
std::string bytes_text(uint64_t bytes);

}  // namespace civicsim
