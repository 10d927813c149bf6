// Tests of the ingress actor against recording partitions: what a restarted
// partition receives, and in which order. A partition skips offsets at or
// below the highest it applied, so the order decides whether a replay is
// applied or silently lost.
#include "actors/ingress.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <limits>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/exit_reason.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"

#include "actors/wall_clock.hpp"

namespace {

using namespace std::chrono_literals;

/// Every record is one key; the partitions only record what they receive.
struct single_key_logic {
  using input = int;
  using output = int;
  using value = int;
};

eddy::ingress_routing<int> single_key() {
  return {[](const int&) { return std::string_view{"key"}; }, {}};
}

using handle = eddy::partition_handle<single_key_logic>;

/// The offsets one partition incarnation received, in arrival order, and
/// the watermarks it was told (on batches or on their own; the marker of
/// idle inputs left out).
struct received_offsets {
  std::mutex mtx;
  std::condition_variable changed;
  std::vector<eddy::offset_t> offsets;
  std::vector<int64_t> watermarks;

  /// Waits until `n` offsets arrived; answers them.
  std::vector<eddy::offset_t> await(size_t n) {
    std::unique_lock guard{mtx};
    changed.wait_for(guard, 5s, [&] { return offsets.size() >= n; });
    return offsets;
  }

  void add_watermark(int64_t mark) {
    if (mark == eddy::no_watermark || mark == eddy::idle_watermark)
      return;
    {
      std::lock_guard guard{mtx};
      watermarks.push_back(mark);
    }
    changed.notify_all();
  }

  /// Waits until a watermark arrived; answers those that did.
  std::vector<int64_t> await_watermark() {
    std::unique_lock guard{mtx};
    changed.wait_for(guard, 5s, [&] { return !watermarks.empty(); });
    return watermarks;
  }
};

handle::behavior_type
recording_partition(handle::pointer,
                    std::shared_ptr<received_offsets> received) {
  return {
      [received](eddy::batch<int>& in) {
        {
          std::lock_guard guard{received->mtx};
          for (auto& rec : in.records)
            received->offsets.push_back(rec.offset);
        }
        received->changed.notify_all();
        received->add_watermark(in.watermark);
        eddy::batch_ack<int> ack;
        ack.from = in.from;
        ack.last_offset = in.records.back().offset;
        ack.applied = static_cast<uint32_t>(in.records.size());
        return ack;
      },
      [](eddy::positions_atom) { return eddy::position_map{}; },
      [](eddy::checkpoint_atom, int64_t) { return eddy::checkpoint_ack{}; },
      [received](eddy::watermark_atom, int32_t, int64_t mark) {
        received->add_watermark(mark);
      },
      [](eddy::tick_atom) {},
      [](eddy::crash_atom) {},
  };
}

eddy::batch<int> offsets(eddy::offset_t first, eddy::offset_t last) {
  eddy::batch<int> result{{"source", 0}, {}};
  for (auto offset = first; offset <= last; ++offset)
    result.records.push_back({offset, 0});
  return result;
}

std::vector<eddy::offset_t> range(eddy::offset_t first, eddy::offset_t last) {
  std::vector<eddy::offset_t> result;
  for (auto offset = first; offset <= last; ++offset)
    result.push_back(offset);
  return result;
}

std::string describe(const std::vector<eddy::offset_t>& offsets) {
  std::string result = "received offsets:";
  for (auto offset : offsets)
    result += ' ' + std::to_string(offset);
  return result;
}

/// An actor system and a job of one partition, whose incarnations are
/// recording partitions, for an ingress to feed.
struct one_partition {
  using ingress_t = eddy::ingress_handle<single_key_logic>;

  /// A partition incarnation and what it received.
  struct incarnation {
    handle actor;
    std::shared_ptr<received_offsets> received;
  };

  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  std::shared_ptr<eddy::partition_directory_of<single_key_logic>> directory =
      std::make_shared<eddy::partition_directory_of<single_key_logic>>("test",
                                                                       1);

  ingress_t spawn_ingress(eddy::ingress_options options,
                          eddy::ingress_routing<int> routing = single_key()) {
    return sys.spawn(eddy::ingress<single_key_logic>, eddy::key_groups{1, 1},
                     directory, std::move(options), std::move(routing));
  }

  /// Publishes a new incarnation of the partition in the directory (as its
  /// supervisor does), without telling the ingress yet.
  incarnation next_partition() {
    auto received = std::make_shared<received_offsets>();
    auto actor = sys.spawn(recording_partition, received);
    directory->set_running(0, {actor, nullptr}, 1);
    return {actor, received};
  }

  /// Tells `in` that the partition (re)started.
  void announce(const ingress_t& in) {
    caf::anon_send(in, eddy::restarted_atom::value, int32_t{0});
  }

  /// Sends `records` to `in` and waits for its answer.
  void send(const ingress_t& in, eddy::batch<int> records) {
    self->request(in, caf::infinite, std::move(records))
        .receive([](eddy::batch_ack<int>&) {},
                 [](caf::error& err) { FAIL(caf::to_string(err)); });
  }
};

} // namespace

TEST_CASE_FIXTURE(one_partition,
                  "a restarted partition gets its replay before any new "
                  "batch, even when new records arrive before the ingress "
                  "hears of the restart") {
  eddy::ingress_options options;
  options.max_batch = 10;
  auto in = spawn_ingress(options);
  auto first = next_partition();
  announce(in);
  send(in, offsets(0, 9));
  REQUIRE(first.received->await(10) == range(0, 9));

  // The partition dies and its supervisor publishes the next incarnation;
  // new records reach the ingress before the restart notice does.
  caf::anon_send_exit(first.actor, caf::exit_reason::kill);
  self->wait_for(first.actor);
  auto second = next_partition();
  send(in, offsets(10, 19));
  announce(in);

  auto replayed = second.received->await(20);
  CHECK_MESSAGE(replayed == range(0, 19), describe(replayed));
  // Serving once the ingress has the replay's acknowledgements.
  for (int i = 0; i < 500 && directory->recovering(0); ++i)
    std::this_thread::sleep_for(10ms);
  CHECK_FALSE(directory->recovering(0));
  caf::anon_send_exit(in, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(second.actor, caf::exit_reason::user_shutdown);
}

TEST_CASE_FIXTURE(one_partition,
                  "without keeping records for checkpoints, an ingress drops "
                  "what was applied: a restarted partition gets only what was "
                  "not") {
  eddy::ingress_options options;
  options.max_batch = 10;
  options.max_buffered = 10;
  options.keep_until_checkpoint = false;
  auto in = spawn_ingress(options);
  auto first = next_partition();
  announce(in);
  // Ten times the buffer: kept records would block the producer.
  for (eddy::offset_t from = 0; from < 100; from += 10)
    send(in, offsets(from, from + 9));
  REQUIRE(first.received->await(100) == range(0, 99));

  caf::anon_send_exit(first.actor, caf::exit_reason::kill);
  self->wait_for(first.actor);
  auto second = next_partition();
  announce(in);
  send(in, offsets(100, 109));
  auto received = second.received->await(10);
  CHECK_MESSAGE(received == range(100, 109), describe(received));
  caf::anon_send_exit(in, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(second.actor, caf::exit_reason::user_shutdown);
}

TEST_CASE_FIXTURE(one_partition,
                  "an ingress never tells its partitions a watermark beyond "
                  "the wall clock plus max.future, whatever time its records "
                  "bring") {
  eddy::ingress_options options;
  options.max_future = 1h;
  // Event time: every record is at the end of time.
  auto routing = single_key();
  routing.timestamp_of = [](const int&) {
    return std::numeric_limits<int64_t>::max() - 1;
  };
  auto in = spawn_ingress(options, routing);
  auto part = next_partition();
  announce(in);
  send(in, offsets(0, 0));
  auto marks = part.received->await_watermark();
  auto bound = eddy::wall_clock_ms() + 3'600'000;
  REQUIRE_FALSE(marks.empty());
  for (auto mark : marks)
    CHECK(mark <= bound);
  caf::anon_send_exit(in, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(part.actor, caf::exit_reason::user_shutdown);
}
