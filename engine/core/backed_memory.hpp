// Memory backed before its first write. A fresh page costs a fault on first touch: about 11 us on
// the virtual machines this runs on, serial where the touching code is. The kernel backs a range
// at half that (MADV_POPULATE_WRITE, Linux 5.14) and the threads back their shares at once, so the
// large columns that a replication copies or zero-fills are backed here first.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

namespace civicsim {

// Backs the whole pages of [data, data + bytes), the threads each a share. Best effort: small
// ranges, and kernels without the call, are left to fault in on first touch as before. The bytes
// are not changed.
void back_memory(const void* data, size_t bytes);

// column = a copy of `from`, with room for `room` rows, its rows backed first.
template <class T>
void copy_backed(std::vector<T>& column, const std::vector<T>& from, size_t room) {
  column.reserve(std::max(room, from.size()));
  back_memory(column.data(), from.size() * sizeof(T));
  column.assign(from.begin(), from.end());  // fits the room: no new allocation
}

// column resized to n rows (new ones `value`), with room for `room` rows, the new rows backed first.
template <class T>
void resize_backed(std::vector<T>& column, size_t n, size_t room, T value = T{}) {
  column.reserve(std::max(room, n));
  if (n > column.size())
    back_memory(column.data() + column.size(), (n - column.size()) * sizeof(T));
  column.resize(n, value);
}

}  // namespace civicsim
