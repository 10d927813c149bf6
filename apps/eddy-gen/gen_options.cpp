// Parses eddy-gen's flags into gen_options, then checks that each flag given
// applies to the job chosen.
#include "apps/eddy-gen/gen_options.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "messages/error.hpp"

namespace eddy::gen {

const std::string_view usage = R"(usage: eddy-gen [options]
Writes a job's input records, one record at a time.
  --job J              inventory: the inventory's transactions (default);
                       ipdr: IPDR records (seed 000, JSON); sensors: IoT
                       sensor readings (seed 001); telemetry: telemetry
                       events as the seed's MQTT publisher's JSON (seed 004);
                       machines: machine states as the seed's simulator's
                       JSON (seed 003)
  --rate R             records per second, 0 = as fast as possible (1000)
  --count C            records to write, -1 = forever (-1)
  --seed S             random seed (42); the same seed makes the same records
                       (IPDR times follow the clock: the past two hours;
                       sensor timestamps are the clock's)
inventory only:
  --num-items N        distinct items (default 1000)
  --queries SHARE      share of queries among the records, 0..1 (0)
  --format text|json   the seed's tab-delimited text or JSON (text)
ipdr only:
  --macs N             distinct modems, cmMacAddr MACADDR<n> (50000)
  --mac-offset N       the first modem's number n (0)
sensors only:
  --format json|avro   the seed producer's JSON, or raw binary Avro records
                       of SensorData.avsc (json); Avro needs --kafka or --mqtt
  --sensors N          distinct sensors, sensorId n (100000)
  --sensor-offset N    the first sensor's number n (0); the last must be at
                       most 2147483647 (sensorId is an Avro int)
telemetry only:
  --sensors N          distinct sensors, sensor-<n> (1000)
  --duplicates SHARE   share of events repeating their sensor's previous
                       event, 0..1 (0.02)
  --out-of-range SHARE share of events with a value outside their type's
                       range, 0..1 (0.01)
machines only:
  --machines N         distinct machines, Thing R0815, R0816, ... (4)
  --channels N         channels per machine, C11, C12, ..., each with a
                       torque and a speed, 1..81 (4)
  --file PATH          replay PATH's lines (e.g. the seed's events.json) as
                       they are, once, instead of generating states; blank
                       lines skipped; --count caps the lines
                       Generated states are the same for the same --seed but
                       their Timestamp: the wall clock (ms) when each is
                       made, as the seed's simulator's (at its 1,000/s:
                       --rate 1000)
targets (default: stdout):
  --kafka HOST:PORT    to Kafka: --topic T (transaction.log.1, ipdr_input
                       for ipdr, iot-sensor-data for sensors, raw_telemetry
                       for telemetry, machine.states for machines: the job
                       reads machines.input.topic, which has no default);
                       transactions keyed by item, IPDR records by their
                       number 1, 2, ... as the seed's producer, readings by
                       their sensorId, telemetry events by
                       site_id:asset_id:sensor_id, machine states by their
                       Thing;
                       queries to --query-topic Q (query.input.log.1)
  --mqtt URI           to MQTT with QoS 1: --mqtt-topic T (eddy/transactions,
                       machine/states for machines: the job's default);
                       telemetry events each on their sensor's topic
                       telemetry/{site}/{asset}/{TYPE}, as the seed's
  --http HOST:PORT     POST to Eddy's /v1/transactions (JSON; inventory only)
  --socket PORT        listen on 127.0.0.1:PORT and write the lines to every
                       client that connects (as `nc -lk PORT` would feed a
                       socket source); waits while no client is connected
)";

namespace {

// The flags only some jobs take, by job; every other flag applies to all.
constexpr std::array inventory_flags = {
    std::string_view{"--num-items"}, std::string_view{"--queries"},
    std::string_view{"--format"}, std::string_view{"--query-topic"},
    std::string_view{"--http"}};

constexpr std::array ipdr_flags = {std::string_view{"--macs"},
                                   std::string_view{"--mac-offset"}};

constexpr std::array sensors_flags = {std::string_view{"--format"},
                                      std::string_view{"--sensors"},
                                      std::string_view{"--sensor-offset"}};

constexpr std::array telemetry_flags = {std::string_view{"--sensors"},
                                        std::string_view{"--duplicates"},
                                        std::string_view{"--out-of-range"}};

constexpr std::array machines_flags = {std::string_view{"--machines"},
                                       std::string_view{"--channels"},
                                       std::string_view{"--file"}};

// The machine generator's flags, which a replayed --file does not take.
constexpr std::array generator_flags = {std::string_view{"--machines"},
                                        std::string_view{"--channels"},
                                        std::string_view{"--seed"}};

// C11 .. C99: the seed's channel names have two digits 1-9.
constexpr int64_t most_channels = 81;

constexpr std::array number_flags = {
    std::string_view{"--num-items"},     std::string_view{"--rate"},
    std::string_view{"--count"},         std::string_view{"--seed"},
    std::string_view{"--queries"},       std::string_view{"--macs"},
    std::string_view{"--mac-offset"},    std::string_view{"--sensors"},
    std::string_view{"--sensor-offset"}, std::string_view{"--socket"},
    std::string_view{"--duplicates"},    std::string_view{"--out-of-range"},
    std::string_view{"--machines"},      std::string_view{"--channels"}};

// sensorId is an Avro int: every sensor's number must be one.
constexpr int64_t sensor_id_limit = int64_t{1} << 31;

template <size_t N>
bool is_among(const std::array<std::string_view, N>& flags,
              std::string_view flag) {
  return std::find(flags.begin(), flags.end(), flag) != flags.end();
}

caf::error invalid(std::string text) {
  return make_error(ec::invalid_config, std::move(text));
}

template <class T>
bool parse_number(std::string_view text, T& out) {
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return err == std::errc{} && end == text.data() + text.size();
}

bool parse_share(std::string_view text, double& out) {
  return parse_number(text, out) && out >= 0 && out <= 1;
}

std::string_view job_name(generated_job job) {
  switch (job) {
  case generated_job::ipdr:
    return "ipdr";
  case generated_job::sensors:
    return "sensors";
  case generated_job::telemetry:
    return "telemetry";
  case generated_job::machines:
    return "machines";
  default:
    return "inventory";
  }
}

bool apply_job(gen_options& opts, std::string_view value) {
  for (auto job :
       {generated_job::inventory, generated_job::ipdr, generated_job::sensors,
        generated_job::telemetry, generated_job::machines})
    if (value == job_name(job)) {
      opts.job = job;
      return true;
    }
  return false;
}

// Sets both jobs' formats: which one applies, and whether the value suits
// that job, is known once every flag is read (check_format).
bool apply_format(gen_options& opts, std::string_view value) {
  opts.format = value == "json" ? record_format::json : record_format::text;
  opts.sensor_payload =
      value == "avro" ? sensor_format::avro : sensor_format::json;
  return value == "text" || value == "json" || value == "avro";
}

bool apply_number(gen_options& opts, std::string_view flag,
                  std::string_view value) {
  if (flag == "--num-items")
    return parse_number(value, opts.num_items) && opts.num_items > 0;
  if (flag == "--rate")
    return parse_number(value, opts.rate);
  if (flag == "--count")
    return parse_number(value, opts.count);
  if (flag == "--seed")
    return parse_number(value, opts.seed);
  if (flag == "--queries")
    return parse_share(value, opts.queries);
  if (flag == "--duplicates")
    return parse_share(value, opts.duplicates);
  if (flag == "--out-of-range")
    return parse_share(value, opts.out_of_range);
  if (flag == "--macs")
    return parse_number(value, opts.macs) && opts.macs > 0;
  if (flag == "--mac-offset")
    return parse_number(value, opts.mac_offset) && opts.mac_offset >= 0;
  if (flag == "--sensors")
    return parse_number(value, opts.sensors) && opts.sensors > 0 &&
           opts.sensors <= sensor_id_limit;
  if (flag == "--machines")
    return parse_number(value, opts.machines) && opts.machines > 0;
  if (flag == "--channels")
    return parse_number(value, opts.channels) && opts.channels > 0 &&
           opts.channels <= most_channels;
  if (flag == "--sensor-offset")
    return parse_number(value, opts.sensor_offset) && opts.sensor_offset >= 0 &&
           opts.sensor_offset < sensor_id_limit;
  return parse_number(value, opts.socket_port) && opts.socket_port > 0;
}

std::string* text_target(gen_options& opts, std::string_view flag) {
  for (auto [name, target] : {std::pair{"--kafka", &opts.kafka},
                              {"--topic", &opts.topic},
                              {"--query-topic", &opts.query_topic},
                              {"--mqtt", &opts.mqtt},
                              {"--mqtt-topic", &opts.mqtt_topic},
                              {"--http", &opts.http},
                              {"--file", &opts.file}})
    if (flag == name)
      return target;
  return nullptr;
}

// Sets the option `flag` names from `value`; fails naming what is wrong.
caf::error apply(gen_options& opts, std::string_view flag,
                 std::string_view value) {
  auto bad_value = [&] {
    return invalid("bad value '" + std::string{value} + "' for " +
                   std::string{flag});
  };
  if (flag == "--job")
    return apply_job(opts, value) ? caf::error{} : bad_value();
  if (flag == "--format")
    return apply_format(opts, value) ? caf::error{} : bad_value();
  if (is_among(number_flags, flag))
    return apply_number(opts, flag, value) ? caf::error{} : bad_value();
  if (auto* target = text_target(opts, flag)) {
    *target = std::string{value};
    return value.empty() ? bad_value() : caf::error{};
  }
  return invalid("unknown option " + std::string{flag});
}

bool takes(generated_job job, std::string_view flag) {
  if (!is_among(inventory_flags, flag) && !is_among(ipdr_flags, flag) &&
      !is_among(sensors_flags, flag) && !is_among(telemetry_flags, flag) &&
      !is_among(machines_flags, flag))
    return true;
  switch (job) {
  case generated_job::ipdr:
    return is_among(ipdr_flags, flag);
  case generated_job::sensors:
    return is_among(sensors_flags, flag);
  case generated_job::telemetry:
    return is_among(telemetry_flags, flag);
  case generated_job::machines:
    return is_among(machines_flags, flag);
  default:
    return is_among(inventory_flags, flag);
  }
}

using given_flags = std::vector<std::pair<std::string_view, std::string_view>>;

// Fails naming the first flag given that the job chosen does not take.
caf::error check_flags_apply(const gen_options& opts,
                             const given_flags& given) {
  for (auto [flag, value] : given)
    if (!takes(opts.job, flag))
      return invalid(std::string{flag} + " does not apply to --job " +
                     std::string{job_name(opts.job)});
  return {};
}

// Fails if --format names the other job's format (text is the inventory's
// only, avro the sensors' only).
caf::error check_format(const gen_options& opts, const given_flags& given) {
  auto is_sensors = opts.job == generated_job::sensors;
  for (auto [flag, value] : given)
    if (flag == "--format" && value == (is_sensors ? "text" : "avro"))
      return invalid("bad value '" + std::string{value} +
                     "' for --format with --job " +
                     std::string{job_name(opts.job)} +
                     (is_sensors ? " (json or avro)" : " (text or json)"));
  return {};
}

// Fails if a sensor's number would not be an int, or Avro's binary records
// would go to a target of lines (stdout, --socket).
caf::error check_sensors(const gen_options& opts) {
  if (opts.job != generated_job::sensors)
    return {};
  if (opts.sensor_offset + opts.sensors > sensor_id_limit)
    return invalid("--sensor-offset " + std::to_string(opts.sensor_offset) +
                   " with --sensors " + std::to_string(opts.sensors) +
                   " makes sensorIds above 2147483647 (an Avro int)");
  if (opts.sensor_payload == sensor_format::avro && opts.kafka.empty() &&
      opts.mqtt.empty())
    return invalid("--format avro writes binary records: it needs --kafka "
                   "or --mqtt, not stdout or --socket");
  return {};
}

bool was_given(const given_flags& given, std::string_view flag) {
  return std::any_of(given.begin(), given.end(),
                     [flag](const auto& x) { return x.first == flag; });
}

// Telemetry events go to their own MQTT topics; --sensors defaults to the
// job's generator's count.
caf::error check_telemetry(gen_options& opts, const given_flags& given) {
  if (opts.job != generated_job::telemetry)
    return {};
  if (was_given(given, "--mqtt-topic"))
    return invalid("--mqtt-topic does not apply to --job telemetry: each "
                   "event goes to telemetry/{site}/{asset}/{TYPE}");
  if (!was_given(given, "--sensors"))
    opts.sensors = telemetry::telemetry_generator_options{}.sensors;
  return {};
}

// Machine states go to the job's MQTT topic unless told otherwise; a file
// replayed takes none of the generator's flags.
caf::error check_machines(gen_options& opts, const given_flags& given) {
  if (opts.job != generated_job::machines)
    return {};
  if (!was_given(given, "--mqtt-topic"))
    opts.mqtt_topic = "machine/states";
  if (opts.file.empty())
    return {};
  for (auto flag : generator_flags)
    if (was_given(given, flag))
      return invalid(std::string{flag} +
                     " does not apply to --file: its states are replayed as "
                     "they are");
  return {};
}

} // namespace

std::string gen_options::record_topic() const {
  if (!topic.empty())
    return topic;
  switch (job) {
  case generated_job::ipdr:
    return "ipdr_input";
  case generated_job::sensors:
    return "iot-sensor-data";
  case generated_job::telemetry:
    return "raw_telemetry";
  case generated_job::machines:
    return "machine.states";
  default:
    return "transaction.log.1";
  }
}

caf::expected<gen_options>
parse_gen_options(const std::vector<std::string_view>& args) {
  gen_options opts;
  given_flags given;
  for (size_t i = 0; i < args.size(); i += 2) {
    auto flag = args[i];
    if (flag == "--help" || flag == "-h") {
      opts.wants_help = true;
      return opts;
    }
    if (i + 1 >= args.size())
      return invalid("option " + std::string{flag} + " needs a value");
    if (auto err = apply(opts, flag, args[i + 1]))
      return err;
    given.emplace_back(flag, args[i + 1]);
  }
  if (auto err = check_flags_apply(opts, given))
    return err;
  if (auto err = check_format(opts, given))
    return err;
  if (auto err = check_sensors(opts))
    return err;
  if (auto err = check_telemetry(opts, given))
    return err;
  if (auto err = check_machines(opts, given))
    return err;
  return opts;
}

} // namespace eddy::gen
