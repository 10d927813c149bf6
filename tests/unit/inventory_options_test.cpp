// Which inputs the inventory runs when its switches are left at auto, and
// the consumer group each job's Kafka source joins.
#include "apps/inventory/inventory_options.hpp"

#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include "apps/eddy/job_catalog.hpp"
#include "runtime/engine_options.hpp"

using namespace eddy;

namespace {

settings
configured(const std::vector<std::pair<std::string, std::string>>& values) {
  auto cfg = settings::defaults(catalog_keys());
  for (auto& [key, value] : values)
    REQUIRE_FALSE(cfg.set(key, value, "test"));
  return cfg;
}

} // namespace

TEST_CASE("with nothing configured the inventory runs its generator") {
  auto opts = read_inventory_options(configured({}));
  CHECK(opts.generator.enabled);
  CHECK_FALSE(opts.kafka.enabled);
  CHECK_FALSE(opts.mqtt.enabled);
  CHECK_FALSE(opts.socket);
}

TEST_CASE("a Kafka cluster and a group make the inventory read Kafka instead "
          "of the generator") {
  auto opts = read_inventory_options(
      configured({{"kafka.bootstrap.servers", "127.0.0.1:9092"},
                  {"kafka.group.id", "eddy"}}));
  CHECK(opts.kafka.enabled);
  CHECK(opts.kafka.transaction_topic == "transaction.log.1");
  CHECK_FALSE(opts.generator.enabled);
}

TEST_CASE("a Kafka cluster and an input topic make the inventory read Kafka "
          "without a further switch") {
  auto opts = read_inventory_options(
      configured({{"kafka.bootstrap.servers", "127.0.0.1:9092"},
                  {"transaction.input.topic", "orders"}}));
  CHECK(opts.kafka.enabled);
  CHECK(opts.kafka.transaction_topic == "orders");
  CHECK_FALSE(opts.generator.enabled);
}

TEST_CASE("a Kafka cluster alone, there for another job or a sink, leaves "
          "the inventory on its generator") {
  auto opts = read_inventory_options(
      configured({{"kafka.bootstrap.servers", "127.0.0.1:9092"}}));
  CHECK_FALSE(opts.kafka.enabled);
  CHECK(opts.generator.enabled);
}

TEST_CASE("source.kafka.enabled=false keeps Kafka off whatever is "
          "configured") {
  auto opts = read_inventory_options(
      configured({{"kafka.bootstrap.servers", "127.0.0.1:9092"},
                  {"kafka.group.id", "eddy"},
                  {"source.kafka.enabled", "false"}}));
  CHECK_FALSE(opts.kafka.enabled);
  CHECK(opts.generator.enabled);
}

TEST_CASE("an MQTT or socket input turns the generator off unless it is "
          "asked for") {
  CHECK_FALSE(
      read_inventory_options(configured({{"source.mqtt.enabled", "true"}}))
          .generator.enabled);
  CHECK_FALSE(read_inventory_options(configured({{"socket.enabled", "true"}}))
                  .generator.enabled);
  auto both = read_inventory_options(
      configured({{"socket.enabled", "true"}, {"generator.enabled", "true"}}));
  CHECK(both.generator.enabled);
  CHECK(both.socket);
}

TEST_CASE("each job consumes Kafka in a group of its own") {
  auto unset = configured({{"kafka.bootstrap.servers", "127.0.0.1:9092"}});
  CHECK(read_engine_options(unset, "inventory", {.kafka = true}).kafka_group ==
        "eddy-inventory");
  CHECK(read_engine_options(unset, "ipdr", {.kafka = true}).kafka_group ==
        "eddy-ipdr");
  auto set = configured({{"kafka.bootstrap.servers", "127.0.0.1:9092"},
                         {"kafka.group.id", "shop"}});
  CHECK(read_engine_options(set, "inventory", {.kafka = true}).kafka_group ==
        "shop");
  CHECK(read_engine_options(set, "ipdr", {.kafka = true}).kafka_group ==
        "shop.ipdr");
  auto engine = read_engine_options(set, "ipdr", {.kafka = true});
  CHECK_FALSE(engine.kafka.contains("group.id"));
  CHECK(engine.kafka.at("bootstrap.servers") == "127.0.0.1:9092");
}
