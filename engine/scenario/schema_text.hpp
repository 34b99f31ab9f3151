// The documented scenario schema as text, for `civicsim schema`: one line per field path with its
// type, unit, range, default and description. Generated from the declaration in
// scenario_schema.cpp, so it always matches what the loader accepts.
#pragma once

#include <string>

namespace civicsim {

std::string scenario_schema_text();

}  // namespace civicsim
