// eddy-gen: writes the seed's inventory transactions (and, on request,
// queries) to stdout, Kafka, MQTT or Eddy's HTTP API at a target rate,
// printing the achieved rate to stderr once a second.
#include <charconv>
#include <chrono>
#include <iostream>
#include <string>
#include <string_view>
#include <thread>

#include "actors/wall_clock.hpp"
#include "apps/eddy-gen/record_target.hpp"
#include "connectors/transaction_generator.hpp"
#include "messages/error.hpp"

namespace {

using namespace eddy;
using namespace eddy::gen;

struct options {
  int64_t num_items = 1000;
  uint64_t rate = 1000; // records per second, 0 = unlimited
  int64_t count = -1;   // records to write, -1 = forever
  uint64_t seed = 42;
  double queries = 0; // share of queries among the records
  record_format format = record_format::text;
  std::string kafka;
  std::string topic = "transaction.log.1";
  std::string query_topic = "query.input.log.1";
  std::string mqtt;
  std::string mqtt_topic = "eddy/transactions";
  std::string http;
};

constexpr std::string_view usage = R"(usage: eddy-gen [options]
Writes the seed's inventory transactions, one record at a time.
  --num-items N        distinct items (default 1000)
  --rate R             records per second, 0 = as fast as possible (1000)
  --count C            records to write, -1 = forever (-1)
  --seed S             random seed (42); the same seed makes the same records
  --queries SHARE      share of queries among the records, 0..1 (0)
  --format text|json   the seed's tab-delimited text or JSON (text)
targets (default: stdout):
  --kafka HOST:PORT    to Kafka: --topic T (transaction.log.1), queries to
                       --query-topic Q (query.input.log.1)
  --mqtt URI           to MQTT with QoS 1: --mqtt-topic T (eddy/transactions)
  --http HOST:PORT     POST to Eddy's /v1/transactions (JSON)
)";

template <class T>
bool parse_number(std::string_view text, T& out) {
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return err == std::errc{} && end == text.data() + text.size();
}

bool apply(options& opts, std::string_view flag, std::string_view value) {
  if (flag == "--num-items")
    return parse_number(value, opts.num_items) && opts.num_items > 0;
  if (flag == "--rate")
    return parse_number(value, opts.rate);
  if (flag == "--count")
    return parse_number(value, opts.count);
  if (flag == "--seed")
    return parse_number(value, opts.seed);
  if (flag == "--queries")
    return parse_number(value, opts.queries) && opts.queries >= 0 &&
           opts.queries <= 1;
  if (flag == "--format") {
    opts.format = value == "json" ? record_format::json : record_format::text;
    return value == "json" || value == "text";
  }
  for (auto [name, target] : {std::pair{"--kafka", &opts.kafka},
                              {"--topic", &opts.topic},
                              {"--query-topic", &opts.query_topic},
                              {"--mqtt", &opts.mqtt},
                              {"--mqtt-topic", &opts.mqtt_topic},
                              {"--http", &opts.http}})
    if (flag == name) {
      *target = std::string{value};
      return !value.empty();
    }
  return false;
}

caf::expected<std::unique_ptr<record_target>> make_target(const options& o) {
  if (!o.kafka.empty())
    return kafka_target(o.kafka, o.topic, o.query_topic, o.format);
  if (!o.mqtt.empty())
    return mqtt_target(o.mqtt, o.mqtt_topic, o.format);
  if (!o.http.empty())
    return http_target(o.http);
  return stdout_target(o.format);
}

// Writes records at the target rate; reports the rate once a second.
caf::error generate(const options& opts, record_target& target) {
  using clock = std::chrono::steady_clock;
  transaction_generator make{opts.seed, opts.num_items};
  auto query_every =
      opts.queries > 0 ? static_cast<int64_t>(1.0 / opts.queries) : int64_t{0};
  auto started = clock::now();
  auto last_report = started;
  int64_t written = 0;
  int64_t reported = 0;
  while (opts.count < 0 || written < opts.count) {
    if (opts.rate > 0) {
      auto due = static_cast<int64_t>(
          std::chrono::duration<double>(clock::now() - started).count() *
          static_cast<double>(opts.rate));
      if (written >= due) {
        std::this_thread::sleep_for(std::chrono::milliseconds{1});
        continue;
      }
    }
    auto err = query_every > 0 && written % query_every == query_every - 1
                   ? target.write(make.make_query(written))
                   : target.write(make(written, wall_clock_ms()));
    if (err)
      return err;
    ++written;
    if (auto now = clock::now(); now - last_report >= std::chrono::seconds{1}) {
      auto secs = std::chrono::duration<double>(now - last_report).count();
      std::cerr << "eddy-gen: " << written << " records, "
                << static_cast<int64_t>((written - reported) / secs)
                << " records/s\n";
      last_report = now;
      reported = written;
    }
  }
  if (auto err = target.flush())
    return err;
  std::cerr << "eddy-gen: " << written << " records written\n";
  return {};
}

} // namespace

int main(int argc, char** argv) {
  options opts;
  for (int i = 1; i < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << usage;
      return 0;
    }
    if (i + 1 >= argc || !apply(opts, flag, argv[i + 1])) {
      std::cerr << "eddy-gen: bad option " << flag
                << (i + 1 < argc ? std::string{" "} + argv[i + 1] : "") << "\n"
                << usage;
      return 2;
    }
  }
  auto target = make_target(opts);
  if (!target) {
    std::cerr << "eddy-gen: " << describe(target.error()) << '\n';
    return 1;
  }
  if (auto err = generate(opts, **target)) {
    std::cerr << "eddy-gen: " << describe(err) << '\n';
    return 1;
  }
  return 0;
}
