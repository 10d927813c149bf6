// Every default of eddy-check in one place: how long it waits for peers and
// how much it asks for at once.
#pragma once

#include <chrono>
#include <cstddef>

namespace eddy::check {

/// How long the broker may take to describe a topic and its offsets; an
/// unreachable broker is reported after this.
inline constexpr auto kafka_request_timeout = std::chrono::seconds{10};

/// How long a topic may deliver nothing while it still owes records up to
/// the end offsets taken at start; a stuck read is reported after this.
inline constexpr auto kafka_stall_timeout = std::chrono::seconds{60};

/// The group session of the reading consumer: short, since a fresh group
/// waits for it on the first join (the dev cluster waits it out in full).
inline constexpr auto kafka_session_timeout = std::chrono::seconds{6};

/// How many messages one poll of a topic takes at most.
inline constexpr size_t kafka_poll_batch = 10000;

/// How long one HTTP exchange with the job (connect, request, response)
/// may take.
inline constexpr auto http_timeout = std::chrono::seconds{10};

/// How many item ids one `GET /v1/items?ids=...` asks for at most.
inline constexpr size_t http_ids_per_request = 100;

/// How often a long step tells on stderr how far it is.
inline constexpr auto progress_interval = std::chrono::seconds{1};

} // namespace eddy::check
