// The MQTT subscriber against a real mosquitto: when the broker gets its
// acknowledgement, the persistent session, and the state it reports.
#include "connectors/mqtt/mqtt_subscriber.hpp"

#include <algorithm>
#include <atomic>
#include <future>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "connectors/mqtt/mqtt_publisher.hpp"
#include "messages/error.hpp"
#include "tests/support/free_port.hpp"
#include "tests/support/mosquitto_broker.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

constexpr auto subscriber_id = "eddy-test-subscriber";

mqtt_subscriber::options subscriber_options(const test::mosquitto_broker& b) {
  return {b.uri(), subscriber_id, "eddy/test/#"};
}

// The payloads a consumer received, in order.
struct payload_log {
  std::mutex mtx;
  std::vector<std::string> payloads;

  void add(std::string_view payload) {
    std::lock_guard guard{mtx};
    payloads.emplace_back(payload);
  }

  std::vector<std::string> wait_for(size_t n, std::chrono::milliseconds t) {
    auto deadline = std::chrono::steady_clock::now() + t;
    for (;;) {
      {
        std::lock_guard guard{mtx};
        if (payloads.size() >= n || std::chrono::steady_clock::now() > deadline)
          return payloads;
      }
      std::this_thread::sleep_for(10ms);
    }
  }
};

mqtt_publisher make_publisher(const test::mosquitto_broker& broker) {
  mqtt_publisher::options opts;
  opts.broker_uri = broker.uri();
  opts.client_id = "eddy-test-publisher";
  auto made = mqtt_publisher::make(std::move(opts));
  REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
  return std::move(*made);
}

} // namespace

TEST_CASE("the broker gets a message's acknowledgement only after the "
          "consumer returned") {
  test::mosquitto_broker broker{{.is_logging_packets = true}};
  std::promise<void> entered;
  std::promise<void> release;
  auto released = release.get_future().share();
  auto made = mqtt_subscriber::make(subscriber_options(broker),
                                    [&](std::string_view, std::string_view) {
                                      entered.set_value();
                                      released.wait();
                                    });
  REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
  auto& subscriber = *made;
  REQUIRE(subscriber.wait_until_subscribed(10s));
  auto publisher = make_publisher(broker);
  REQUIRE(!publisher.publish("eddy/test/a", "1:held"));
  REQUIRE(entered.get_future().wait_for(10s) == std::future_status::ready);
  auto puback = std::string{"Received PUBACK from "} + subscriber_id;
  CHECK_FALSE(broker.wait_for_log(puback, 500ms));
  release.set_value();
  CHECK(broker.wait_for_log(puback, 10s));
}

TEST_CASE("messages published while the subscriber is away arrive when it "
          "comes back") {
  test::mosquitto_broker broker;
  payload_log got;
  auto consume = [&](std::string_view, std::string_view payload) {
    got.add(payload);
  };
  {
    auto first = mqtt_subscriber::make(subscriber_options(broker), consume);
    REQUIRE_MESSAGE(first, (first ? std::string{} : describe(first.error())));
    REQUIRE(first->wait_until_subscribed(10s));
    first->stop();
  }
  auto publisher = make_publisher(broker);
  for (auto payload : {"1:a", "2:b", "3:c"})
    REQUIRE(!publisher.publish("eddy/test/a", payload));
  REQUIRE(!publisher.flush(10s));
  auto again = mqtt_subscriber::make(subscriber_options(broker), consume);
  REQUIRE_MESSAGE(again, (again ? std::string{} : describe(again.error())));
  CHECK(got.wait_for(3, 15s) == std::vector<std::string>{"1:a", "2:b", "3:c"});
}

TEST_CASE("a subscriber reports reconnecting with the reason while the broker "
          "is down and is connected again once it is back") {
  test::mosquitto_broker broker;
  auto made = mqtt_subscriber::make(subscriber_options(broker),
                                    [](std::string_view, std::string_view) {});
  REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
  auto& subscriber = *made;
  REQUIRE(subscriber.wait_until_subscribed(10s));
  broker.stop();
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (subscriber.current_status().connection.state !=
             mqtt_connection_state::reconnecting &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  auto down = subscriber.current_status().connection;
  CHECK(down.state == mqtt_connection_state::reconnecting);
  CHECK_FALSE(down.last_error.empty());
  CHECK(down.connection_losses == 1);
  broker.restart();
  CHECK(subscriber.wait_until_subscribed(15s));
  CHECK(subscriber.current_status().connection.state ==
        mqtt_connection_state::connected);
}

TEST_CASE("an idle subscriber keeps its connection with PINGREQs within the "
          "keep-alive") {
  test::mosquitto_broker broker{{.is_logging_packets = true}};
  auto opts = subscriber_options(broker);
  opts.keep_alive = 1s;
  auto made =
      mqtt_subscriber::make(opts, [](std::string_view, std::string_view) {});
  REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
  REQUIRE(made->wait_until_subscribed(10s));
  CHECK(broker.wait_for_log(
      std::string{"Received PINGREQ from "} + subscriber_id, 5s));
  // The broker drops a client silent for 1.5 keep-alives.
  std::this_thread::sleep_for(2500ms);
  auto st = made->current_status().connection;
  CHECK(st.state == mqtt_connection_state::connected);
  CHECK(st.connects == 1);
  CHECK(st.connection_losses == 0);
}

TEST_CASE("a message whose consumer throws is not acknowledged: the broker "
          "sends it again after the reconnect") {
  test::mosquitto_broker broker;
  payload_log got;
  std::atomic<int> failures{0};
  auto made =
      mqtt_subscriber::make(subscriber_options(broker),
                            [&](std::string_view, std::string_view payload) {
                              if (payload == "2:fails once" && failures++ == 0)
                                throw std::runtime_error{"the log is full"};
                              got.add(payload);
                            });
  REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
  REQUIRE(made->wait_until_subscribed(10s));
  auto publisher = make_publisher(broker);
  for (auto payload : {"1:a", "2:fails once", "3:c"})
    REQUIRE(!publisher.publish("eddy/test/a", payload));
  auto payloads = got.wait_for(3, 15s);
  CHECK(std::count(payloads.begin(), payloads.end(), "2:fails once") == 1);
  CHECK(std::count(payloads.begin(), payloads.end(), "3:c") >= 1);
  auto st = made->current_status().connection;
  CHECK(st.connection_losses == 1);
  CHECK(st.last_error.find("the log is full") != std::string::npos);
}

TEST_CASE("a subscriber stops at once while its broker is unreachable, and "
          "refuses a URI it cannot speak") {
  auto port = test::free_port();
  mqtt_subscriber::options opts{"tcp://127.0.0.1:" + std::to_string(port),
                                subscriber_id, "eddy/test/#"};
  opts.min_retry = 10s;
  opts.max_retry = 10s;
  auto made =
      mqtt_subscriber::make(opts, [](std::string_view, std::string_view) {});
  REQUIRE_MESSAGE(made, (made ? std::string{} : describe(made.error())));
  auto deadline = std::chrono::steady_clock::now() + 5s;
  while (made->current_status().connection.last_error.empty() &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  CHECK(made->current_status().connection.last_error.find(
            "cannot connect to 127.0.0.1:" + std::to_string(port)) !=
        std::string::npos);
  auto started = std::chrono::steady_clock::now();
  made->stop();
  CHECK(std::chrono::steady_clock::now() - started < 2s);
  CHECK(made->current_status().connection.state ==
        mqtt_connection_state::stopped);
  opts.broker_uri = "ssl://127.0.0.1:8883";
  auto refused =
      mqtt_subscriber::make(opts, [](std::string_view, std::string_view) {});
  REQUIRE_FALSE(refused);
  CHECK(refused.error() == ec::invalid_config);
}
