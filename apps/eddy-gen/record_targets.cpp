// The stdout, Kafka and MQTT targets of eddy-gen, and how each formats the
// inventory's records.
#include <cstdio>
#include <random>

#include "apps/eddy-gen/record_target.hpp"
#include "connectors/kafka/producer.hpp"
#include "connectors/mqtt/mqtt_publisher.hpp"
#include "messages/error.hpp"
#include "messages/json_codec.hpp"
#include "messages/tab_codec.hpp"

namespace eddy::gen {

namespace {

// A client id of this process alone. Not the pid: generators in containers
// all run as pid 1, and two MQTT clients with one id make the broker drop
// each in turn as the other reconnects.
std::string unique_client_id() {
  std::random_device random;
  auto bits = (uint64_t{random()} << 32 | random()) & 0xffffffffffffULL;
  char hex[13];
  std::snprintf(hex, sizeof(hex), "%012llx",
                static_cast<unsigned long long>(bits));
  return std::string{"eddy-gen-"} + hex;
}

template <class T>
void format_as(record_format format, const T& x, std::string& out) {
  out.clear();
  if (format == record_format::json)
    format_json(x, out);
  else
    eddy::format(x, out);
}

class stdout_writer final : public record_target {
public:
  explicit stdout_writer(record_format format) : format_(format) {}

  caf::error write(const item_transaction& tx) override { return put(tx); }
  caf::error write(const query& q) override { return put(q); }

  caf::error write_record(std::string_view, std::string_view payload) override {
    line_.assign(payload);
    return put_line();
  }

  caf::error flush() override {
    if (std::fflush(stdout) != 0)
      return make_error(ec::connector_failure, "cannot flush stdout");
    return {};
  }

private:
  template <class T>
  caf::error put(const T& x) {
    format_as(format_, x, line_);
    return put_line();
  }

  caf::error put_line() {
    line_.push_back('\n');
    if (std::fwrite(line_.data(), 1, line_.size(), stdout) != line_.size())
      return make_error(ec::connector_failure, "stdout was closed");
    return {};
  }

  record_format format_;
  std::string line_;
};

class kafka_writer final : public record_target {
public:
  kafka_writer(kafka_producer producer, std::string topic,
               std::string query_topic, record_format format)
      : producer_(std::move(producer)), topic_(std::move(topic)),
        query_topic_(std::move(query_topic)), format_(format) {}

  caf::error write(const item_transaction& tx) override {
    format_as(format_, tx, payload_);
    return to_error(producer_.send(topic_, tx.item_id, payload_));
  }

  caf::error write(const query& q) override {
    format_as(format_, q, payload_);
    // Keyed by item as the transactions: in a cluster a query must reach
    // the member that owns its item.
    return to_error(producer_.send(query_topic_, q.item_id, payload_));
  }

  caf::error write_record(std::string_view key,
                          std::string_view payload) override {
    return to_error(producer_.send(topic_, key, payload));
  }

  caf::error flush() override {
    return to_error(producer_.flush(std::chrono::seconds{30}));
  }

private:
  static caf::error to_error(const caf::expected<void>& x) {
    return x ? caf::error{} : x.error();
  }

  kafka_producer producer_;
  std::string topic_;
  std::string query_topic_;
  record_format format_;
  std::string payload_;
};

class mqtt_writer final : public record_target {
public:
  mqtt_writer(mqtt_publisher publisher, std::string topic, record_format format)
      : publisher_(std::move(publisher)), topic_(std::move(topic)),
        format_(format) {}

  caf::error write(const item_transaction& tx) override {
    format_as(format_, tx, payload_);
    return publisher_.publish(topic_, payload_);
  }

  caf::error write(const query& q) override {
    format_as(format_, q, payload_);
    return publisher_.publish(topic_, payload_);
  }

  caf::error write_record(std::string_view, std::string_view payload) override {
    return publisher_.publish(topic_, payload);
  }

  caf::error write_on_topic(std::string_view, std::string_view payload,
                            std::string_view mqtt_topic) override {
    return publisher_.publish(mqtt_topic, payload);
  }

  caf::error flush() override {
    return publisher_.flush(std::chrono::seconds{60});
  }

private:
  mqtt_publisher publisher_;
  std::string topic_;
  record_format format_;
  std::string payload_;
};

} // namespace

void format_record(record_format format, const item_transaction& tx,
                   std::string& out) {
  format_as(format, tx, out);
}

void format_record(record_format format, const query& q, std::string& out) {
  format_as(format, q, out);
}

std::unique_ptr<record_target> stdout_target(record_format format) {
  return std::make_unique<stdout_writer>(format);
}

caf::expected<std::unique_ptr<record_target>>
kafka_target(const std::string& bootstrap, const std::string& topic,
             const std::string& query_topic, record_format format) {
  auto producer = kafka_producer::make({{"bootstrap.servers", bootstrap}});
  if (!producer)
    return producer.error();
  return std::unique_ptr<record_target>{std::make_unique<kafka_writer>(
      std::move(*producer), topic, query_topic, format)};
}

caf::expected<std::unique_ptr<record_target>>
mqtt_target(const std::string& broker_uri, const std::string& topic,
            record_format format) {
  mqtt_publisher::options opts;
  opts.broker_uri = broker_uri;
  opts.client_id = unique_client_id();
  auto publisher = mqtt_publisher::make(std::move(opts));
  if (!publisher)
    return publisher.error();
  return std::unique_ptr<record_target>{
      std::make_unique<mqtt_writer>(std::move(*publisher), topic, format)};
}

} // namespace eddy::gen
