// Builds the subscriber's connection and counts what it hands on.
#include "connectors/mqtt/mqtt_subscriber.hpp"

#include "messages/error.hpp"

namespace eddy {

caf::expected<mqtt_subscriber> mqtt_subscriber::make(options opts,
                                                     consumer consume) {
  if (opts.topic_filter.empty())
    return make_error(ec::invalid_config, "mqtt broker " + opts.broker_uri +
                                              ": no topic filter to "
                                              "subscribe to");
  if (!consume)
    return make_error(ec::invalid_config, "mqtt broker " + opts.broker_uri +
                                              ", topic '" + opts.topic_filter +
                                              "': no consumer");
  auto st = std::make_unique<state>();
  st->opts = opts;
  st->consume = std::move(consume);
  mqtt_connection::options conn_opts;
  conn_opts.broker_uri = opts.broker_uri;
  conn_opts.client_id = opts.client_id;
  conn_opts.is_persistent_session = true;
  conn_opts.topic_filter = opts.topic_filter;
  conn_opts.min_retry = opts.min_retry;
  conn_opts.max_retry = opts.max_retry;
  conn_opts.log_context = opts.log_context;
  mqtt_connection::handlers on;
  on.on_message = [ptr = st.get()](std::string_view topic,
                                   std::string_view payload) {
    ++ptr->messages;
    ptr->consume(topic, payload);
  };
  auto conn = mqtt_connection::make(std::move(conn_opts), std::move(on));
  if (!conn)
    return std::move(conn.error());
  mqtt_subscriber result{std::move(st), std::move(*conn)};
  result.connection_.start();
  return result;
}

void mqtt_subscriber::stop() {
  connection_.stop();
}

bool mqtt_subscriber::wait_until_subscribed(
    std::chrono::milliseconds timeout) const {
  return connection_.wait_until_ready(timeout);
}

mqtt_subscriber::status mqtt_subscriber::current_status() const {
  status result;
  result.connection = connection_.status();
  if (state_)
    result.messages = state_->messages;
  return result;
}

} // namespace eddy
