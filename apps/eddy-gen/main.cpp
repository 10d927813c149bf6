// eddy-gen: writes a job's input records (the inventory's transactions and
// queries, IPDR records, sensor readings, telemetry events or machine states,
// generated or replayed from a file) to stdout, Kafka, MQTT, Eddy's HTTP API
// or a listening socket at a target rate, printing the achieved rate to
// stderr once a second.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <thread>

#include "actors/wall_clock.hpp"
#include "apps/eddy-gen/gen_options.hpp"
#include "apps/eddy-gen/record_target.hpp"
#include "apps/ipdr/ipdr_generator.hpp"
#include "apps/machines/machine_generator.hpp"
#include "apps/machines/machine_state.hpp"
#include "apps/sensors/sensor_generator.hpp"
#include "apps/telemetry/telemetry_generator.hpp"
#include "connectors/transaction_generator.hpp"
#include "messages/error.hpp"

namespace {

using namespace eddy;
using namespace eddy::gen;

/// Writes record number `index` to the target.
using record_writer = std::function<caf::error(int64_t index)>;

caf::expected<std::unique_ptr<record_target>>
make_target(const gen_options& o) {
  if (!o.kafka.empty())
    return kafka_target(o.kafka, o.record_topic(), o.query_topic, o.format);
  if (!o.mqtt.empty())
    return mqtt_target(o.mqtt, o.mqtt_topic, o.format);
  if (!o.http.empty())
    return http_target(o.http);
  if (o.socket_port != 0)
    return socket_target(o.socket_port, o.format);
  return stdout_target(o.format);
}

record_writer inventory_writer(const gen_options& opts, record_target& target) {
  auto query_every =
      opts.queries > 0 ? static_cast<int64_t>(1.0 / opts.queries) : int64_t{0};
  return [make = transaction_generator{opts.seed, opts.num_items}, query_every,
          &target](int64_t index) mutable {
    if (query_every > 0 && index % query_every == query_every - 1)
      return target.write(make.make_query(index));
    return target.write(make(index, wall_clock_ms()));
  };
}

record_writer ipdr_writer(const gen_options& opts, record_target& target) {
  ipdr::ipdr_generator make{
      {.seed = opts.seed, .macs = opts.macs, .mac_offset = opts.mac_offset}};
  return [make, &target, line = std::string{}](int64_t index) mutable {
    line.clear();
    make(static_cast<uint64_t>(index), wall_clock_ms(), line);
    // The seed's producer keys record i (counted from 1) by String(i).
    return target.write_record(std::to_string(index + 1), line);
  };
}

record_writer sensors_writer(const gen_options& opts, record_target& target) {
  sensors::sensor_generator make{{.seed = opts.seed,
                                  .sensors = opts.sensors,
                                  .sensor_offset = opts.sensor_offset}};
  auto is_avro = opts.sensor_payload == sensor_format::avro;
  return [make, is_avro, &target,
          payload = std::string{}](int64_t index) mutable {
    auto reading = make.fields(static_cast<uint64_t>(index), wall_clock_ms());
    payload.clear();
    if (is_avro)
      sensors::encode_avro(reading, payload);
    else
      sensors::format_json(reading, payload);
    // Keyed by sensor, so that a sensor's readings keep their order.
    return target.write_record(std::to_string(reading.sensor_id), payload);
  };
}

record_writer telemetry_writer(const gen_options& opts, record_target& target) {
  telemetry::telemetry_generator make{
      {.seed = opts.seed,
       .sensors = opts.sensors,
       .duplicate_share = opts.duplicates,
       .out_of_range_share = opts.out_of_range}};
  return [make, &target, payload = std::string{}](int64_t index) mutable {
    auto i = static_cast<uint64_t>(index);
    payload.clear();
    make.json(i, wall_clock_ms(), payload);
    // Keyed as the job keys it; on MQTT, its sensor's topic, as the seed's
    // publisher sends it.
    return target.write_on_topic(make.key(i), payload, make.topic(i));
  };
}

record_writer machines_writer(const gen_options& opts, record_target& target) {
  machines::machine_generator make{{.seed = opts.seed,
                                    .machines = opts.machines,
                                    .channels = opts.channels}};
  return [make, &target, payload = std::string{}](int64_t index) mutable {
    auto i = static_cast<uint64_t>(index);
    payload.clear();
    make.state_json(i, wall_clock_ms(), payload);
    // Keyed by machine, so that a machine's states keep their order.
    return target.write_record(make.thing(i), payload);
  };
}

/// The non-blank lines of --file; fails naming the file if it cannot be
/// read.
caf::expected<std::vector<std::string>> read_lines(const std::string& path) {
  std::ifstream in{path};
  if (!in)
    return make_error(ec::invalid_config, "cannot open --file " + path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (line.find_first_not_of(" \t\r") != std::string::npos)
      lines.push_back(std::move(line));
  if (in.bad())
    return make_error(ec::invalid_config, "cannot read --file " + path);
  return lines;
}

// The file's lines as they are (a malformed one too: the job's dead
// letters are worth trying), keyed by their Thing where they have one.
record_writer replay_writer(std::vector<std::string> lines,
                            record_target& target) {
  return [lines = std::move(lines), &target](int64_t index) {
    auto& line = lines[static_cast<size_t>(index)];
    return target.write_record(machines::thing_of(line), line);
  };
}

// Avro records are encoded with the embedded schema: refuse to start if it
// is not the one the job reads, rather than abort at the first record.
caf::error check_sensor_schema(const gen_options& opts) {
  if (opts.job != generated_job::sensors ||
      opts.sensor_payload != sensor_format::avro)
    return {};
  return sensors::check_avro_schema(sensors::avro_schema_json());
}

record_writer writer_for(const gen_options& opts, record_target& target) {
  switch (opts.job) {
  case generated_job::ipdr:
    return ipdr_writer(opts, target);
  case generated_job::sensors:
    return sensors_writer(opts, target);
  case generated_job::telemetry:
    return telemetry_writer(opts, target);
  case generated_job::machines:
    return machines_writer(opts, target);
  default:
    return inventory_writer(opts, target);
  }
}

// Writes records at the target rate; reports the rate once a second.
caf::error generate(const gen_options& opts, record_target& target,
                    const record_writer& write) {
  using clock = std::chrono::steady_clock;
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
    if (auto err = write(written))
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
  auto opts = parse_gen_options({argv + 1, argv + argc});
  if (!opts) {
    std::cerr << "eddy-gen: " << describe(opts.error()) << "\n" << usage;
    return 2;
  }
  if (opts->wants_help) {
    std::cout << usage;
    return 0;
  }
  if (auto err = check_sensor_schema(*opts)) {
    std::cerr << "eddy-gen: " << describe(err) << '\n';
    return 1;
  }
  auto target = make_target(*opts);
  if (!target) {
    std::cerr << "eddy-gen: " << describe(target.error()) << '\n';
    return 1;
  }
  record_writer write;
  if (opts->file.empty()) {
    write = writer_for(*opts, **target);
  } else {
    auto lines = read_lines(opts->file);
    if (!lines) {
      std::cerr << "eddy-gen: " << describe(lines.error()) << '\n';
      return 1;
    }
    auto size = static_cast<int64_t>(lines->size());
    opts->count = opts->count < 0 ? size : std::min(opts->count, size);
    write = replay_writer(std::move(*lines), **target);
  }
  if (auto err = generate(*opts, **target, write)) {
    std::cerr << "eddy-gen: " << describe(err) << '\n';
    return 1;
  }
  return 0;
}
