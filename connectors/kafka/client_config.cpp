// Turns properties into a librdkafka configuration and logs client errors
// once per kind.
#include "connectors/kafka/client_config.hpp"

#include <cstring>
#include <iostream>

#include "messages/error.hpp"

namespace eddy::kafka_detail {

namespace {

void log_warnings(const rd_kafka_t* rk, int level, const char* facility,
                  const char* message) {
  // FAIL lines repeat what the error callback already reported once.
  if (level > 4 || std::strcmp(facility, "FAIL") == 0)
    return;
  std::cerr << "eddy: kafka " << rd_kafka_name(rk) << ": " << facility << ": "
            << message << '\n';
}

void log_everything(const rd_kafka_t* rk, int, const char* facility,
                    const char* message) {
  std::cerr << "eddy: kafka " << rd_kafka_name(rk) << ": " << facility << ": "
            << message << '\n';
}

} // namespace

caf::expected<rd_kafka_conf_t*> make_conf(const kafka_properties& defaults,
                                          const kafka_properties& properties) {
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
  rd_kafka_conf_set_log_cb(
      conf, properties.count("debug") != 0 ? &log_everything : &log_warnings);
  return conf;
}

bool error_log::report(rd_kafka_resp_err_t code, const std::string& reason) {
  {
    std::lock_guard guard{mtx_};
    if (!seen_.insert(static_cast<int>(code)).second)
      return false;
  }
  std::cerr << "eddy: kafka " << client_ << ": " << reason
            << " (not repeated until the client recovers)\n";
  return true;
}

void error_log::reset() {
  std::lock_guard guard{mtx_};
  seen_.clear();
}

} // namespace eddy::kafka_detail
