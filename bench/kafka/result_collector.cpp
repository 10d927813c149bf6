// Polls the results topic and matches each result with its send time.
#include "bench/kafka/result_collector.hpp"

#include "bench/common/bench_failure.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

constexpr size_t max_poll = 4096;

constexpr std::chrono::milliseconds poll_timeout{50};

} // namespace

result_collector::result_collector(const kafka_properties& properties,
                                   const std::string& topic, result_id id_of,
                                   const send_log& sends)
    : id_of_(std::move(id_of)), sends_(sends),
      latency_ns_(sends.capacity(), -1) {
  auto consumer = kafka_consumer::make(properties, {topic}, {});
  if (!consumer)
    throw bench_failure{"cannot make the results consumer: " +
                        describe(consumer.error())};
  consumer_ = std::make_unique<kafka_consumer>(std::move(*consumer));
  thread_ = std::thread{[this] { run(); }};
}

result_collector::~result_collector() {
  stop();
}

uint64_t result_collector::received() const {
  std::lock_guard guard{mtx_};
  if (!failure_.empty())
    throw bench_failure{failure_};
  return received_;
}

std::vector<double> result_collector::latencies_ms(int64_t first_id,
                                                   int64_t end_id,
                                                   size_t& missing) {
  stop();
  auto now = steady_ns();
  std::vector<double> out;
  missing = 0;
  for (auto id = std::max<int64_t>(first_id, 0);
       id < end_id && static_cast<size_t>(id) < latency_ns_.size(); ++id) {
    auto ns = latency_ns_[static_cast<size_t>(id)];
    if (ns < 0) {
      ++missing;
      ns = now - sends_.sent_at(id);
    }
    out.push_back(static_cast<double>(ns) / 1e6);
  }
  return out;
}

void result_collector::run() {
  while (!stopping_) {
    auto messages = consumer_->poll(max_poll, poll_timeout);
    auto now = steady_ns();
    if (!messages) {
      std::lock_guard guard{mtx_};
      failure_ = "results consumer: " + describe(messages.error());
      return;
    }
    for (auto& msg : *messages) {
      auto id = id_of_(msg.payload);
      if (!id) {
        std::lock_guard guard{mtx_};
        failure_ = "results consumer: a result on " + msg.topic +
                   " does not parse: " + describe(id.error());
        return;
      }
      auto sent = sends_.sent_at(*id);
      if (sent == 0 || latency_ns_[static_cast<size_t>(*id)] >= 0)
        continue;
      latency_ns_[static_cast<size_t>(*id)] = now - sent;
      ++received_;
    }
  }
}

void result_collector::stop() {
  stopping_ = true;
  if (thread_.joinable())
    thread_.join();
  if (consumer_)
    consumer_->close();
}

} // namespace eddy::bench
