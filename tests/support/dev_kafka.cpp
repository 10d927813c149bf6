// Starts and stops eddy-devkafka for tests.
#include "tests/support/dev_kafka.hpp"

#include <chrono>
#include <stdexcept>

namespace eddy::test {

std::string dev_kafka::program() {
  return std::string{EDDY_BIN_DIR} + "/eddy-devkafka";
}

dev_kafka::dev_kafka(const std::vector<topic>& topics, uint16_t port,
                     int brokers,
                     const std::vector<request_failure>& failures) {
  std::vector<std::string> args{"--port", std::to_string(port), "--brokers",
                                std::to_string(brokers)};
  for (auto& t : topics) {
    args.push_back("--topic");
    args.push_back(t.name + ":" + std::to_string(t.partitions));
  }
  for (auto& f : failures) {
    args.push_back("--fail-request");
    args.push_back(f.api + ":" + f.error + ":" + std::to_string(f.count));
  }
  process_ = std::make_unique<child_process>(program(), args);
  auto line = process_->read_line(std::chrono::seconds{10});
  const std::string prefix = "bootstrap.servers=";
  if (!line || line->rfind(prefix, 0) != 0)
    throw std::runtime_error(program() + " did not announce its bootstrap "
                                         "servers (see its stderr above)");
  bootstrap_servers_ = line->substr(prefix.size());
}

dev_kafka::~dev_kafka() {
  stop();
}

void dev_kafka::stop() {
  if (process_)
    process_->terminate(std::chrono::seconds{5});
}

} // namespace eddy::test
