#include "outputs/result_margins.hpp"

namespace civicsim {

RunResults margins_of(const RunResults& r) {
  RunResults m;
  m.dimensions = r.dimensions;
  m.time = r.time;
  m.replications = r.replications;
  for (size_t s = 0; s < r.series.size(); ++s) {
    const SeriesDecl& decl = r.series[s];
    if (decl.dims.empty()) continue;
    SeriesDecl margin = decl;
    margin.dims = {decl.dims.front()};
    margin.description = decl.description + " Summed over every dimension but " + decl.dims.front() + ".";
    const size_t first = r.dimension(decl.dims.front()).labels.size();
    const size_t cells = r.cells(s), rest = cells / first, points = r.time_points(s);
    std::vector<std::vector<double>> values;
    for (const auto& rep : r.values[s]) {
      std::vector<double> v(points * first, 0.0);
      for (size_t t = 0; t < points; ++t)
        for (size_t c = 0; c < cells; ++c) v[t * first + c / rest] += rep[t * cells + c];
      values.push_back(std::move(v));
    }
    m.series.push_back(std::move(margin));
    m.values.push_back(std::move(values));
  }
  return m;
}

}  // namespace civicsim
