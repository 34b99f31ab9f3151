// The id fields of addressable array elements (element_id.hpp).
#include "engine/scenario/element_id.hpp"

namespace civicsim {

schema::Node with_id(schema::Node object) {
  object.fields.push_back(
      {.name = "id",
       .node = schema::string(),
       .description = "A name for this element, unique in its array: a file that extends this one "
                      "may then change it alone by writing an element with the same id (its "
                      "other keys merge into this element), add elements with new ids, or delete "
                      "it with {\"id\": ..., \"remove\": true}. An array in which every element "
                      "has an id merges by id; an array without ids replaces the base's whole."});
  object.fields.push_back(
      {.name = "remove",
       .node = schema::boolean(),
       .description = "In a file that extends another, beside \"id\" alone: true deletes the "
                      "base's element with that id."});
  return object;
}

}  // namespace civicsim
