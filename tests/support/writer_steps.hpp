// Steps the database writers' integration tests share: records written in
// several writes, a batch sent to a sink actor, a condition polled.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <thread>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "actors/record_writer.hpp"
#include "caf/scoped_actor.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/error.hpp"

namespace eddy::test {

/// Writes `rows` through `writer` in writes of `per_write` records; stops
/// at the first failure and answers it.
template <class T>
caf::expected<void> write_in_parts(record_writer<T>& writer,
                                   const std::vector<T>& rows,
                                   size_t per_write) {
  for (size_t i = 0; i < rows.size(); i += per_write) {
    auto end = std::min(rows.size(), i + per_write);
    std::vector<T> part(rows.begin() + i, rows.begin() + end);
    if (auto ok = writer.write(part); !ok)
      return ok;
  }
  return caf::unit;
}

/// Sends `rows` to `sink` as one output batch and waits for its answer;
/// fails the test (and goes on) if the sink answers an error.
template <class T>
void send_batch(caf::scoped_actor& self, const consumer_actor<T>& sink,
                std::vector<T> rows) {
  self->request(sink, caf::infinite, output_batch<T>{0, 0, std::move(rows)})
      .receive([](uint64_t) {},
               [](caf::error& err) {
                 FAIL_CHECK("the sink failed: " << describe(err));
               });
}

/// Polls `done` every 10 ms; false if it did not hold within `timeout`.
inline bool wait_until(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds{
                           30}) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds{10});
  }
  return true;
}

} // namespace eddy::test
