// What feeds a job: the kinds of source the runtime runs (Kafka, MQTT, a
// socket, the generator, HTTP requests, manual feeding in tests), each with
// how it makes the job's records, to which the stateless steps before the
// key (filter, map, flat_map) are chained: they run on the source's thread.
#pragma once

#include <algorithm>
#include <any>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/error.hpp"

#include "connectors/generator.hpp"
#include "connectors/kafka/consumer.hpp"
#include "connectors/socket_lines.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"

namespace eddy {

enum class source_kind {
  /// A Kafka consumer group reading topics (resumes from checkpoints).
  kafka,
  /// An MQTT subscription (QoS 1, persistent session).
  mqtt,
  /// Text lines from a TCP server, as the seeds' socket sources.
  socket,
  /// Records a function makes at a rate (replays deterministically).
  generator,
  /// Records a route submits and whose outputs it answers (HTTP).
  request,
  /// Records a test feeds by hand (the seeds' ManualSource).
  manual,
};

/// One source of records `T`: its name (unique in its job; the graph and
/// the status call it "source/<name>"), its kind, what the kind needs and
/// how it makes records. Make one with the functions below.
template <class T>
struct source_plan {
  std::string name;
  source_kind kind = source_kind::manual;
  /// kafka: the topics.
  std::vector<std::string> topics;
  /// mqtt: the topic filter and the client id (keep it stable: it names
  /// the broker's persistent session).
  std::string topic_filter;
  std::string client_id;
  /// socket: the server.
  socket_lines::options socket;
  /// generator: records per second, 0 = as fast as the job takes them.
  uint64_t rate = 0;
  /// generator: how many generators share the records (and the rate), each
  /// on its own thread: record i is made by generator i % parallelism, so
  /// that parsing what it makes runs on several cores.
  uint32_t parallelism = 1;
  /// manual: the input partitions a test names when it feeds records.
  std::vector<std::string> partitions;
  std::function<caf::error(const kafka_message_view&, emitter<T>&)> from_kafka;
  std::function<caf::error(std::string_view topic, std::string_view payload,
                           emitter<T>&)>
      from_mqtt;
  std::function<caf::error(std::string_view line, emitter<T>&)> from_line;
  record_maker<T> make;
  /// manual: the record a test fed (in a std::any, of the type the source
  /// was declared with) as the stage's records.
  std::function<caf::error(std::any&&, emitter<T>&)> from_port;
  /// request: a record as a dead letter shows it, when it is refused (its
  /// event time is too far ahead); may be empty.
  std::function<std::string(const T&)> describe;
  /// Whether stateless steps were chained to a request source, which takes
  /// the stage's records as they are (build() refuses it).
  bool has_chained_port = false;

  /// Whether it parses what it reads, and so sends dead letters.
  bool parses() const {
    return kind == source_kind::kafka || kind == source_kind::mqtt ||
           kind == source_kind::socket;
  }

  /// Whether the app or a test feeds it through a port.
  bool is_port() const {
    return kind == source_kind::request || kind == source_kind::manual;
  }
};

/// Reads `topics` of the shared Kafka cluster (kafka.*) as this job's
/// consumer group; `parse(message, out)` emits the records of a message or
/// fails, which makes it a dead letter with the reason.
template <class T, class Parse>
source_plan<T> kafka_input(std::vector<std::string> topics, Parse parse) {
  source_plan<T> src;
  src.name = "kafka";
  src.kind = source_kind::kafka;
  src.topics = std::move(topics);
  src.from_kafka = std::move(parse);
  return src;
}

/// Subscribes to `topic_filter` on the shared broker (mqtt.server.uri) as
/// `client_id`; `parse(topic, payload, out)` as for Kafka.
template <class T, class Parse>
source_plan<T> mqtt_input(std::string client_id, std::string topic_filter,
                          Parse parse) {
  source_plan<T> src;
  src.name = "mqtt";
  src.kind = source_kind::mqtt;
  src.client_id = std::move(client_id);
  src.topic_filter = std::move(topic_filter);
  src.from_mqtt = std::move(parse);
  return src;
}

/// Reads lines from a TCP server, reconnecting; `parse(line, out)`.
template <class T, class Parse>
source_plan<T> socket_input(socket_lines::options server, Parse parse) {
  source_plan<T> src;
  src.name = "socket";
  src.kind = source_kind::socket;
  src.socket = std::move(server);
  src.from_line = std::move(parse);
  return src;
}

/// Makes `rate` records per second (0: as fast as taken) with
/// `make(record_number, now_ms, out)` on `parallelism` generators (see
/// source_plan::parallelism; `make` must be safe to call from several
/// threads); a restart makes them again from what its checkpoint covers.
template <class T, class Make>
source_plan<T> generator_input(uint64_t rate, Make make,
                               uint32_t parallelism = 1) {
  source_plan<T> src;
  src.name = "generator";
  src.kind = source_kind::generator;
  src.rate = rate;
  src.make = std::move(make);
  src.parallelism = std::max<uint32_t>(parallelism, 1);
  return src;
}

/// Records that a route submits one at a time and whose outputs it gets
/// back once they are persisted (see pipeline_job::request_port);
/// `describe(record)` shows a refused one in the dead letters.
template <class T>
source_plan<T>
request_input(std::string name = "http",
              std::function<std::string(const T&)> describe = {}) {
  source_plan<T> src;
  src.name = std::move(name);
  src.kind = source_kind::request;
  src.describe = std::move(describe);
  return src;
}

/// Records a test feeds by hand into the named input partitions (see
/// pipeline_job::manual_port_of), numbered in arrival order; `name` tells
/// two such sources of a job apart.
template <class T>
source_plan<T> manual_input(std::vector<std::string> partitions,
                            std::string name = "manual") {
  source_plan<T> src;
  src.name = std::move(name);
  src.kind = source_kind::manual;
  src.partitions = std::move(partitions);
  src.from_port = [name = src.name](std::any&& fed,
                                    emitter<T>& out) -> caf::error {
    auto* record = std::any_cast<T>(&fed);
    if (record == nullptr)
      return make_error(ec::invalid_config,
                        "the source '" + name + "' takes other records");
    out.emit(std::move(*record));
    return {};
  };
  return src;
}

/// `src` with `step(T&&, emitter<U>&)` after it: what the source makes
/// passes through the step on the source's own thread.
template <class U, class T, class Step>
source_plan<U> chain(source_plan<T> src, Step step) {
  source_plan<U> out;
  out.name = std::move(src.name);
  out.kind = src.kind;
  out.topics = std::move(src.topics);
  out.topic_filter = std::move(src.topic_filter);
  out.client_id = std::move(src.client_id);
  out.socket = std::move(src.socket);
  out.rate = src.rate;
  out.partitions = std::move(src.partitions);
  out.has_chained_port =
      src.kind == source_kind::request || src.has_chained_port;
  // Each wraps the source's function: a chained emitter feeds the step.
  if (src.from_kafka)
    out.from_kafka = [inner = std::move(src.from_kafka),
                      step](const kafka_message_view& msg, emitter<U>& next) {
      chained_emitter<T, U, Step> first{step, next};
      return inner(msg, first);
    };
  if (src.from_mqtt)
    out.from_mqtt = [inner = std::move(src.from_mqtt),
                     step](std::string_view topic, std::string_view payload,
                           emitter<U>& next) {
      chained_emitter<T, U, Step> first{step, next};
      return inner(topic, payload, first);
    };
  if (src.from_line)
    out.from_line = [inner = std::move(src.from_line),
                     step](std::string_view line, emitter<U>& next) {
      chained_emitter<T, U, Step> first{step, next};
      return inner(line, first);
    };
  if (src.from_port)
    out.from_port = [inner = std::move(src.from_port), step](std::any&& fed,
                                                             emitter<U>& next) {
      chained_emitter<T, U, Step> first{step, next};
      return inner(std::move(fed), first);
    };
  if (src.make)
    out.make = [inner = std::move(src.make),
                step](offset_t offset, int64_t now_ms, emitter<U>& next) {
      chained_emitter<T, U, Step> first{step, next};
      inner(offset, now_ms, first);
    };
  return out;
}

} // namespace eddy
