// Reads the kernel's figures as text; any that cannot be read is left out of the minimum.
#include "engine/core/memory_room.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string_view>

#include "engine/core/input_error.hpp"

namespace civicsim {
namespace {

// A cgroup limit at or above this is "no limit" (v1 writes 2^63 rounded down to a page).
constexpr uint64_t kNoLimit = uint64_t{1} << 62;

std::optional<uint64_t> parse_bytes(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  uint64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || text.empty()) return std::nullopt;
  return v;
}

// The first line of a small kernel file, or nothing.
std::optional<std::string> first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return line;
}

std::optional<uint64_t> mem_available() {
  std::ifstream in("/proc/meminfo");
  std::string key;
  uint64_t kb = 0;
  std::string unit;
  while (in >> key >> kb) {
    std::getline(in, unit);
    if (key == "MemAvailable:") return kb * 1024;
  }
  return std::nullopt;
}

// This process's cgroup path for the v2 hierarchy ("0::/path") or the v1 memory controller
// ("N:memory:/path").
std::string cgroup_path(bool v2) {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line)) {
    const size_t a = line.find(':'), b = a == std::string::npos ? a : line.find(':', a + 1);
    if (b == std::string::npos) continue;
    const std::string controllers = line.substr(a + 1, b - a - 1);
    if (v2 ? (line.compare(0, a, "0") == 0 && controllers.empty())
           : controllers.find("memory") != std::string::npos)
      return line.substr(b + 1);
  }
  return "/";
}

// limit less usage, from the files of the cgroup's folder (or of the root, where a container shows
// its own cgroup as the root).
std::optional<uint64_t> cgroup_room(const std::string& root, const std::string& path,
                                    const char* limit_file, const char* usage_file) {
  for (const std::string& folder : {root + path, root}) {
    const auto limit_text = first_line(folder + "/" + limit_file);
    if (!limit_text) continue;
    const auto limit = parse_bytes(*limit_text);  // "max" parses to nothing: no limit
    if (!limit || *limit >= kNoLimit) return std::nullopt;
    const auto usage_text = first_line(folder + "/" + usage_file);
    const uint64_t usage = usage_text ? parse_bytes(*usage_text).value_or(0) : 0;
    return *limit > usage ? *limit - usage : 0;
  }
  return std::nullopt;
}

}  // namespace

std::optional<MemoryRoom> memory_room() {
  if (const char* set = std::getenv(kMemoryLimitVariable)) {
    const auto bytes = parse_bytes(set);
    if (!bytes)
      throw InputError(Diagnostic{"", std::string("environment variable ") + kMemoryLimitVariable,
                                  "a whole number of bytes", "'" + std::string(set) + "'"});
    return MemoryRoom{*bytes, std::string(kMemoryLimitVariable) + " (set in the environment)"};
  }
  std::optional<MemoryRoom> room;
  const auto consider = [&](std::optional<uint64_t> bytes, std::string source) {
    if (bytes && (!room || *bytes < room->bytes)) room = MemoryRoom{*bytes, std::move(source)};
  };
  consider(mem_available(), "MemAvailable in /proc/meminfo");
  consider(cgroup_room("/sys/fs/cgroup", cgroup_path(true), "memory.max", "memory.current"),
           "the control group's memory.max less memory.current");
  consider(cgroup_room("/sys/fs/cgroup/memory", cgroup_path(false), "memory.limit_in_bytes",
                       "memory.usage_in_bytes"),
           "the control group's memory.limit_in_bytes less memory.usage_in_bytes");
  return room;
}

std::string bytes_text(uint64_t bytes) {
  char buf[32];
  const double b = static_cast<double>(bytes);
  if (b >= 1e9) {
    std::snprintf(buf, sizeof buf, "%.1f GB", b / 1e9);
  } else if (b >= 1e6) {
    std::snprintf(buf, sizeof buf, "%.0f MB", b / 1e6);
  } else if (b >= 1e3) {
    std::snprintf(buf, sizeof buf, "%.0f kB", b / 1e3);
  } else {
    std::snprintf(buf, sizeof buf, "%llu B", static_cast<unsigned long long>(bytes));
  }
  return buf;
}

}  // namespace civicsim
