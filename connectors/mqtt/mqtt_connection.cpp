// The paho side of mqtt_connection: one async_client, a supervisor thread
// that (re)connects with backoff, and the callbacks paho calls.
#include "connectors/mqtt/mqtt_connection.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <mqtt/async_client.h>

#include "messages/error.hpp"

namespace eddy {

namespace {

std::string token_error(const mqtt::token& tok) {
  return mqtt::exception::error_str(tok.get_return_code()) + " (code " +
         std::to_string(tok.get_return_code()) + ")";
}

// Paho invokes an action listener with the token that completed; it must
// not throw back into the C library.
class listener final : public mqtt::iaction_listener {
public:
  using function = std::function<void(const mqtt::token&, bool)>;

  explicit listener(function on_done) : on_done_(std::move(on_done)) {}

  void on_success(const mqtt::token& tok) override { on_done_(tok, true); }

  void on_failure(const mqtt::token& tok) override { on_done_(tok, false); }

private:
  function on_done_;
};

} // namespace

struct mqtt_connection::impl {
  explicit impl(options o)
      : opts(std::move(o)),
        report(opts.broker_uri, opts.client_id, opts.log_context,
               opts.min_retry, opts.max_retry) {}

  options opts;
  handlers on;
  mqtt::connect_options connect_opts;
  std::unique_ptr<mqtt::async_client> client;

  mutable std::mutex mtx;
  mutable std::condition_variable cv;
  connection_report report;
  bool wants_connect = true;
  // Set by a connection loss: the next attempt waits the current delay.
  bool is_after_loss = false;
  bool is_stopping = false;
  // Handlers currently running; stop() waits for them to return.
  int active_handlers = 0;
  bool are_handlers_enabled = true;
  bool is_late_reported = false;
  std::thread supervisor;

  listener delivered{
      [this](const mqtt::token& tok, bool ok) { on_delivery_done(tok, ok); }};

  ~impl() {
    stop();
    // The client goes first: after MQTTAsync_destroy paho holds no reference
    // to the listeners or to this.
    client.reset();
  }

  // -- handler bookkeeping ----------------------------------------------------

  // Runs `f` as a handler unless stop() finished; counts it so that stop()
  // can wait for it. Exceptions must not reach the C library.
  template <class F>
  void run_handler(const char* what, F&& f) {
    {
      std::lock_guard guard{mtx};
      if (!are_handlers_enabled) {
        // Only possible if the DISCONNECT did not complete; reported once.
        if (!is_late_reported)
          opts.log_context.warn(report.name() + ": ignoring a late " + what +
                                " after stop");
        is_late_reported = true;
        return;
      }
      ++active_handlers;
    }
    try {
      f();
    } catch (const std::exception& e) {
      opts.log_context.error(report.name() + ": " + what +
                             " handler failed: " + e.what());
    } catch (...) {
      opts.log_context.error(report.name() + ": " + what +
                             " handler failed with an unknown exception");
    }
    std::lock_guard guard{mtx};
    --active_handlers;
    cv.notify_all();
  }

  // -- paho callbacks ---------------------------------------------------------

  void on_connected() {
    std::lock_guard guard{mtx};
    if (is_stopping)
      return;
    report.connected();
    cv.notify_all();
  }

  void on_connection_lost(const std::string& cause) {
    std::lock_guard guard{mtx};
    if (is_stopping)
      return;
    report.lost(cause);
    wants_connect = true;
    is_after_loss = true;
    cv.notify_all();
  }

  void on_delivery_done(const mqtt::token& tok, bool ok) {
    auto* delivery = dynamic_cast<const mqtt::delivery_token*>(&tok);
    auto msg = delivery != nullptr ? delivery->get_message() : nullptr;
    if (!msg) {
      opts.log_context.error(report.name() +
                             ": a delivery completed without its message");
      return;
    }
    if (ok) {
      if (on.on_delivered)
        run_handler("delivery", [&] {
          on.on_delivered(msg->get_topic(), msg->get_payload_str());
        });
      return;
    }
    auto reason =
        make_error(ec::connector_failure, report.name() + ": delivery to '" +
                                              msg->get_topic() +
                                              "' failed: " + token_error(tok));
    if (on.on_delivery_failed)
      run_handler("delivery failure", [&] {
        on.on_delivery_failed(msg->get_topic(), msg->get_payload_str(), reason);
      });
    else
      opts.log_context.error(describe(reason));
  }

  // -- supervisor thread ------------------------------------------------------

  caf::error connect_once() {
    try {
      client->connect(connect_opts)->wait();
      return caf::none;
    } catch (const mqtt::exception& e) {
      return make_error(ec::connector_failure,
                        report.name() + ": cannot connect: " + e.what());
    }
  }

  // Connects, then waits for a loss and reconnects. The delay doubles after
  // each failed attempt, and a connection that dropped within `max_retry`
  // does not reset it: a broker that accepts and drops us at once (another
  // client with our id) is not hammered.
  void supervise() {
    auto delay = opts.min_retry;
    std::unique_lock lock{mtx};
    for (;;) {
      cv.wait(lock, [this] { return is_stopping || wants_connect; });
      if (is_stopping)
        break;
      wants_connect = false;
      if (is_after_loss) {
        is_after_loss = false;
        if (report.connection_lasted() > opts.max_retry)
          delay = opts.min_retry;
        if (cv.wait_for(lock, delay, [this] { return is_stopping; }))
          break;
        delay = std::min(delay * 2, opts.max_retry);
      }
      lock.unlock();
      auto err = connect_once();
      lock.lock();
      if (!err)
        continue;
      report.failed(describe(err));
      if (cv.wait_for(lock, delay, [this] { return is_stopping; }))
        break;
      delay = std::min(delay * 2, opts.max_retry);
      wants_connect = true;
    }
    lock.unlock();
    try {
      if (client->is_connected())
        client->disconnect(1000)->wait_for(std::chrono::seconds{10});
    } catch (const mqtt::exception& e) {
      // Stopping anyway; the broker keeps the session for the next start.
      opts.log_context.warn(report.name() + ": disconnect failed: " + e.what());
    }
  }

  void start() {
    std::lock_guard guard{mtx};
    if (supervisor.joinable() || is_stopping)
      return;
    report.started();
    supervisor = std::thread{[this] { supervise(); }};
  }

  void stop() {
    {
      std::lock_guard guard{mtx};
      is_stopping = true;
      cv.notify_all();
    }
    if (supervisor.joinable())
      supervisor.join();
    std::unique_lock lock{mtx};
    cv.wait(lock, [this] { return active_handlers == 0; });
    are_handlers_enabled = false;
    report.stopped();
  }
};

mqtt_connection::mqtt_connection(std::unique_ptr<impl> ptr)
    : impl_(std::move(ptr)) {}

mqtt_connection::mqtt_connection(mqtt_connection&&) noexcept = default;

mqtt_connection&
mqtt_connection::operator=(mqtt_connection&&) noexcept = default;

mqtt_connection::~mqtt_connection() = default;

caf::expected<mqtt_connection> mqtt_connection::make(options opts,
                                                     handlers on) {
  auto state = std::make_unique<impl>(std::move(opts));
  auto& settings = state->opts;
  if (settings.min_retry.count() <= 0 ||
      settings.max_retry < settings.min_retry)
    return make_error(ec::invalid_config,
                      state->report.name() +
                          ": retry delays must satisfy 0 < min <= max");
  try {
    mqtt::create_options create_opts{MQTTVERSION_3_1_1, settings.max_buffered};
    // No offline buffer: while the broker is away publishing fails with
    // "disconnected" and the caller decides how long to wait.
    create_opts.set_send_while_disconnected(false);
    // No client-side persistence: a restarted Eddy resumes from the broker's
    // persistent session, and nothing lands in the working directory.
    state->client = std::make_unique<mqtt::async_client>(
        settings.broker_uri, settings.client_id, create_opts, nullptr);
    state->connect_opts = mqtt::connect_options_builder()
                              .mqtt_version(MQTTVERSION_3_1_1)
                              // A clean session: paho 1.3.12 resending
                              // thousands of in-flight messages on a
                              // persistent reconnect sends mosquitto a
                              // malformed packet (measured); instead the
                              // client fails their tokens and the publisher
                              // hands them over again.
                              .clean_session(true)
                              .keep_alive_interval(settings.keep_alive)
                              .connect_timeout(settings.connect_timeout)
                              .max_inflight(settings.max_inflight)
                              .automatic_reconnect(false)
                              .finalize();
  } catch (const mqtt::exception& e) {
    return make_error(ec::connector_failure,
                      state->report.name() +
                          ": cannot create the client: " + e.what());
  }
  state->on = std::move(on);
  auto* self = state.get();
  state->client->set_connected_handler(
      [self](const std::string&) { self->on_connected(); });
  state->client->set_connection_lost_handler(
      [self](const std::string& cause) { self->on_connection_lost(cause); });
  return mqtt_connection{std::move(state)};
}

void mqtt_connection::start() {
  if (impl_)
    impl_->start();
}

void mqtt_connection::stop() {
  if (impl_)
    impl_->stop();
}

caf::expected<mqtt_connection::handoff>
mqtt_connection::try_publish(std::string_view topic, std::string_view payload) {
  if (!impl_)
    return make_error(ec::connector_failure, "mqtt: publish on a moved-from "
                                             "connection");
  {
    std::lock_guard guard{impl_->mtx};
    if (impl_->is_stopping)
      return make_error(ec::connector_failure,
                        impl_->report.name() + ": cannot publish to '" +
                            std::string{topic} + "': stopped");
  }
  try {
    auto msg = mqtt::make_message(std::string{topic}, payload.data(),
                                  payload.size(), 1, false);
    impl_->client->publish(msg, nullptr, impl_->delivered);
    return handoff::accepted;
  } catch (const mqtt::exception& e) {
    switch (e.get_return_code()) {
    case MQTTASYNC_MAX_BUFFERED_MESSAGES:
    case MQTTASYNC_MAX_BUFFERED:
    case MQTTASYNC_MAX_MESSAGES_INFLIGHT:
    case MQTTASYNC_NO_MORE_MSGIDS:
      return handoff::buffer_full;
    case MQTTASYNC_DISCONNECTED:
      return handoff::disconnected;
    default:
      return make_error(ec::connector_failure,
                        impl_->report.name() + ": cannot publish to '" +
                            std::string{topic} + "': " + e.what());
    }
  }
}

mqtt_connection_status mqtt_connection::status() const {
  if (!impl_)
    return {mqtt_connection_state::stopped, false, "moved from", 0, 0, {}};
  std::lock_guard guard{impl_->mtx};
  return impl_->report.status();
}

const mqtt_connection::options& mqtt_connection::settings() const {
  return impl_->opts;
}

} // namespace eddy
