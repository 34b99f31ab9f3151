#include "outputs/result_margins.hpp"

namespace civicsim {

std::vector<size_t> margin_axes(const SeriesDecl& decl) {
  const auto is_state = [](const std::string& d) {
    return d.size() > 6 && d.compare(d.size() - 6, 6, ".state") == 0;
  };
  std::vector<size_t> keep;
  for (size_t k = 0; k < decl.dims.size(); ++k)
    if (is_state(decl.dims[k]) || decl.dims[k] == "payer" || decl.dims[k] == "cost_category" ||
        decl.dims[k] == "intervention" || decl.dims[k] == "council" ||
        decl.dims[k] == "imd_quintile")
      keep.push_back(k);
  return keep;
}

namespace {

// For every cell of series s, the index of its cell in the margin (row-major over the kept axes).
std::vector<size_t> margin_cell_of(const RunResults& r, size_t s, const std::vector<size_t>& keep,
                                   size_t& margin_cells) {
  const SeriesDecl& decl = r.series[s];
  std::vector<size_t> size, stride(decl.dims.size(), 0);
  for (const auto& d : decl.dims) size.push_back(r.dimension(d).labels.size());
  margin_cells = 1;
  for (size_t k = keep.size(); k-- > 0;) {
    stride[keep[k]] = margin_cells;
    margin_cells *= size[keep[k]];
  }
  std::vector<size_t> out(r.cells(s), 0), code(size.size(), 0);
  for (size_t c = 0; c < out.size(); ++c) {
    for (size_t k = 0; k < size.size(); ++k) out[c] += code[k] * stride[k];
    for (size_t k = size.size(); k-- > 0;) {  // next cell: the last axis varies fastest
      if (++code[k] < size[k]) break;
      code[k] = 0;
    }
  }
  return out;
}

}  // namespace

RunResults margins_of(const RunResults& r) {
  RunResults m;
  m.dimensions = r.dimensions;
  m.time = r.time;
  m.replications = r.replications;
  for (size_t s = 0; s < r.series.size(); ++s) {
    const SeriesDecl& decl = r.series[s];
    if (decl.dims.empty()) continue;
    const std::vector<size_t> keep = margin_axes(decl);
    SeriesDecl margin = decl;
    margin.dims.clear();
    std::string kept;
    for (size_t k : keep) {
      margin.dims.push_back(decl.dims[k]);
      kept += (kept.empty() ? "" : ", ") + decl.dims[k];
    }
    margin.description =
        decl.description + (kept.empty() ? " Summed over every dimension."
                                         : " Summed over every dimension but " + kept + ".");
    size_t margin_cells = 0;
    const std::vector<size_t> to = margin_cell_of(r, s, keep, margin_cells);
    const size_t cells = r.cells(s), points = r.time_points(s);
    std::vector<std::vector<double>> values;
    for (const auto& rep : r.values[s]) {
      std::vector<double> v(points * margin_cells, 0.0);
      for (size_t t = 0; t < points; ++t)
        for (size_t c = 0; c < cells; ++c) v[t * margin_cells + to[c]] += rep[t * cells + c];
      values.push_back(std::move(v));
    }
    m.series.push_back(std::move(margin));
    m.values.push_back(std::move(values));
  }
  return m;
}

}  // namespace civicsim
