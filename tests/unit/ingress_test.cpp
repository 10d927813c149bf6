// Tests of the ingress actor against recording partitions: what a restarted
// partition receives, and in which order. A partition skips offsets at or
// below the highest it applied, so the order decides whether a replay is
// applied or silently lost.
#include "actors/ingress.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/actor_system_config.hpp"
#include "caf/exit_reason.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"

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

/// The offsets one partition incarnation received, in arrival order.
struct received_offsets {
  std::mutex mtx;
  std::condition_variable changed;
  std::vector<eddy::offset_t> offsets;

  /// Waits until `n` offsets arrived; answers them.
  std::vector<eddy::offset_t> await(size_t n) {
    std::unique_lock guard{mtx};
    changed.wait_for(guard, 5s, [&] { return offsets.size() >= n; });
    return offsets;
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
        eddy::batch_ack<int> ack;
        ack.from = in.from;
        ack.last_offset = in.records.back().offset;
        ack.applied = static_cast<uint32_t>(in.records.size());
        return ack;
      },
      [](eddy::positions_atom) { return eddy::position_map{}; },
      [](eddy::checkpoint_atom, int64_t) { return eddy::checkpoint_ack{}; },
      [](eddy::watermark_atom, int32_t, int64_t) {},
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

} // namespace

TEST_CASE("a restarted partition gets its replay before any new batch, even "
          "when new records arrive before the ingress hears of the restart") {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  auto directory =
      std::make_shared<eddy::partition_directory_of<single_key_logic>>("test",
                                                                       1);
  eddy::ingress_options options;
  options.max_batch = 10;
  auto in = sys.spawn(eddy::ingress<single_key_logic>, eddy::key_groups{1, 1},
                      directory, options, single_key());
  auto first_received = std::make_shared<received_offsets>();
  auto first = sys.spawn(recording_partition, first_received);
  directory->set_running(0, {first, nullptr}, 1);
  caf::anon_send(in, eddy::restarted_atom::value, int32_t{0});
  self->request(in, caf::infinite, offsets(0, 9))
      .receive([](eddy::batch_ack<int>&) {},
               [](caf::error& err) { FAIL(caf::to_string(err)); });
  REQUIRE(first_received->await(10) == range(0, 9));

  // The partition dies and its supervisor publishes the next incarnation;
  // new records reach the ingress before the restart notice does.
  caf::anon_send_exit(first, caf::exit_reason::kill);
  self->wait_for(first);
  auto second_received = std::make_shared<received_offsets>();
  auto second = sys.spawn(recording_partition, second_received);
  directory->set_running(0, {second, nullptr}, 1);
  self->request(in, caf::infinite, offsets(10, 19))
      .receive([](eddy::batch_ack<int>&) {},
               [](caf::error& err) { FAIL(caf::to_string(err)); });
  caf::anon_send(in, eddy::restarted_atom::value, int32_t{0});

  auto replayed = second_received->await(20);
  CHECK_MESSAGE(replayed == range(0, 19), describe(replayed));
  // Serving once the ingress has the replay's acknowledgements.
  for (int i = 0; i < 500 && directory->recovering(0); ++i)
    std::this_thread::sleep_for(10ms);
  CHECK_FALSE(directory->recovering(0));
  caf::anon_send_exit(in, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(second, caf::exit_reason::user_shutdown);
}

TEST_CASE("without keeping records for checkpoints, an ingress drops what "
          "was applied: a restarted partition gets only what was not") {
  caf::actor_system_config cfg;
  caf::actor_system sys{cfg};
  caf::scoped_actor self{sys};
  auto directory =
      std::make_shared<eddy::partition_directory_of<single_key_logic>>("test",
                                                                       1);
  eddy::ingress_options options;
  options.max_batch = 10;
  options.max_buffered = 10;
  options.keep_until_checkpoint = false;
  auto in = sys.spawn(eddy::ingress<single_key_logic>, eddy::key_groups{1, 1},
                      directory, options, single_key());
  auto first_received = std::make_shared<received_offsets>();
  auto first = sys.spawn(recording_partition, first_received);
  directory->set_running(0, {first, nullptr}, 1);
  caf::anon_send(in, eddy::restarted_atom::value, int32_t{0});
  // Ten times the buffer: kept records would block the producer.
  for (eddy::offset_t from = 0; from < 100; from += 10)
    self->request(in, caf::infinite, offsets(from, from + 9))
        .receive([](eddy::batch_ack<int>&) {},
                 [](caf::error& err) { FAIL(caf::to_string(err)); });
  REQUIRE(first_received->await(100) == range(0, 99));

  caf::anon_send_exit(first, caf::exit_reason::kill);
  self->wait_for(first);
  auto second_received = std::make_shared<received_offsets>();
  auto second = sys.spawn(recording_partition, second_received);
  directory->set_running(0, {second, nullptr}, 1);
  caf::anon_send(in, eddy::restarted_atom::value, int32_t{0});
  self->request(in, caf::infinite, offsets(100, 109))
      .receive([](eddy::batch_ack<int>&) {},
               [](caf::error& err) { FAIL(caf::to_string(err)); });
  auto received = second_received->await(10);
  CHECK_MESSAGE(received == range(100, 109), describe(received));
  caf::anon_send_exit(in, caf::exit_reason::user_shutdown);
  caf::anon_send_exit(second, caf::exit_reason::user_shutdown);
}
