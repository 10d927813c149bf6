// Turns properties into a librdkafka configuration, writes the client's log
// lines through Eddy's logger and logs client errors once per kind.
#include "connectors/kafka/client_config.hpp"

#include <cstring>

#include "messages/error.hpp"

namespace eddy::kafka_detail {

namespace {

// librdkafka logs at syslog levels: 0-3 are errors, 4 warnings, 5 and 6
// notices and information, 7 debugging.
log::level level_of(int syslog_level) {
  if (syslog_level <= 3)
    return log::level::error;
  if (syslog_level == 4)
    return log::level::warn;
  if (syslog_level <= 6)
    return log::level::info;
  return log::level::debug;
}

// Runs on librdkafka's threads, from rd_kafka_new to rd_kafka_destroy.
void write_line(const rd_kafka_t* rk, int level, const char* facility,
                const char* message) {
  auto at = level_of(level);
  if (!log::enabled(at))
    return;
  const auto* client = static_cast<const logged_client*>(rd_kafka_opaque(rk));
  auto where = client != nullptr ? client->log_as(rk)
                                 : log::context{"", rd_kafka_name(rk)};
  log::write(at, where.job, where.actor,
             std::string{facility} + ": " + message);
}

void log_warnings(const rd_kafka_t* rk, int level, const char* facility,
                  const char* message) {
  // FAIL lines repeat what the error callback already reported once.
  if (level > 4 || std::strcmp(facility, "FAIL") == 0)
    return;
  write_line(rk, level, facility, message);
}

void log_everything(const rd_kafka_t* rk, int level, const char* facility,
                    const char* message) {
  write_line(rk, level, facility, message);
}

} // namespace

log::context logged_client::log_as(const rd_kafka_t* rk) const {
  if (!log_context.actor.empty())
    return log_context;
  return {log_context.job, rd_kafka_name(rk)};
}

caf::expected<rd_kafka_conf_t*> make_conf(const kafka_properties& defaults,
                                          const kafka_properties& properties,
                                          logged_client& client) {
  auto* conf = rd_kafka_conf_new();
  char errstr[512];
  auto set = [&](const std::string& key, const std::string& value) {
    errstr[0] = '\0';
    return rd_kafka_conf_set(conf, key.c_str(), value.c_str(), errstr,
                             sizeof(errstr)) == RD_KAFKA_CONF_OK;
  };
  for (auto& [key, value] : defaults)
    if (properties.count(key) == 0 && !set(key, value)) {
      rd_kafka_conf_destroy(conf);
      return make_error(ec::invalid_config,
                        "kafka default " + key + ": " + errstr);
    }
  for (auto& [key, value] : properties)
    if (!set(key, value)) {
      rd_kafka_conf_destroy(conf);
      // errstr quotes the value where it matters; secrets stay out of logs.
      return make_error(ec::invalid_config,
                        "kafka property '" + key + "': " + errstr);
    }
  rd_kafka_conf_set_opaque(conf, &client);
  rd_kafka_conf_set_log_cb(
      conf, properties.count("debug") != 0 ? &log_everything : &log_warnings);
  return conf;
}

bool error_log::report(const log::context& where, rd_kafka_resp_err_t code,
                       const std::string& reason, log::level at) {
  {
    std::lock_guard guard{mtx_};
    if (!seen_.insert(static_cast<int>(code)).second)
      return false;
  }
  log::write(at, where.job, where.actor,
             "kafka " + client_ + ": " + reason +
                 " (not repeated until the client recovers)");
  return true;
}

void error_log::reset() {
  std::lock_guard guard{mtx_};
  seen_.clear();
}

} // namespace eddy::kafka_detail
