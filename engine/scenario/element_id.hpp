// The "id" (and "remove") fields of array elements that an extending file may address one by one
// (merge.hpp): transitions, events, modifiers, intervention effects, a service's state changes.
#pragma once

#include "engine/scenario/schema.hpp"

namespace civicsim {

// `object` with the optional fields "id" and "remove" added.
schema::Node with_id(schema::Node object);

}  // namespace civicsim
