#include "engine/core/results.hpp"

#include <stdexcept>

namespace civicsim {

const Dimension& RunResults::dimension(const std::string& name) const {
  for (const auto& d : dimensions)
    if (d.name == name) return d;
  throw std::out_of_range("no dimension named " + name);
}

size_t RunResults::series_index(const std::string& name) const {
  for (size_t i = 0; i < series.size(); ++i)
    if (series[i].name == name) return i;
  throw std::out_of_range("no series named " + name);
}

size_t RunResults::cells(size_t s) const {
  size_t n = 1;
  for (const auto& d : series[s].dims) n *= dimension(d).labels.size();
  return n;
}

size_t RunResults::time_points(size_t s) const {
  const size_t points = time.size();
  return series[s].kind == SeriesKind::kStock ? points : (points == 0 ? 0 : points - 1);
}

std::vector<size_t> RunResults::shape(size_t s) const {
  std::vector<size_t> out{time_points(s)};
  for (const auto& d : series[s].dims) out.push_back(dimension(d).labels.size());
  return out;
}

}  // namespace civicsim
