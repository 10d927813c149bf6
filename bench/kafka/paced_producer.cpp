// Paces eddy's Kafka producer and notes send times.
#include "bench/kafka/paced_producer.hpp"

#include <thread>

#include "bench/common/bench_failure.hpp"
#include "messages/error.hpp"

namespace eddy::bench {

namespace {

/// librdkafka 2.0.2 waits up to linger.ms (default 5) to fill a batch
/// before sending it; 1 ms keeps that wait out of the latency, while the
/// pacing's bursts still make batches of some 25 messages per partition at
/// 100k/s (the dev cluster answers a fetch with one batch per partition,
/// so tiny batches would slow every consumer down). No Nagle, as Kafka's
/// own clients: a send waits for nothing but linger.ms.
const kafka_properties load_producer_settings{{"linger.ms", "1"},
                                              {"socket.nagle.disable", "true"}};

/// The pause between bursts; each burst sends what is due by then.
constexpr std::chrono::microseconds pacing_pause{200};

constexpr std::chrono::seconds delivery_timeout{30};

} // namespace

double sent_span::rate() const {
  auto seconds = static_cast<double>(last_ns - first_ns) / 1e9;
  return seconds > 0 ? static_cast<double>(end_id - first_id - 1) / seconds : 0;
}

paced_producer::paced_producer(const std::string& bootstrap, std::string topic,
                               topic_messages messages, send_log& sends)
    : topic_(std::move(topic)), messages_(std::move(messages)), sends_(sends) {
  auto props = load_producer_settings;
  props["bootstrap.servers"] = bootstrap;
  auto made = kafka_producer::make(props);
  if (!made)
    throw bench_failure{"cannot make the load producer: " +
                        describe(made.error())};
  producer_.emplace(std::move(*made));
}

void paced_producer::send_one() {
  if (static_cast<size_t>(next_id_) >= sends_.capacity())
    throw bench_failure{"the send log is full after " +
                        std::to_string(next_id_) + " " + messages_.noun};
  key_.clear();
  payload_.clear();
  messages_.make(static_cast<uint64_t>(next_id_), key_, payload_);
  sends_.record(next_id_, steady_ns());
  if (auto sent = producer_->send(topic_, key_, payload_); !sent)
    throw bench_failure{"load producer: " + describe(sent.error())};
  ++next_id_;
}

sent_span paced_producer::send_at(int64_t rate,
                                  std::chrono::milliseconds duration) {
  sent_span span;
  span.first_id = next_id_;
  auto start = steady_ns();
  auto end = start + std::chrono::nanoseconds{duration}.count();
  int64_t count = 0;
  for (auto now = start; now < end; now = steady_ns()) {
    auto due = static_cast<int64_t>(static_cast<double>(now - start) / 1e9 *
                                    static_cast<double>(rate));
    for (; count < due; ++count)
      send_one();
    std::this_thread::sleep_for(pacing_pause);
  }
  span.end_id = next_id_;
  span.first_ns = sends_.sent_at(span.first_id);
  span.last_ns = span.end_id > span.first_id ? sends_.sent_at(span.end_id - 1)
                                             : span.first_ns;
  return span;
}

void paced_producer::flush() {
  if (auto done = producer_->flush(delivery_timeout); !done)
    throw bench_failure{"load producer: " + describe(done.error())};
}

} // namespace eddy::bench
