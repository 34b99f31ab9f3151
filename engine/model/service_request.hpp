// A request to a service for a person or household: made by an event of the model's step (or an
// intervention) and queued by engine/services.
#pragma once

#include <cstdint>

namespace civicsim {

struct ServiceRequest {
  uint32_t uid = 0;             // person or household uid
  uint16_t region = 0;          // queue the request joins (council index, or 0)
  uint8_t priority = 0;         // 0 is served first
  uint32_t tag = 0;             // what the request is for (the caller's code), returned when served
  uint32_t requested_step = 0;  // set by submit()
  uint32_t key = 0;             // random tie-break key, set by submit()
  uint32_t row = 0;             // the person's or household's row (rows never move during a run)
};

}  // namespace civicsim
