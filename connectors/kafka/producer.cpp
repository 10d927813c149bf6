// librdkafka's producer behind kafka_producer: delivery reports counted in
// the delivery callback, failures kept until a flush reports them.
#include "connectors/kafka/producer.hpp"

#include <atomic>
#include <iostream>
#include <mutex>

#include "connectors/kafka/client_config.hpp"
#include "messages/error.hpp"

namespace eddy {

struct kafka_producer::impl {
  rd_kafka_t* rk = nullptr;
  kafka_detail::error_log errors{"producer"};
  std::atomic<uint64_t> delivered{0};
  std::atomic<uint64_t> failed{0};
  std::atomic<uint64_t> sends{0};
  mutable std::mutex mtx;
  uint64_t failed_since_flush = 0; // guarded by mtx
  std::string first_failure;       // since the last flush, guarded by mtx
  std::string last_failure;        // guarded by mtx

  ~impl() {
    if (rk == nullptr)
      return;
    if (rd_kafka_flush(rk, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
      std::cerr << "eddy: kafka producer: " << rd_kafka_outq_len(rk)
                << " messages or requests not delivered at shutdown\n";
    rd_kafka_destroy(rk);
  }

  // Runs on whichever thread polls or flushes.
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg,
                          void* opaque) {
    auto* self = static_cast<impl*>(opaque);
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++self->delivered;
      return;
    }
    ++self->failed;
    auto what = std::string{"topic "} + rd_kafka_topic_name(msg->rkt) +
                " partition " + std::to_string(msg->partition) + ": " +
                rd_kafka_err2str(msg->err);
    std::lock_guard guard{self->mtx};
    if (self->failed_since_flush++ == 0)
      self->first_failure = what;
    self->last_failure = std::move(what);
  }

  static void on_error(rd_kafka_t* rk, int err, const char* reason,
                       void* opaque) {
    auto* self = static_cast<impl*>(opaque);
    auto code = static_cast<rd_kafka_resp_err_t>(err);
    std::string text = reason;
    if (code == RD_KAFKA_RESP_ERR__FATAL) {
      char fatal[512];
      code = rd_kafka_fatal_error(rk, fatal, sizeof(fatal));
      text = std::string{"fatal: "} + fatal;
    }
    self->errors.report(code, text);
  }

  // A fatal error (e.g. the idempotence sequence broke) ends the producer.
  caf::error fatal_error() const {
    char reason[512];
    if (rd_kafka_fatal_error(rk, reason, sizeof(reason)) ==
        RD_KAFKA_RESP_ERR_NO_ERROR)
      return caf::none;
    return make_error(ec::connector_failure,
                      std::string{"kafka producer failed fatally: "} + reason);
  }
};

kafka_producer::kafka_producer(std::unique_ptr<impl> ptr)
    : impl_(std::move(ptr)) {}

kafka_producer::kafka_producer(kafka_producer&&) noexcept = default;

kafka_producer& kafka_producer::operator=(kafka_producer&&) noexcept = default;

kafka_producer::~kafka_producer() = default;

caf::expected<kafka_producer>
kafka_producer::make(const kafka_properties& properties) {
  auto conf =
      kafka_detail::make_conf({{"enable.idempotence", "true"}}, properties);
  if (!conf)
    return conf.error();
  auto state = std::make_unique<impl>();
  rd_kafka_conf_set_opaque(*conf, state.get());
  rd_kafka_conf_set_dr_msg_cb(*conf, &impl::on_delivery);
  rd_kafka_conf_set_error_cb(*conf, &impl::on_error);
  char errstr[512];
  state->rk = rd_kafka_new(RD_KAFKA_PRODUCER, *conf, errstr, sizeof(errstr));
  if (state->rk == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return make_error(ec::invalid_config,
                      std::string{"kafka producer: "} + errstr);
  }
  return kafka_producer{std::move(state)};
}

caf::expected<void> kafka_producer::send(const std::string& topic,
                                         std::string_view key,
                                         std::string_view payload) {
  auto* rk = impl_->rk;
  for (;;) {
    auto err = rd_kafka_producev(
        rk, RD_KAFKA_V_TOPIC(topic.c_str()),
        RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(payload.data()), payload.size()),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR)
      break;
    if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (auto fatal = impl_->fatal_error())
        return fatal;
      return make_error(ec::connector_failure, "kafka producer: topic " +
                                                   topic + ": " +
                                                   rd_kafka_err2str(err));
    }
    // Delivery reports free queue space; serving them is all we can do.
    rd_kafka_poll(rk, 100);
  }
  // Serve delivery reports now and then so they do not pile up between
  // flushes.
  if (++impl_->sends % 1024 == 0)
    rd_kafka_poll(rk, 0);
  return caf::unit;
}

caf::expected<void> kafka_producer::flush(std::chrono::milliseconds timeout) {
  auto err = rd_kafka_flush(impl_->rk, static_cast<int>(timeout.count()));
  if (auto fatal = impl_->fatal_error())
    return fatal;
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR)
    return make_error(
        ec::connector_failure,
        "kafka producer: " + std::to_string(rd_kafka_outq_len(impl_->rk)) +
            " messages still undelivered after " +
            std::to_string(timeout.count()) + " ms");
  std::lock_guard guard{impl_->mtx};
  if (impl_->failed_since_flush == 0) {
    impl_->errors.reset(); // deliveries work: log the next outage again
    return caf::unit;
  }
  auto failures = std::exchange(impl_->failed_since_flush, 0);
  return make_error(ec::connector_failure,
                    "kafka producer: " + std::to_string(failures) +
                        " deliveries failed, the first to " +
                        impl_->first_failure);
}

uint64_t kafka_producer::delivered() const noexcept {
  return impl_->delivered;
}

uint64_t kafka_producer::failed() const noexcept {
  return impl_->failed;
}

std::string kafka_producer::last_failure() const {
  std::lock_guard guard{impl_->mtx};
  return impl_->last_failure;
}

} // namespace eddy
