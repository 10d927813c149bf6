// The status and outage log lines of an MQTT connection; see
// connection_report.hpp.
#include "connectors/mqtt/connection_report.hpp"

#include "messages/error.hpp"

namespace eddy {

std::string_view to_string(mqtt_connection_state state) {
  switch (state) {
  case mqtt_connection_state::connecting:
    return "connecting";
  case mqtt_connection_state::connected:
    return "connected";
  case mqtt_connection_state::reconnecting:
    return "reconnecting";
  case mqtt_connection_state::stopped:
    return "stopped";
  }
  return "unknown";
}

connection_report::connection_report(const std::string& broker_uri,
                                     const std::string& client_id,
                                     log::context log_context,
                                     std::chrono::milliseconds min_retry,
                                     std::chrono::milliseconds max_retry)
    : name_("mqtt broker " + broker_uri + " (client '" + client_id + "')"),
      log_context_(std::move(log_context)), min_retry_(min_retry),
      max_retry_(max_retry) {}

void connection_report::started() {
  status_.since = std::chrono::steady_clock::now();
}

void connection_report::connected() {
  status_.state = mqtt_connection_state::connected;
  status_.is_subscribed = false;
  ++status_.connects;
  connected_since_ = std::chrono::steady_clock::now();
  status_.since = connected_since_;
  if (is_outage_reported_)
    log_context_.info(name_ + ": connected again");
  is_outage_reported_ = false;
}

void connection_report::subscribed(const caf::error& refused) {
  if (!refused) {
    status_.is_subscribed = true;
    return;
  }
  status_.last_error = context_of(refused);
  log_context_.error(name_ + ": " + status_.last_error);
}

void connection_report::lost(std::string_view cause) {
  auto now = std::chrono::steady_clock::now();
  lasted_ = now - connected_since_;
  status_.state = mqtt_connection_state::reconnecting;
  status_.since = now;
  status_.is_subscribed = false;
  ++status_.connection_losses;
  status_.last_error = "connection lost";
  if (!cause.empty())
    status_.last_error += ": " + std::string{cause};
  report_outage();
}

void connection_report::failed(std::string error) {
  status_.last_error = std::move(error);
  report_outage();
}

void connection_report::stopped() {
  if (status_.state != mqtt_connection_state::stopped)
    status_.since = std::chrono::steady_clock::now();
  status_.state = mqtt_connection_state::stopped;
  status_.is_subscribed = false;
}

void connection_report::report_outage() {
  if (is_outage_reported_)
    return;
  is_outage_reported_ = true;
  log_context_.warn(name_ + ": " + status_.last_error + "; retrying every " +
                    std::to_string(min_retry_.count()) + "-" +
                    std::to_string(max_retry_.count()) + " ms");
}

} // namespace eddy
