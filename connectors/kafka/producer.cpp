// librdkafka's producer behind kafka_producer: delivery reports counted in
// the delivery callback, failures kept until a flush reports them, and
// librdkafka's transaction API with its retriable, abortable and fatal errors.
#include "connectors/kafka/producer.hpp"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <thread>

#include "connectors/kafka/client_config.hpp"
#include "messages/error.hpp"

namespace eddy {

namespace {

// How a broker tells a producer that a newer one with its transactional.id
// took over (librdkafka normalizes the broker's codes to __FENCED).
bool is_fencing(rd_kafka_resp_err_t code) {
  return code == RD_KAFKA_RESP_ERR__FENCED ||
         code == RD_KAFKA_RESP_ERR_PRODUCER_FENCED ||
         code == RD_KAFKA_RESP_ERR_INVALID_PRODUCER_EPOCH;
}

// Owns an rd_kafka_error_t (NULL: success).
using txn_error =
    std::unique_ptr<rd_kafka_error_t, void (*)(rd_kafka_error_t*)>;

txn_error own(rd_kafka_error_t* err) {
  return txn_error{err, &rd_kafka_error_destroy};
}

// Milliseconds until `deadline`, at least 1 (librdkafka reads 0 as "do not
// wait" and -1 as "the transaction timeout").
int remaining_ms(std::chrono::steady_clock::time_point deadline) {
  using namespace std::chrono;
  auto left = duration_cast<milliseconds>(deadline - steady_clock::now());
  return static_cast<int>(std::max<int64_t>(left.count(), 1));
}

} // namespace

struct kafka_producer::impl : kafka_detail::logged_client {
  rd_kafka_t* rk = nullptr;
  std::string transactional_id; // empty: not transactional
  std::atomic<bool> in_transaction{false};
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
    if (in_transaction)
      abort_at_shutdown();
    else if (rd_kafka_flush(rk, 5000) != RD_KAFKA_RESP_ERR_NO_ERROR)
      log_as(rk).error(
          "kafka producer: " + std::to_string(rd_kafka_outq_len(rk)) +
          " messages or requests not delivered at shutdown");
    rd_kafka_destroy(rk);
  }

  // Left open, the transaction would hold back read_committed consumers
  // until the broker times it out. A producer that failed fatally (e.g. was
  // fenced) cannot abort: the producer that fenced it or the broker's
  // timeout does.
  void abort_at_shutdown() {
    char reason[512];
    if (rd_kafka_fatal_error(rk, reason, sizeof(reason)) !=
        RD_KAFKA_RESP_ERR_NO_ERROR)
      return;
    // Nothing is lost: read_committed consumers wait until the broker
    // times the transaction out.
    if (auto err = own(rd_kafka_abort_transaction(rk, 5000)))
      log_as(rk).warn(name() +
                      ": cannot abort the open transaction at shutdown: " +
                      rd_kafka_error_string(err.get()));
  }

  // Runs on whichever thread polls or flushes.
  static void on_delivery(rd_kafka_t*, const rd_kafka_message_t* msg,
                          void* opaque) {
    auto* self = kafka_detail::state_of<impl>(opaque);
    if (msg->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      ++self->delivered;
      return;
    }
    // We purge only by aborting a transaction, which discards on purpose.
    if (msg->err == RD_KAFKA_RESP_ERR__PURGE_QUEUE ||
        msg->err == RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
      return;
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
    auto* self = kafka_detail::state_of<impl>(opaque);
    auto code = static_cast<rd_kafka_resp_err_t>(err);
    std::string text = reason;
    // librdkafka retries the others; a fatal error ends the producer.
    auto at = log::level::warn;
    if (code == RD_KAFKA_RESP_ERR__FATAL) {
      char fatal[512];
      code = rd_kafka_fatal_error(rk, fatal, sizeof(fatal));
      text = std::string{"fatal: "} + fatal;
      at = log::level::error;
    }
    self->errors.report(self->log_as(rk), code, text, at);
  }

  // A fatal error (e.g. the idempotence sequence broke, or the producer
  // was fenced) ends the producer.
  caf::error fatal_error() const {
    char reason[512];
    auto code = rd_kafka_fatal_error(rk, reason, sizeof(reason));
    if (code == RD_KAFKA_RESP_ERR_NO_ERROR)
      return caf::none;
    auto text = std::string{"kafka producer failed fatally: "} + reason;
    if (is_fencing(code) && !transactional_id.empty())
      text += fenced_note();
    return make_error(ec::connector_failure, std::move(text));
  }

  // "kafka producer 'ID'", or "kafka producer" without a transactional.id.
  std::string name() const {
    if (transactional_id.empty())
      return "kafka producer";
    return "kafka producer '" + transactional_id + "'";
  }

  static int64_t millis(std::chrono::steady_clock::duration d) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
  }

  std::string fenced_note() const {
    return " (fenced: a newer producer with transactional.id '" +
           transactional_id + "' took over; this one cannot be used any more)";
  }

  // Calls `call(timeout_ms)`, a librdkafka transaction function, again
  // while it fails retriably and `deadline` has not passed; translates
  // its final error, saying what it means for the caller.
  template <class Call>
  caf::expected<void>
  run_transactional(const char* what, Call call,
                    std::chrono::steady_clock::time_point deadline) {
    auto start = std::chrono::steady_clock::now();
    for (;;) {
      auto err = own(call(remaining_ms(deadline)));
      if (!err)
        return caf::unit;
      auto now = std::chrono::steady_clock::now();
      if (rd_kafka_error_is_retriable(err.get()) && now < deadline) {
        // A grace period, so a fast-failing error does not busy-loop.
        std::this_thread::sleep_for(
            std::min<std::chrono::steady_clock::duration>(
                std::chrono::milliseconds{100}, deadline - now));
        continue;
      }
      auto text =
          name() + ": " + what + " failed: " + rd_kafka_error_string(err.get());
      char reason[512];
      if (is_fencing(rd_kafka_error_code(err.get())) ||
          is_fencing(rd_kafka_fatal_error(rk, reason, sizeof(reason))))
        text += fenced_note();
      else if (rd_kafka_error_is_fatal(err.get()))
        text += " (fatal: this producer cannot be used any more)";
      else if (rd_kafka_error_txn_requires_abort(err.get()))
        text += " (the transaction must be aborted)";
      else if (rd_kafka_error_is_retriable(err.get()))
        text += " (still failing after " + std::to_string(millis(now - start)) +
                " ms of retries)";
      return make_error(ec::connector_failure, std::move(text));
    }
  }
};

kafka_producer::kafka_producer(std::unique_ptr<impl> ptr)
    : impl_(std::move(ptr)) {}

kafka_producer::kafka_producer(kafka_producer&&) noexcept = default;

kafka_producer& kafka_producer::operator=(kafka_producer&&) noexcept = default;

kafka_producer::~kafka_producer() = default;

caf::expected<kafka_producer>
kafka_producer::make(const kafka_properties& properties,
                     std::chrono::milliseconds init_timeout,
                     log::context log_context) {
  auto state = std::make_unique<impl>();
  state->log_context = std::move(log_context);
  // murmur2: keys land where Java clients (Kafka Streams, Flink) put them,
  // and where a cluster of Eddy processes looks for them; librdkafka's own
  // default hashes with CRC32.
  auto conf = kafka_detail::make_conf(
      {{"enable.idempotence", "true"}, {"partitioner", "murmur2_random"}},
      properties, *state);
  if (!conf)
    return conf.error();
  rd_kafka_conf_set_dr_msg_cb(*conf, &impl::on_delivery);
  rd_kafka_conf_set_error_cb(*conf, &impl::on_error);
  char errstr[512];
  state->rk = rd_kafka_new(RD_KAFKA_PRODUCER, *conf, errstr, sizeof(errstr));
  if (state->rk == nullptr) {
    rd_kafka_conf_destroy(*conf);
    return make_error(ec::invalid_config,
                      std::string{"kafka producer: "} + errstr);
  }
  if (auto id = properties.find("transactional.id"); id != properties.end()) {
    state->transactional_id = id->second;
    auto* rk = state->rk;
    auto deadline = std::chrono::steady_clock::now() + init_timeout;
    auto init = state->run_transactional(
        "initializing transactions",
        [rk](int timeout_ms) {
          return rd_kafka_init_transactions(rk, timeout_ms);
        },
        deadline);
    if (!init)
      return init.error();
    kafka_producer result{std::move(state)};
    if (auto begun = result.begin_transaction(); !begun)
      return begun.error();
    return result;
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
      auto text =
          "kafka producer: topic " + topic + ": " + rd_kafka_err2str(err);
      if (err == RD_KAFKA_RESP_ERR__STATE && transactional())
        text += " (no transaction open, or the open one failed and must be "
                "aborted)";
      return make_error(ec::connector_failure, std::move(text));
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

bool kafka_producer::transactional() const noexcept {
  return !impl_->transactional_id.empty();
}

caf::expected<void> kafka_producer::begin_transaction() {
  auto* rk = impl_->rk;
  // librdkafka documents no retriable error here; a second is plenty.
  auto began = impl_->run_transactional(
      "beginning a transaction",
      [rk](int) { return rd_kafka_begin_transaction(rk); },
      std::chrono::steady_clock::now() + std::chrono::seconds{1});
  if (began)
    impl_->in_transaction = true;
  return began;
}

caf::expected<void>
kafka_producer::commit_transaction(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  // librdkafka's commit flushes too, but ours reports failed deliveries.
  if (auto flushed = flush(timeout); !flushed)
    return flushed;
  auto* rk = impl_->rk;
  auto committed = impl_->run_transactional(
      "committing the transaction",
      [rk](int timeout_ms) {
        return rd_kafka_commit_transaction(rk, timeout_ms);
      },
      deadline);
  if (committed)
    impl_->in_transaction = false;
  return committed;
}

caf::expected<void>
kafka_producer::abort_transaction(std::chrono::milliseconds timeout) {
  auto* rk = impl_->rk;
  auto aborted = impl_->run_transactional(
      "aborting the transaction",
      [rk](int timeout_ms) {
        return rd_kafka_abort_transaction(rk, timeout_ms);
      },
      std::chrono::steady_clock::now() + timeout);
  if (!aborted)
    return aborted;
  impl_->in_transaction = false;
  // Failures of the aborted transaction's messages are moot now: its
  // writer sends them again in the next transaction.
  std::lock_guard guard{impl_->mtx};
  impl_->failed_since_flush = 0;
  return caf::unit;
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
