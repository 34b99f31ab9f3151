// The scenario file's "services" and "interventions" sections: their one declaration, the rules
// between fields that need the rest of the document (names of processes, states, transitions,
// events and services), and their binding to ServiceSpec / InterventionSpec. Conditions ("who") are
// checked against the population's catalogue when the run is compiled.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "engine/scenario/scenario_schema.hpp"
#include "engine/scenario/schema.hpp"
#include "engine/scenario/service_spec.hpp"

namespace civicsim {

schema::Node services_schema();       // map of service name -> service
schema::Node interventions_schema();  // map of intervention name -> intervention

// Rules between the services, interventions and processes of the merged document.
void check_service_rules(const nlohmann::json& doc, const OriginFn& origin, DiagnosticList& out);

// In name order. Only on a document that passed validation and the rules.
std::vector<ServiceSpec> bind_services(const nlohmann::json& doc);
std::vector<InterventionSpec> bind_interventions(const nlohmann::json& doc);

}  // namespace civicsim
