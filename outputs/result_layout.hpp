// Names in the civicsim result-file layout, shared by the HDF5 writer and reader.
//
// The layout is a public contract (documented in outputs/README.md for h5py, R and pandas users), so
// every group, dataset and attribute name lives here once; the writer and the reader cannot drift apart.
// Bump kFormatVersion whenever a reader of the old layout would misread a new file.
#pragma once

namespace civicsim::layout {

inline constexpr char kFormatName[] = "civicsim-results";
inline constexpr int kFormatVersion = 1;

// Root attributes.
inline constexpr char kFormatAttr[] = "format";
inline constexpr char kFormatVersionAttr[] = "format_version";

// Groups and datasets.
inline constexpr char kTimePath[] = "/time";
inline constexpr char kDimensionsGroup[] = "/dimensions";
inline constexpr char kResultsGroup[] = "/results";
inline constexpr char kMarginsGroup[] = "/margins";
inline constexpr char kMetaGroup[] = "/meta";

// Attributes of each /results/<series> dataset.
inline constexpr char kUnitAttr[] = "unit";
inline constexpr char kKindAttr[] = "kind";
inline constexpr char kDescriptionAttr[] = "description";
inline constexpr char kDimsAttr[] = "dims";
inline constexpr char kStock[] = "stock";
inline constexpr char kFlow[] = "flow";
inline constexpr char kReplicationDim[] = "replication";
inline constexpr char kTimeDim[] = "time";

}  // namespace civicsim::layout
