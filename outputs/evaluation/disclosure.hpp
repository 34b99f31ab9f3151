// Disclosure control of the finished evaluation document, for a population from linked individual
// records: every figure from which a suppressed count can be derived is suppressed with it. The
// evaluation suppresses small counts as it builds the document (primary suppression); this pass
// then closes the routes back to them: money and QALYs of a group with a hidden count (money / unit
// price), secondary suppression so no hidden count is the total minus the rest of its line (groups
// of a dimension, states of a process, points over time, years): each line with a hidden member also
// hides cover, a shown figure that is not small, since hidden small ones may be zeros a reader can
// guess; the same baseline hidden in every option; and everyone's money when everyone's reach is
// small. The rules and their reasons: outputs/evaluation/README.md (Disclosure control).
#pragma once

#include <cmath>
#include <nlohmann/json.hpp>

namespace civicsim::evaluation {

// A count of 1 to threshold - 1 is small; a zero discloses no one (nothing happened, or nothing
// changed), so keeping zeros keeps every group's figures where an option changes nothing. The one
// rule for the evaluation's primary suppression and this pass.
inline bool is_small_count(double v, int threshold) { return v != 0.0 && std::abs(v) < threshold; }

// Suppressed numbers become null and their row gets "suppressed": true (the headline object and the
// option's money rows too). Counts with |value| < threshold are small (in records: a sampled run's
// counts are compared with threshold / sampling fraction). Figures that no small count feeds are
// left as they are. Run it once: a second pass cannot tell the first's cover from counts that were
// small, and hides more.
void apply_disclosure_control(nlohmann::json& document, int threshold);

}  // namespace civicsim::evaluation
