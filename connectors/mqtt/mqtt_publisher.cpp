// Retries, resends and acknowledgement counting for mqtt_publisher.
#include "connectors/mqtt/mqtt_publisher.hpp"

#include "messages/error.hpp"

namespace eddy {

namespace {

using clock_type = std::chrono::steady_clock;

// Polling intervals while the client cannot take a message: a full buffer
// drains as PUBACKs arrive (which also wake us), a reconnect takes longer.
constexpr auto buffer_full_wait = std::chrono::milliseconds{1};
constexpr auto disconnected_wait = std::chrono::milliseconds{10};

} // namespace

caf::expected<mqtt_publisher> mqtt_publisher::make(options opts) {
  if (opts.max_inflight <= 0 || opts.max_buffered <= 0)
    return make_error(ec::invalid_config,
                      "mqtt broker " + opts.broker_uri +
                          ": max_inflight and max_buffered must be positive");
  auto st = std::make_unique<state>();
  st->opts = opts;
  mqtt_connection::options conn_opts;
  conn_opts.broker_uri = opts.broker_uri;
  conn_opts.client_id = opts.client_id;
  conn_opts.min_retry = opts.min_retry;
  conn_opts.max_retry = opts.max_retry;
  conn_opts.max_inflight = opts.max_inflight;
  conn_opts.max_buffered = opts.max_buffered;
  conn_opts.log_context = opts.log_context;
  mqtt_connection::handlers on;
  on.on_delivered = [ptr = st.get()](std::string_view topic,
                                     std::string_view payload) {
    // The handler runs before the count drops so that flush() returns only
    // after every acknowledgement was handed on.
    if (ptr->opts.on_acknowledged)
      ptr->opts.on_acknowledged(topic, payload);
    std::lock_guard guard{ptr->mtx};
    ++ptr->acknowledged;
    --ptr->outstanding;
    ptr->cv.notify_all();
  };
  on.on_delivery_failed = [ptr = st.get()](std::string_view topic,
                                           std::string_view payload,
                                           const caf::error&) {
    // Not lost: the next publish() or flush() hands it over again.
    std::lock_guard guard{ptr->mtx};
    --ptr->outstanding;
    ptr->to_resend.emplace_back(topic, payload);
    ptr->cv.notify_all();
  };
  auto conn = mqtt_connection::make(std::move(conn_opts), std::move(on));
  if (!conn)
    return std::move(conn.error());
  mqtt_publisher result{std::move(st), std::move(*conn)};
  result.connection_.start();
  return result;
}

caf::error mqtt_publisher::hand_over(std::string_view topic,
                                     std::string_view payload,
                                     clock_type::time_point deadline) {
  auto& st = *state_;
  for (;;) {
    // Counted before the hand-over: its PUBACK may arrive before
    // try_publish returns.
    {
      std::lock_guard guard{st.mtx};
      ++st.outstanding;
    }
    auto outcome = connection_.try_publish(topic, payload);
    std::unique_lock lock{st.mtx};
    if (outcome && *outcome == mqtt_connection::handoff::accepted)
      return caf::none;
    --st.outstanding;
    if (!outcome)
      return std::move(outcome.error());
    if (clock_type::now() >= deadline) {
      lock.unlock();
      auto conn = connection_.status();
      return make_error(ec::timeout,
                        "mqtt broker " + st.opts.broker_uri +
                            ": cannot publish to '" + std::string{topic} +
                            "' (" + std::string{to_string(conn.state)} +
                            (conn.last_error.empty() ? std::string{}
                                                     : "; " + conn.last_error) +
                            ")");
    }
    auto wait = *outcome == mqtt_connection::handoff::buffer_full
                    ? buffer_full_wait
                    : disconnected_wait;
    st.cv.wait_for(lock, wait);
  }
}

caf::error mqtt_publisher::resend(clock_type::time_point deadline) {
  auto& st = *state_;
  for (;;) {
    std::pair<std::string, std::string> msg;
    {
      std::lock_guard guard{st.mtx};
      if (st.to_resend.empty())
        return caf::none;
      msg = std::move(st.to_resend.front());
      st.to_resend.pop_front();
    }
    if (auto err = hand_over(msg.first, msg.second, deadline)) {
      std::lock_guard guard{st.mtx};
      st.to_resend.push_front(std::move(msg));
      return err;
    }
    std::lock_guard guard{st.mtx};
    ++st.resent;
  }
}

caf::error mqtt_publisher::publish(std::string_view topic,
                                   std::string_view payload) {
  if (!state_)
    return make_error(ec::connector_failure,
                      "mqtt: publish on a moved-from publisher");
  auto deadline = clock_type::now() + state_->opts.max_block;
  if (auto err = resend(deadline))
    return err;
  if (auto err = hand_over(topic, payload, deadline))
    return err;
  std::lock_guard guard{state_->mtx};
  ++state_->published;
  return caf::none;
}

caf::error mqtt_publisher::flush(std::chrono::milliseconds timeout) {
  if (!state_)
    return make_error(ec::connector_failure,
                      "mqtt: flush on a moved-from publisher");
  auto& st = *state_;
  auto deadline = clock_type::now() + timeout;
  for (;;) {
    if (auto err = resend(deadline))
      return err;
    std::unique_lock lock{st.mtx};
    if (st.outstanding == 0 && st.to_resend.empty())
      return caf::none;
    if (clock_type::now() >= deadline)
      return make_error(
          ec::timeout,
          "mqtt broker " + st.opts.broker_uri + ": " +
              std::to_string(st.outstanding + st.to_resend.size()) +
              " messages still unacknowledged after " +
              std::to_string(timeout.count()) + " ms");
    st.cv.wait_until(lock, deadline, [&st] {
      return st.outstanding == 0 || !st.to_resend.empty();
    });
  }
}

void mqtt_publisher::stop() {
  connection_.stop();
}

mqtt_publisher::status mqtt_publisher::current_status() const {
  status result;
  result.connection = connection_.status();
  if (!state_)
    return result;
  std::lock_guard guard{state_->mtx};
  result.published = state_->published;
  result.acknowledged = state_->acknowledged;
  result.resent = state_->resent;
  return result;
}

} // namespace eddy
