// librdkafka's high-level consumer behind kafka_consumer: a rebalance
// callback for both protocols, explicit synchronous commits.
#include "connectors/kafka/consumer.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>

#include "connectors/kafka/client_config.hpp"
#include "messages/error.hpp"

namespace eddy {

namespace {

using partition_list = rd_kafka_topic_partition_list_t;

// Owns a partition list.
struct list_deleter {
  void operator()(partition_list* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
using list_ptr = std::unique_ptr<partition_list, list_deleter>;

std::vector<source_partition> to_vector(const partition_list* list) {
  std::vector<source_partition> result;
  if (list == nullptr)
    return result;
  result.reserve(static_cast<size_t>(list->cnt));
  for (int i = 0; i < list->cnt; ++i)
    result.push_back({list->elems[i].topic, list->elems[i].partition});
  return result;
}

list_ptr to_list(const std::vector<source_partition>& partitions) {
  list_ptr list{
      rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()))};
  for (auto& part : partitions)
    rd_kafka_topic_partition_list_add(list.get(), part.source.c_str(),
                                      part.partition);
  return list;
}

std::string name_of(const std::string& topic, int32_t partition) {
  return topic + "/" + std::to_string(partition);
}

} // namespace

struct kafka_consumer::impl : kafka_detail::logged_client {
  rd_kafka_t* rk = nullptr;
  kafka_rebalance_callbacks callbacks;
  kafka_detail::error_log errors{"consumer"};
  bool closed = false;
  // The fatal error raised through the error callback, if any.
  std::string fatal;
  // Whether the group rebalances cooperatively, as last known: while the
  // consumer closes, librdkafka may no longer say (see on_rebalance).
  bool cooperative = false;
  mutable std::mutex mtx;
  std::set<source_partition> assigned; // guarded by mtx
  // Reachability, only touched on the polling thread (the error callback
  // runs inside poll): why every broker is down, as librdkafka last said,
  // or empty; the last connection error; when a broker was last asked
  // whether it is back.
  std::string brokers_down;
  std::string last_connect_error;
  std::chrono::steady_clock::time_point last_probe{};

  ~impl() {
    if (rk == nullptr)
      return;
    // Whoever owns the callbacks may be gone already.
    callbacks = {};
    if (!closed)
      rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
  }

  static void on_error(rd_kafka_t* rk, int err, const char* reason,
                       void* opaque) {
    auto* self = kafka_detail::state_of<impl>(opaque);
    auto code = static_cast<rd_kafka_resp_err_t>(err);
    std::string text = reason;
    if (code == RD_KAFKA_RESP_ERR__TRANSPORT ||
        code == RD_KAFKA_RESP_ERR__RESOLVE)
      self->last_connect_error = text;
    if (code == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN)
      self->brokers_down = self->last_connect_error.empty()
                               ? text
                               : text + " (" + self->last_connect_error + ")";
    // librdkafka retries the others; a fatal error ends the consumer.
    auto at = log::level::warn;
    if (code == RD_KAFKA_RESP_ERR__FATAL) {
      char buf[512];
      code = rd_kafka_fatal_error(rk, buf, sizeof(buf));
      self->fatal = std::string{"kafka consumer failed fatally: "} + buf;
      text = self->fatal;
      at = log::level::error;
    }
    self->errors.report(self->log_as(rk), code, text, at);
  }

  static void on_rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                           partition_list* partitions, void* opaque) {
    auto* self = kafka_detail::state_of<impl>(opaque);
    auto where = self->log_as(rk);
    // NULL once the group's queue is gone (a revoke while closing): the
    // protocol is still the one the assignment before it used.
    if (auto* protocol = rd_kafka_rebalance_protocol(rk))
      self->cooperative = std::strcmp(protocol, "COOPERATIVE") == 0;
    auto cooperative = self->cooperative;
    auto parts = to_vector(partitions);
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      std::map<source_partition, offset_t> starts;
      if (self->callbacks.on_assigned)
        starts = self->callbacks.on_assigned(parts);
      // librdkafka advises changing a copy, not the list it owns.
      list_ptr assignment{rd_kafka_topic_partition_list_copy(partitions)};
      for (int i = 0; i < assignment->cnt; ++i) {
        auto& elem = assignment->elems[i];
        auto start = starts.find({elem.topic, elem.partition});
        if (start != starts.end() && start->second >= 0)
          elem.offset = start->second;
      }
      if (cooperative)
        check(where, rd_kafka_incremental_assign(rk, assignment.get()),
              "assign");
      else
        check(where, rd_kafka_assign(rk, assignment.get()), "assign");
      // A coordinator answered: the brokers are reachable.
      self->brokers_down.clear();
      std::lock_guard guard{self->mtx};
      if (!cooperative)
        self->assigned.clear();
      self->assigned.insert(parts.begin(), parts.end());
      return;
    }
    if (err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS) {
      if (self->callbacks.on_revoked)
        self->callbacks.on_revoked(parts);
    } else {
      self->errors.report(where, err,
                          std::string{"rebalance failed: "} +
                              rd_kafka_err2str(err));
    }
    if (cooperative && err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
      check(where, rd_kafka_incremental_unassign(rk, partitions), "unassign");
    else
      check(where, rd_kafka_assign(rk, nullptr), "unassign");
    std::lock_guard guard{self->mtx};
    if (cooperative && err == RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS)
      for (auto& part : parts)
        self->assigned.erase(part);
    else
      self->assigned.clear();
  }

  // While every broker is down, asks one for metadata now and then, and
  // forgets the outage once one answers: librdkafka reports brokers going
  // down, not coming back, and an idle topic brings no message to tell.
  void probe_brokers() {
    using namespace std::chrono;
    constexpr auto probe_interval = seconds{1};
    constexpr auto probe_timeout = milliseconds{100};
    auto now = steady_clock::now();
    if (brokers_down.empty() || now - last_probe < probe_interval)
      return;
    last_probe = now;
    const rd_kafka_metadata_t* metadata = nullptr;
    auto err = rd_kafka_metadata(rk, 0, nullptr, &metadata,
                                 static_cast<int>(probe_timeout.count()));
    if (metadata != nullptr)
      rd_kafka_metadata_destroy(metadata);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return;
    log_as(rk).info("kafka consumer: a broker answers again");
    brokers_down.clear();
    errors.reset();
  }

  // An assignment librdkafka refuses leaves the consumer idle: say so.
  static void check(const log::context& where, rd_kafka_error_t* error,
                    const char* what) {
    if (error == nullptr)
      return;
    where.error(std::string{"kafka consumer: cannot "} + what +
                " partitions: " + rd_kafka_error_string(error));
    rd_kafka_error_destroy(error);
  }

  static void check(const log::context& where, rd_kafka_resp_err_t err,
                    const char* what) {
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
      where.error(std::string{"kafka consumer: cannot "} + what +
                  " partitions: " + rd_kafka_err2str(err));
  }
};

kafka_consumer::kafka_consumer(std::unique_ptr<impl> ptr)
    : impl_(std::move(ptr)) {}

kafka_consumer::kafka_consumer(kafka_consumer&&) noexcept = default;

kafka_consumer& kafka_consumer::operator=(kafka_consumer&&) noexcept = default;

kafka_consumer::~kafka_consumer() = default;

caf::expected<kafka_consumer> kafka_consumer::make(
    const kafka_properties& properties, const std::vector<std::string>& topics,
    kafka_rebalance_callbacks callbacks, log::context log_context) {
  if (properties.count("group.id") == 0)
    return make_error(ec::invalid_config,
                      "kafka property 'group.id' is required for a consumer");
  auto state = std::make_unique<impl>();
  state->log_context = std::move(log_context);
  auto conf =
      kafka_detail::make_conf(kafka_consumer_defaults, properties, *state);
  if (!conf)
    return conf.error();
  state->callbacks = std::move(callbacks);
  rd_kafka_conf_set_error_cb(*conf, &impl::on_error);
  rd_kafka_conf_set_rebalance_cb(*conf, &impl::on_rebalance);
  char errstr[512];
  state->rk = rd_kafka_new(RD_KAFKA_CONSUMER, *conf, errstr, sizeof(errstr));
  if (state->rk == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return make_error(ec::invalid_config,
                      std::string{"kafka consumer: "} + errstr);
  }
  // Serve errors and rebalances from consumer_poll, on the polling thread.
  rd_kafka_poll_set_consumer(state->rk);
  if (!topics.empty()) {
    list_ptr subscription{
        rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()))};
    for (auto& topic : topics)
      rd_kafka_topic_partition_list_add(subscription.get(), topic.c_str(),
                                        RD_KAFKA_PARTITION_UA);
    auto err = rd_kafka_subscribe(state->rk, subscription.get());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return make_error(ec::invalid_config,
                        std::string{"kafka consumer: cannot subscribe: "} +
                            rd_kafka_err2str(err));
  }
  return kafka_consumer{std::move(state)};
}

caf::expected<std::vector<kafka_message>>
kafka_consumer::poll(size_t max_messages, std::chrono::milliseconds timeout) {
  std::vector<kafka_message> result;
  auto polled = poll_each(max_messages, timeout, [&result](auto& msg) {
    result.push_back({std::string{msg.topic}, msg.partition, msg.offset,
                      std::string{msg.key}, std::string{msg.payload},
                      msg.timestamp_ms});
  });
  if (!polled)
    return polled.error();
  return result;
}

caf::expected<size_t>
kafka_consumer::poll_each(size_t max_messages,
                          std::chrono::milliseconds timeout,
                          const kafka_message_handler& handle) {
  size_t handled = 0;
  auto* rk = impl_->rk;
  auto* msg = rd_kafka_consumer_poll(rk, static_cast<int>(timeout.count()));
  while (msg != nullptr) {
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      rd_kafka_timestamp_type_t type;
      kafka_message_view view;
      view.topic = rd_kafka_topic_name(msg->rkt);
      view.partition = msg->partition;
      view.offset = msg->offset;
      if (msg->key != nullptr)
        view.key = {static_cast<const char*>(msg->key), msg->key_len};
      if (msg->payload != nullptr)
        view.payload = {static_cast<const char*>(msg->payload), msg->len};
      view.timestamp_ms = rd_kafka_message_timestamp(msg, &type);
      handle(view);
      ++handled;
    } else if (msg->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
      auto where = msg->rkt != nullptr
                       ? name_of(rd_kafka_topic_name(msg->rkt), msg->partition)
                       : std::string{"client"};
      impl_->errors.report(impl_->log_as(rk), msg->err,
                           where + ": " + rd_kafka_message_errstr(msg));
    }
    rd_kafka_message_destroy(msg);
    if (handled >= max_messages)
      break;
    msg = rd_kafka_consumer_poll(rk, 0);
  }
  if (!impl_->fatal.empty())
    return make_error(ec::connector_failure, impl_->fatal);
  if (handled > 0) {
    impl_->errors.reset();
    impl_->brokers_down.clear();
  } else {
    impl_->probe_brokers();
  }
  return handled;
}

const std::string& kafka_consumer::brokers_down() const {
  return impl_->brokers_down;
}

caf::expected<void> kafka_consumer::commit(const position_map& next_offsets) {
  if (next_offsets.empty())
    return caf::unit;
  list_ptr list{
      rd_kafka_topic_partition_list_new(static_cast<int>(next_offsets.size()))};
  for (auto& [part, offset] : next_offsets)
    rd_kafka_topic_partition_list_add(list.get(), part.source.c_str(),
                                      part.partition)
        ->offset = offset;
  auto err = rd_kafka_commit(impl_->rk, list.get(), 0);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return make_error(ec::connector_failure,
                      std::string{"kafka consumer: commit failed: "} +
                          rd_kafka_err2str(err));
  for (int i = 0; i < list->cnt; ++i) {
    auto& elem = list->elems[i];
    if (elem.err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return make_error(ec::connector_failure,
                        "kafka consumer: commit of " +
                            name_of(elem.topic, elem.partition) +
                            " failed: " + rd_kafka_err2str(elem.err));
  }
  return caf::unit;
}

caf::expected<position_map>
kafka_consumer::committed(const std::vector<source_partition>& partitions,
                          std::chrono::milliseconds timeout) {
  position_map result;
  if (partitions.empty())
    return result;
  auto list = to_list(partitions);
  auto err = rd_kafka_committed(impl_->rk, list.get(),
                                static_cast<int>(timeout.count()));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return make_error(ec::connector_failure,
                      std::string{"kafka consumer: cannot read committed "
                                  "offsets: "} +
                          rd_kafka_err2str(err));
  for (int i = 0; i < list->cnt; ++i) {
    auto& elem = list->elems[i];
    if (elem.err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return make_error(ec::connector_failure,
                        "kafka consumer: cannot read the committed offset of " +
                            name_of(elem.topic, elem.partition) + ": " +
                            rd_kafka_err2str(elem.err));
    if (elem.offset >= 0)
      result[{elem.topic, elem.partition}] = elem.offset;
  }
  return result;
}

caf::expected<std::map<source_partition, offset_range>>
kafka_consumer::offsets(const std::string& topic,
                        std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  auto remaining_ms = [deadline] {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<int64_t>(1, left.count()));
  };
  auto failure = [&topic](const std::string& reason) {
    return make_error(ec::connector_failure,
                      "kafka consumer: cannot read the offsets of topic '" +
                          topic + "': " + reason);
  };
  auto* rkt = rd_kafka_topic_new(impl_->rk, topic.c_str(), nullptr);
  if (rkt == nullptr)
    return failure(rd_kafka_err2str(rd_kafka_last_error()));
  const rd_kafka_metadata_t* metadata = nullptr;
  auto err = rd_kafka_metadata(impl_->rk, 0, rkt, &metadata, remaining_ms());
  rd_kafka_topic_destroy(rkt);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return failure(rd_kafka_err2str(err));
  std::unique_ptr<const rd_kafka_metadata_t,
                  void (*)(const rd_kafka_metadata_t*)>
      owned{metadata, &rd_kafka_metadata_destroy};
  if (metadata->topic_cnt != 1)
    return failure("the broker did not describe it");
  auto& described = metadata->topics[0];
  if (described.err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return failure(rd_kafka_err2str(described.err));
  std::map<source_partition, offset_range> result;
  for (int i = 0; i < described.partition_cnt; ++i) {
    auto partition = described.partitions[i].id;
    int64_t low = 0;
    int64_t high = 0;
    err = rd_kafka_query_watermark_offsets(impl_->rk, topic.c_str(), partition,
                                           &low, &high, remaining_ms());
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
      return failure("partition " + std::to_string(partition) + ": " +
                     rd_kafka_err2str(err));
    result[{topic, partition}] = offset_range{low, high};
  }
  return result;
}

position_map kafka_consumer::positions() const {
  position_map result;
  auto parts = assignment();
  if (parts.empty())
    return result;
  auto list = to_list(parts);
  if (rd_kafka_position(impl_->rk, list.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return result;
  for (int i = 0; i < list->cnt; ++i)
    if (list->elems[i].offset >= 0)
      result[{list->elems[i].topic, list->elems[i].partition}] =
          list->elems[i].offset;
  return result;
}

std::vector<source_partition> kafka_consumer::assignment() const {
  std::lock_guard guard{impl_->mtx};
  return {impl_->assigned.begin(), impl_->assigned.end()};
}

std::map<source_partition, int64_t> kafka_consumer::lag() const {
  std::map<source_partition, int64_t> result;
  auto parts = assignment();
  if (parts.empty())
    return result;
  auto list = to_list(parts);
  if (rd_kafka_position(impl_->rk, list.get()) != RD_KAFKA_RESP_ERR_NO_ERROR)
    return result;
  for (int i = 0; i < list->cnt; ++i) {
    auto& elem = list->elems[i];
    int64_t low = RD_KAFKA_OFFSET_INVALID;
    int64_t high = RD_KAFKA_OFFSET_INVALID;
    if (elem.offset < 0 ||
        rd_kafka_get_watermark_offsets(impl_->rk, elem.topic, elem.partition,
                                       &low,
                                       &high) != RD_KAFKA_RESP_ERR_NO_ERROR ||
        high < 0)
      continue;
    result[{elem.topic, elem.partition}] =
        std::max<int64_t>(0, high - elem.offset);
  }
  return result;
}

void kafka_consumer::close() {
  if (impl_->closed)
    return;
  impl_->closed = true;
  auto err = rd_kafka_consumer_close(impl_->rk);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    impl_->log_as(impl_->rk).warn(std::string{"kafka consumer: close: "} +
                                  rd_kafka_err2str(err));
}

} // namespace eddy
