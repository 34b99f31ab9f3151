// How "extends" combines a base document with the file on top, and which file states each value.
//
// Objects merge key by key, the file on top winning. An array whose elements all carry an "id"
// merges into the base's array element by element: an element whose id the base has is merged
// into that element (the same rules, recursively), a new id is appended, and {"id": "x",
// "remove": true} deletes the base's element "x". Any other array, and any other value, replaces
// the base's value whole. Errors (an id-less element beside elements with ids, a repeated id, an
// id to remove that the base lacks, ids merged into a base array whose elements have none) are
// Diagnostics labelled with the file on top and located in it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/core/input_error.hpp"

namespace civicsim {

// Which layer (file, or "command line") last stated each value of a merged document, in the merged
// document's places (array elements move when the base's are removed or merged by id).
class MergeOrigins {
 public:
  // The label of the layer that last stated the value at `pointer` of the merged document, or
  // null when no layer states it (a default, or no such place).
  const std::string* at(std::string_view pointer) const;

 private:
  friend void merge_layer(nlohmann::json&, MergeOrigins&, const nlohmann::json&, const std::string&,
                          DiagnosticList&);
  // Mirrors the merged document: {"@": label, "k": {key: node}} for an object,
  // {"@": label, "i": [node]} for an array, {"@": label} for any other value.
  nlohmann::json tree_ = nlohmann::json::object();
};

// Merges `patch` (the layer labelled `label`) into `base`, keeping `origins` in step.
void merge_layer(nlohmann::json& base, MergeOrigins& origins, const nlohmann::json& patch,
                 const std::string& label, DiagnosticList& problems);

}  // namespace civicsim
