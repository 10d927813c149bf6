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
  --job inventory|ipdr the inventory's transactions (default), or IPDR
                       records (seed 000, JSON)
  --rate R             records per second, 0 = as fast as possible (1000)
  --count C            records to write, -1 = forever (-1)
  --seed S             random seed (42); the same seed makes the same records
                       (IPDR times follow the clock: the past two hours)
inventory only:
  --num-items N        distinct items (default 1000)
  --queries SHARE      share of queries among the records, 0..1 (0)
  --format text|json   the seed's tab-delimited text or JSON (text)
ipdr only:
  --macs N             distinct modems, cmMacAddr MACADDR<n> (50000)
  --mac-offset N       the first modem's number n (0)
targets (default: stdout):
  --kafka HOST:PORT    to Kafka: --topic T (transaction.log.1, or ipdr_input
                       for ipdr); transactions keyed by item, IPDR records by
                       their number 1, 2, ... as the seed's producer; queries
                       to --query-topic Q (query.input.log.1)
  --mqtt URI           to MQTT with QoS 1: --mqtt-topic T (eddy/transactions)
  --http HOST:PORT     POST to Eddy's /v1/transactions (JSON; inventory only)
  --socket PORT        listen on 127.0.0.1:PORT and write the lines to every
                       client that connects (as `nc -lk PORT` would feed a
                       socket source); waits while no client is connected
)";

namespace {

constexpr std::array inventory_only_flags = {
    std::string_view{"--num-items"}, std::string_view{"--queries"},
    std::string_view{"--format"}, std::string_view{"--query-topic"},
    std::string_view{"--http"}};

constexpr std::array ipdr_only_flags = {std::string_view{"--macs"},
                                        std::string_view{"--mac-offset"}};

constexpr std::array number_flags = {
    std::string_view{"--num-items"},  std::string_view{"--rate"},
    std::string_view{"--count"},      std::string_view{"--seed"},
    std::string_view{"--queries"},    std::string_view{"--macs"},
    std::string_view{"--mac-offset"}, std::string_view{"--socket"}};

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

bool apply_choice(gen_options& opts, std::string_view flag,
                  std::string_view value) {
  if (flag == "--job") {
    opts.job = value == "ipdr" ? generated_job::ipdr : generated_job::inventory;
    return value == "ipdr" || value == "inventory";
  }
  opts.format = value == "json" ? record_format::json : record_format::text;
  return value == "json" || value == "text";
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
    return parse_number(value, opts.queries) && opts.queries >= 0 &&
           opts.queries <= 1;
  if (flag == "--macs")
    return parse_number(value, opts.macs) && opts.macs > 0;
  if (flag == "--mac-offset")
    return parse_number(value, opts.mac_offset) && opts.mac_offset >= 0;
  return parse_number(value, opts.socket_port) && opts.socket_port > 0;
}

std::string* text_target(gen_options& opts, std::string_view flag) {
  for (auto [name, target] : {std::pair{"--kafka", &opts.kafka},
                              {"--topic", &opts.topic},
                              {"--query-topic", &opts.query_topic},
                              {"--mqtt", &opts.mqtt},
                              {"--mqtt-topic", &opts.mqtt_topic},
                              {"--http", &opts.http}})
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
  if (flag == "--job" || flag == "--format")
    return apply_choice(opts, flag, value) ? caf::error{} : bad_value();
  if (is_among(number_flags, flag))
    return apply_number(opts, flag, value) ? caf::error{} : bad_value();
  if (auto* target = text_target(opts, flag)) {
    *target = std::string{value};
    return value.empty() ? bad_value() : caf::error{};
  }
  return invalid("unknown option " + std::string{flag});
}

// Fails naming the first flag given that the job chosen does not take.
caf::error check_flags_apply(const gen_options& opts,
                             const std::vector<std::string_view>& given) {
  auto is_ipdr = opts.job == generated_job::ipdr;
  for (auto flag : given)
    if (is_ipdr ? is_among(inventory_only_flags, flag)
                : is_among(ipdr_only_flags, flag))
      return invalid(std::string{flag} + " does not apply to --job " +
                     (is_ipdr ? "ipdr" : "inventory"));
  return {};
}

} // namespace

std::string gen_options::record_topic() const {
  if (!topic.empty())
    return topic;
  return job == generated_job::ipdr ? "ipdr_input" : "transaction.log.1";
}

caf::expected<gen_options>
parse_gen_options(const std::vector<std::string_view>& args) {
  gen_options opts;
  std::vector<std::string_view> given;
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
    given.push_back(flag);
  }
  if (auto err = check_flags_apply(opts, given))
    return err;
  return opts;
}

} // namespace eddy::gen
