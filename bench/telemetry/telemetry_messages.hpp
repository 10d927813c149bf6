// The benchmark's telemetry events as Kafka messages: the job's generator's
// JSON keyed as the job keys it, and which event a validated one is.
#pragma once

#include <cstdint>
#include <string_view>

#include "caf/expected.hpp"

#include "bench/kafka/topic_fill.hpp"

namespace eddy::bench {

/// Events of the job's generator over filled_event_sensors sensors, none a
/// duplicate (so every one is let through, and each adds an id to the
/// dedup state), keyed site_id:asset_id:sensor_id; all with the timestamp
/// `timestamp_ms`, so that none is late and no id expires while a run
/// lasts.
topic_messages filled_events(int64_t timestamp_ms);

/// The same over sent_event_sensors sensors, each with the wall clock as it
/// is made as its timestamp (the latency figure's load: the send time).
topic_messages sent_events();

/// The number of the event a validated event's JSON is of (its event_id,
/// evt-<seed>-<number>); fails if it does not parse.
caf::expected<int64_t> event_number_of(std::string_view validated);

} // namespace eddy::bench
