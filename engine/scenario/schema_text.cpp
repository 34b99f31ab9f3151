// Header and notes around the generated field list of the scenario schema.
#include "engine/scenario/schema_text.hpp"

#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/schema.hpp"

namespace civicsim {

std::string scenario_schema_text() {
  return "civicsim scenario file (JSON). Fields by JSON path: (type; unit; range; default) "
         "description.\n"
         "Unknown keys are errors. A file may state only some fields: the rest take their "
         "defaults or, with \"extends\", the base file's values.\n\n" +
         schema::schema_text(scenario_schema());
}

}  // namespace civicsim
