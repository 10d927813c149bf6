// librdkafka's C API directly: the least any consumer of the topic must do.
#include "bench/kafka/bare_consumer.hpp"

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <memory>

#include "bench/common/bench_failure.hpp"
#include "bench/common/progress.hpp"
#include "bench/common/stopwatch.hpp"
#include "bench/common/wait_until.hpp"
#include "connectors/kafka/consumer.hpp"

namespace eddy::bench {

namespace {

struct consumer_deleter {
  void operator()(rd_kafka_t* rk) const {
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }
};
using consumer_ptr = std::unique_ptr<rd_kafka_t, consumer_deleter>;

consumer_ptr make_consumer(const kafka_properties& properties) {
  auto* conf = rd_kafka_conf_new();
  char errstr[512];
  auto set = [&](const std::string& key, const std::string& value) {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr,
                          sizeof errstr) != RD_KAFKA_CONF_OK) {
      rd_kafka_conf_destroy(conf);
      throw bench_failure{"bare consumer: property " + key + ": " + errstr};
    }
  };
  // What eddy's source runs with, unless set.
  for (auto& [key, value] : kafka_consumer_defaults)
    if (properties.count(key) == 0)
      set(key, value);
  for (auto& [key, value] : properties)
    set(key, value);
  auto* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, sizeof errstr);
  if (rk == nullptr) {
    rd_kafka_conf_destroy(conf);
    throw bench_failure{std::string{"bare consumer: "} + errstr};
  }
  rd_kafka_poll_set_consumer(rk);
  return consumer_ptr{rk};
}

void assign_from_beginning(rd_kafka_t* rk, const std::string& topic,
                           int partitions) {
  auto* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p)
    rd_kafka_topic_partition_list_add(list, topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  auto err = rd_kafka_assign(rk, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    throw bench_failure{"bare consumer: cannot assign " + topic + ": " +
                        rd_kafka_err2str(err)};
}

} // namespace

double bare_read::rate() const {
  auto seconds = (last_record_ms - first_record_ms) / 1000;
  return seconds > 0 ? static_cast<double>(records - 1) / seconds : 0;
}

bare_read read_with_bare_consumer(const kafka_properties& properties,
                                  const std::string& topic, int partitions,
                                  uint64_t records) {
  stopwatch clock;
  auto consumer = make_consumer(properties);
  assign_from_beginning(consumer.get(), topic, partitions);
  bare_read read;
  auto deadline = std::chrono::steady_clock::now() + step_timeout;
  while (read.records < records) {
    if (std::chrono::steady_clock::now() > deadline)
      throw bench_failure{"bare consumer: read " + with_commas(read.records) +
                          " of " + with_commas(records) + " records of " +
                          topic + " within " +
                          std::to_string(step_timeout.count()) + " min"};
    auto* msg = rd_kafka_consumer_poll(consumer.get(), 100);
    if (msg == nullptr)
      continue;
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (read.records++ == 0)
        read.first_record_ms = clock.elapsed_ms();
      read.bytes += msg->len + msg->key_len;
    } else if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      auto why = std::string{rd_kafka_message_errstr(msg)};
      rd_kafka_message_destroy(msg);
      throw bench_failure{"bare consumer: " + topic + ": " + why};
    }
    rd_kafka_message_destroy(msg);
  }
  read.last_record_ms = clock.elapsed_ms();
  return read;
}

} // namespace eddy::bench
