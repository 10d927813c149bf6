// Configuration: the key table, .properties parsing, the precedence of
// defaults < file < EDDY_* environment < --set, validation and the CLI.
#include "config/settings.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <string>
#include <unistd.h>
#include <vector>

#include "apps/eddy/job_catalog.hpp"
#include "apps/inventory/inventory_options.hpp"
#include "apps/ipdr/ipdr_options.hpp"
#include "apps/machines/machine_options.hpp"
#include "apps/sensors/sensor_options.hpp"
#include "apps/telemetry/telemetry_options.hpp"
#include "config/command_line.hpp"
#include "config/keys.hpp"
#include "config/properties.hpp"
#include "messages/error.hpp"

#ifndef EDDY_SOURCE_DIR
#error "tests need EDDY_SOURCE_DIR, the repository root, to find config/"
#endif

using namespace eddy;
using namespace std::chrono_literals;

namespace {

/// Every key this process knows: the shared ones and every job's.
std::vector<const key_spec*> declared_keys() {
  std::vector<const key_spec*> result;
  for (const auto& table : catalog_keys())
    for (const auto& spec : table.keys)
      result.push_back(&spec);
  return result;
}

/// The keys of `tables`, in order.
std::vector<const key_spec*> keys_of(std::initializer_list<key_table> tables) {
  std::vector<const key_spec*> result;
  for (const auto& table : tables)
    for (const auto& spec : table.keys)
      result.push_back(&spec);
  return result;
}

/// A file with the given text in the temporary directory, removed again when
/// the test ends.
class temp_file {
public:
  explicit temp_file(const std::string& text) {
    static std::atomic<int> counter{0};
    path_ = (std::filesystem::temp_directory_path() /
             ("eddy-settings-test-" + std::to_string(::getpid()) + "-" +
              std::to_string(counter++) + ".properties"))
                .string();
    std::ofstream{path_, std::ios::binary} << text;
  }

  ~temp_file() {
    std::error_code ignored; // a leftover temp file is harmless
    std::filesystem::remove(path_, ignored);
  }

  const std::string& path() const { return path_; }

private:
  std::string path_;
};

template <class T>
std::string error_text(const caf::expected<T>& x) {
  REQUIRE_FALSE(x);
  return describe(x.error());
}

caf::expected<settings> load_with_set(std::string key, std::string value) {
  settings_sources sources;
  sources.overrides.emplace_back(std::move(key), std::move(value));
  return settings::load(sources, catalog_keys());
}

caf::expected<command_line> parse_args(std::vector<const char*> args) {
  args.insert(args.begin(), "eddy");
  return parse_command_line(static_cast<int>(args.size()), args.data(),
                            nullptr);
}

/// The message for a rejected --set of checkpoint.interval.ms, which accepts
/// [10ms, 1h]; `quoted` is the value as the message quotes it.
std::string checkpoint_interval_error(const std::string& quoted) {
  return "invalid_config: checkpoint.interval.ms: expected a duration such "
         "as 500ms, 30s, 5min, 1h or 1d (plain integers are milliseconds) in "
         "[10ms, 1h], got " +
         quoted + " (from --set)";
}

} // namespace

// -- the key table ------------------------------------------------------------

TEST_CASE("every declared default satisfies its own declaration") {
  for (const auto* each : declared_keys()) {
    const auto& spec = *each;
    CAPTURE(spec.name);
    CHECK(parse_value(spec, spec.default_value, "default"));
  }
}

TEST_CASE("every declared key is declared once with a description") {
  std::set<std::string_view> names;
  for (const auto* each : declared_keys()) {
    const auto& spec = *each;
    CAPTURE(spec.name);
    CHECK(names.insert(spec.name).second);
    CHECK_FALSE(spec.description.empty());
  }
}

TEST_CASE("every declared key has an environment variable of its own") {
  std::set<std::string> names;
  for (const auto* spec : declared_keys())
    CHECK(names.insert(environment_name(spec->name)).second);
}

TEST_CASE("a key nobody sets keeps its declared default") {
  auto loaded = settings::load({}, catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_int("http.port") == 8080);
  CHECK(loaded->get_string("http.address") == "127.0.0.1");
  CHECK(loaded->get_double("transaction.failure.rate.min") == 0.5);
  CHECK(loaded->get_string("generator.enabled") == "auto");
  CHECK(loaded->get_string("window.time") == "processing");
  CHECK(loaded->origin("http.port") == "default");
}

/// Checks that the file config/`name` sets each of `keys`, and nothing
/// else, to its default.
void check_sets_defaults(const std::string& name,
                         const std::vector<const key_spec*>& keys) {
  auto path = std::string{EDDY_SOURCE_DIR} + "/config/" + name;
  auto entries = read_properties_file(path);
  REQUIRE(entries);
  std::set<std::string> keys_in_file;
  for (const auto& entry : *entries)
    keys_in_file.insert(entry.key);
  auto from_file = settings::load({path, {}, {}}, catalog_keys());
  REQUIRE(from_file);
  auto defaults = settings::defaults(catalog_keys());
  for (const auto* each : keys) {
    const auto& spec = *each;
    CAPTURE(spec.name);
    CHECK(keys_in_file.count(std::string{spec.name}) == 1);
    switch (spec.kind) {
    case value_kind::string:
    case value_kind::choice:
    case value_kind::secret:
      CHECK(from_file->get_string(spec.name) == defaults.get_string(spec.name));
      break;
    case value_kind::integer:
      CHECK(from_file->get_int(spec.name) == defaults.get_int(spec.name));
      break;
    case value_kind::real:
      CHECK(from_file->get_double(spec.name) == defaults.get_double(spec.name));
      break;
    case value_kind::boolean:
      CHECK(from_file->get_bool(spec.name) == defaults.get_bool(spec.name));
      break;
    case value_kind::duration:
      CHECK(from_file->get_duration(spec.name) ==
            defaults.get_duration(spec.name));
      break;
    }
  }
  CHECK(keys_in_file.size() == keys.size());
}

TEST_CASE("inventory.properties sets every shared and inventory key to its "
          "default") {
  check_sets_defaults("inventory.properties",
                      keys_of({shared_keys(), inventory_keys()}));
}

TEST_CASE("ipdr.properties sets every ipdr key to its default") {
  check_sets_defaults("ipdr.properties", keys_of({ipdr::keys()}));
}

TEST_CASE("sensors.properties sets every sensors key to its default") {
  check_sets_defaults("sensors.properties", keys_of({sensors::keys()}));
}

TEST_CASE("telemetry.properties sets every telemetry key to its default") {
  check_sets_defaults("telemetry.properties", keys_of({telemetry::keys()}));
}

TEST_CASE("machines.properties sets every machines key to its default") {
  check_sets_defaults("machines.properties", keys_of({machines::keys()}));
}

// -- precedence ---------------------------------------------------------------

TEST_CASE("the properties file overrides the declared default") {
  temp_file file{"http.port=9000\n"};
  auto loaded = settings::load({file.path(), {}, {}}, catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_int("http.port") == 9000);
  CHECK(loaded->origin("http.port") == file.path() + " line 1");
}

TEST_CASE("an environment variable overrides the properties file") {
  temp_file file{"http.port=9000\n"};
  auto loaded = settings::load({file.path(), {"EDDY_HTTP_PORT=9100"}, {}},
                               catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_int("http.port") == 9100);
  CHECK(loaded->origin("http.port") == "environment variable EDDY_HTTP_PORT");
}

TEST_CASE("--set overrides the environment and the file") {
  temp_file file{"http.port=9000\n"};
  auto loaded = settings::load(
      {file.path(), {"EDDY_HTTP_PORT=9100"}, {{"http.port", "9200"}}},
      catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_int("http.port") == 9200);
  CHECK(loaded->origin("http.port") == "--set");
}

TEST_CASE("the last --set of a key wins") {
  auto loaded = settings::load(
      {{}, {}, {{"partitions", "2"}, {"partitions", "8"}}}, catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_int("partitions") == 8);
}

// -- environment mapping ------------------------------------------------------

TEST_CASE("a key with dots and underscores maps to its EDDY_ variable") {
  CHECK(environment_name("window.out_of_orderness.ms") ==
        "EDDY_WINDOW_OUT_OF_ORDERNESS_MS");
  auto loaded = settings::load(
      {{}, {"EDDY_WINDOW_OUT_OF_ORDERNESS_MS=250"}, {}}, catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_duration("window.out_of_orderness.ms") == 250ms);
}

TEST_CASE("a dash in a key maps to an underscore in its variable") {
  CHECK(environment_name("kafka.group-id") == "EDDY_KAFKA_GROUP_ID");
}

TEST_CASE("an environment value keeps everything after the first '='") {
  auto loaded =
      settings::load({{}, {"EDDY_STATE_DIR=/data/a=b"}, {}}, catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_string("state.dir") == "/data/a=b");
}

TEST_CASE("variables without the EDDY_ prefix are ignored") {
  CHECK(settings::load({{}, {"PATH=/bin", "EDDYX=1", "HOME"}, {}},
                       catalog_keys()));
}

// -- unknown keys -------------------------------------------------------------

TEST_CASE("an unknown key in the file names the file and the line") {
  temp_file file{"# settings\n\nhtp.port=1\n"};
  CHECK(error_text(settings::load({file.path(), {}, {}}, catalog_keys())) ==
        "invalid_config: unknown configuration key 'htp.port' (from " +
            file.path() + " line 3); did you mean 'http.port'?");
}

TEST_CASE("an unknown EDDY_ variable is ignored with a warning naming it") {
  // What Kubernetes injects for a Service named eddy, and a typo.
  auto loaded = settings::load(
      {{}, {"EDDY_SERVICE_HOST=10.0.0.1", "EDDY_HTTP_PROT=1"}, {}},
      catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->ignored_variables() ==
        std::vector<std::string>{
            "environment variable EDDY_SERVICE_HOST is not a configuration "
            "key: ignored",
            "environment variable EDDY_HTTP_PROT is not a configuration key: "
            "ignored; did you mean 'EDDY_HTTP_PORT'?"});
  CHECK(loaded->get_int("http.port") == 8080);
}

TEST_CASE("a known EDDY_ variable with a bad value still stops start-up") {
  CHECK(error_text(
            settings::load({{}, {"EDDY_HTTP_PORT=http"}, {}}, catalog_keys()))
            .find("EDDY_HTTP_PORT") != std::string::npos);
}

TEST_CASE("an unknown key in --set names --set") {
  CHECK(error_text(load_with_set("no.such.key", "1")) ==
        "invalid_config: unknown configuration key 'no.such.key' (from "
        "--set)");
}

// -- bad values ---------------------------------------------------------------

TEST_CASE("a value that is not an integer names the key and the source") {
  CHECK(error_text(load_with_set("http.port", "abc")) ==
        "invalid_config: http.port: expected an integer in [0, 65535], got "
        "\"abc\" (from --set)");
}

TEST_CASE("an integer outside its bounds names the key and the bounds") {
  CHECK(error_text(load_with_set("partitions", "0")) ==
        "invalid_config: partitions: expected an integer in [1, 1024], got "
        "\"0\" (from --set)");
}

TEST_CASE("an integer with trailing characters is rejected") {
  CHECK(error_text(load_with_set("http.port", "80 # web")) ==
        "invalid_config: http.port: expected an integer in [0, 65535], got "
        "\"80 # web\" (from --set)");
}

TEST_CASE("a real value that is not a number names the key") {
  CHECK(error_text(load_with_set("transaction.failure.rate.min", "half")) ==
        "invalid_config: transaction.failure.rate.min: expected a number in "
        "[0, 1], got \"half\" (from --set)");
}

TEST_CASE("a real value outside its bounds is rejected") {
  CHECK_FALSE(load_with_set("transaction.failure.rate.min", "1.5"));
}

TEST_CASE("nan is not accepted as a real value") {
  CHECK_FALSE(load_with_set("transaction.failure.rate.min", "nan"));
}

TEST_CASE("a real value in bounds is read as a double") {
  auto loaded = load_with_set("transaction.failure.rate.min", "0.25");
  REQUIRE(loaded);
  CHECK(loaded->get_double("transaction.failure.rate.min") == 0.25);
}

TEST_CASE("a boolean other than true or false names the key") {
  CHECK(error_text(load_with_set("socket.enabled", "yes")) ==
        "invalid_config: socket.enabled: expected true or false, got "
        "\"yes\" (from --set)");
}

TEST_CASE("a choice outside the listed values names the choices") {
  CHECK(error_text(load_with_set("window.time", "wall")) ==
        "invalid_config: window.time: expected one of processing|event, "
        "got \"wall\" (from --set)");
}

TEST_CASE("an empty string value is rejected") {
  CHECK(error_text(load_with_set("state.dir", "")) ==
        "invalid_config: state.dir: expected a non-empty string, got \"\" "
        "(from --set)");
}

TEST_CASE("the admin endpoints are off unless configured") {
  auto loaded = settings::defaults(catalog_keys());
  CHECK(loaded.get_string("admin.token").empty());
  CHECK_FALSE(loaded.get_bool("admin.fault_injection"));
}

TEST_CASE("the admin token can be set from the environment") {
  auto loaded = settings::load(
      {{},
       {"EDDY_ADMIN_TOKEN=Zm9v-YmFy_42", "EDDY_ADMIN_FAULT_INJECTION=true"},
       {}},
      catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_string("admin.token") == "Zm9v-YmFy_42");
  CHECK(loaded->get_bool("admin.fault_injection"));
}

TEST_CASE("a rejected secret is not shown in the message") {
  auto text = error_text(load_with_set("admin.token", "hunter2 with space"));
  CHECK(text == "invalid_config: admin.token: expected empty or printable "
                "ASCII without spaces, got a value that is not shown because "
                "the key is secret (from --set)");
  CHECK(text.find("hunter2") == std::string::npos);
}

TEST_CASE("a secret with a control character is rejected") {
  CHECK_FALSE(load_with_set("admin.token", "abc\x01"
                                           "def"));
  CHECK_FALSE(load_with_set("admin.token", "abc\tdef"));
  CHECK_FALSE(load_with_set("admin.token", "caf\xc3\xa9"));
}

TEST_CASE("a secret can be set back to empty") {
  auto loaded = settings::defaults(catalog_keys());
  REQUIRE_FALSE(loaded.set("admin.token", "t0ken", "test"));
  REQUIRE_FALSE(loaded.set("admin.token", "", "test"));
  CHECK(loaded.get_string("admin.token").empty());
}

TEST_CASE("a bad value from the environment names the variable") {
  CHECK(error_text(
            settings::load({{}, {"EDDY_SOCKET_PORT=0"}, {}}, catalog_keys())) ==
        "invalid_config: socket.port: expected an integer in [1, 65535], "
        "got \"0\" (from environment variable EDDY_SOCKET_PORT)");
}

TEST_CASE("a bad value in the file names the file and the line") {
  temp_file file{"http.port = 8080\nbatch.size = lots\n"};
  CHECK(error_text(settings::load({file.path(), {}, {}}, catalog_keys())) ==
        "invalid_config: batch.size: expected an integer in [1, 65536], "
        "got \"lots\" (from " +
            file.path() + " line 2)");
}

TEST_CASE("a rejected set leaves the previous value in place") {
  auto loaded = settings::defaults(catalog_keys());
  CHECK(loaded.set("http.port", "x", "test"));
  CHECK(loaded.get_int("http.port") == 8080);
}

// -- durations ----------------------------------------------------------------

TEST_CASE("a duration accepts ms, s, min, h and d and holds milliseconds") {
  // restart.backoff.reset.ms accepts [0, 1d], room for every unit.
  const std::pair<const char*, std::chrono::milliseconds> cases[] = {
      {"500ms", 500ms}, {"30s", 30s}, {"5min", 5min}, {"1h", 1h}, {"1d", 24h},
  };
  for (const auto& [text, expected] : cases) {
    const char* given = text;
    CAPTURE(given);
    auto loaded = load_with_set("restart.backoff.reset.ms", given);
    REQUIRE(loaded);
    CHECK(loaded->get_duration("restart.backoff.reset.ms") == expected);
  }
}

TEST_CASE("a plain integer duration is milliseconds") {
  auto loaded = load_with_set("checkpoint.interval.ms", "250");
  REQUIRE(loaded);
  CHECK(loaded->get_duration("checkpoint.interval.ms") == 250ms);
}

TEST_CASE("a duration of a declared default reads as milliseconds") {
  CHECK(settings::defaults(catalog_keys())
            .get_duration("checkpoint.interval.ms") == 1s);
}

TEST_CASE("get_int answers a duration key in milliseconds until its callers "
          "move to get_duration") {
  auto loaded = load_with_set("sink.flush.ms", "2s");
  REQUIRE(loaded);
  CHECK(loaded->get_int("sink.flush.ms") == 2000);
}

TEST_CASE("a duration with an unknown unit is rejected naming the key and "
          "the source") {
  // "m" could be minutes or months, so it is no unit.
  CHECK(error_text(load_with_set("checkpoint.interval.ms", "5m")) ==
        checkpoint_interval_error("\"5m\""));
  CHECK_FALSE(load_with_set("checkpoint.interval.ms", "5S"));
  CHECK_FALSE(load_with_set("checkpoint.interval.ms", "5sec"));
  CHECK_FALSE(load_with_set("checkpoint.interval.ms", "5us"));
}

TEST_CASE("a duration with a fraction is rejected naming the key and the "
          "source") {
  CHECK(error_text(load_with_set("checkpoint.interval.ms", "1.5s")) ==
        checkpoint_interval_error("\"1.5s\""));
}

TEST_CASE("a duration with a sign is rejected naming the key and the source") {
  CHECK(error_text(load_with_set("checkpoint.interval.ms", "-5s")) ==
        checkpoint_interval_error("\"-5s\""));
  CHECK_FALSE(load_with_set("checkpoint.interval.ms", "+5s"));
}

TEST_CASE("a duration with a space before its unit is rejected naming the "
          "key and the source") {
  CHECK(error_text(load_with_set("checkpoint.interval.ms", "5 s")) ==
        checkpoint_interval_error("\"5 s\""));
}

TEST_CASE("an empty duration is rejected naming the key and the source") {
  CHECK(error_text(load_with_set("checkpoint.interval.ms", "")) ==
        checkpoint_interval_error("\"\""));
}

TEST_CASE("a unit without a number is rejected as a duration") {
  CHECK(error_text(load_with_set("checkpoint.interval.ms", "s")) ==
        checkpoint_interval_error("\"s\""));
}

TEST_CASE("a duration too large for milliseconds is rejected, not wrapped") {
  // 16359742646388824d is 1024000ms modulo 2^64: wrapped, it would be 1024s
  // and in bounds.
  CHECK(error_text(
            load_with_set("checkpoint.interval.ms", "16359742646388824d")) ==
        checkpoint_interval_error("\"16359742646388824d\""));
  CHECK(error_text(
            load_with_set("checkpoint.interval.ms", "99999999999999999999")) ==
        checkpoint_interval_error("\"99999999999999999999\""));
}

TEST_CASE("a duration outside its bounds is rejected after its unit is "
          "applied") {
  CHECK(error_text(load_with_set("checkpoint.interval.ms", "2h")) ==
        checkpoint_interval_error("\"2h\""));
  CHECK_FALSE(load_with_set("checkpoint.interval.ms", "9ms"));
}

TEST_CASE("a bad duration in the file names the file and the line") {
  temp_file file{"checkpoint.interval.ms = 5 s\n"};
  CHECK(error_text(settings::load({file.path(), {}, {}}, catalog_keys())) ==
        "invalid_config: checkpoint.interval.ms: expected a duration such as "
        "500ms, 30s, 5min, 1h or 1d (plain integers are milliseconds) in "
        "[10ms, 1h], got \"5 s\" (from " +
            file.path() + " line 1)");
}

// -- the .properties format ---------------------------------------------------

TEST_CASE("comments, blank lines and surrounding blanks are skipped") {
  auto entries = parse_properties("# a comment\n"
                                  "! another comment\n"
                                  "\n"
                                  "   \t\n"
                                  "  http.port \t=  9000  \n",
                                  "test");
  REQUIRE(entries);
  REQUIRE(entries->size() == 1);
  CHECK(entries->front().key == "http.port");
  CHECK(entries->front().value == "9000");
  CHECK(entries->front().line == 5);
}

TEST_CASE("a trailing backslash continues the value on the next line") {
  auto entries = parse_properties("state.dir = /var/\\\n"
                                  "            lib/eddy\n"
                                  "partitions=2\n",
                                  "test");
  REQUIRE(entries);
  REQUIRE(entries->size() == 2);
  CHECK(entries->at(0).value == "/var/lib/eddy");
  CHECK(entries->at(0).line == 1);
  CHECK(entries->at(1).line == 3);
}

TEST_CASE("a doubled trailing backslash is a backslash, not a continuation") {
  auto entries = parse_properties("output.dir=C:\\\\\npartitions=2\n", "test");
  REQUIRE(entries);
  REQUIRE(entries->size() == 2);
  CHECK(entries->at(0).value == "C:\\\\");
}

TEST_CASE("a continuation line that starts with # is part of the value") {
  auto entries = parse_properties("socket.host=a\\\n#b\n", "test");
  REQUIRE(entries);
  CHECK(entries->at(0).value == "a#b");
}

TEST_CASE("windows line endings are accepted") {
  auto entries = parse_properties("a=1\r\nb=2\r\n", "test");
  REQUIRE(entries);
  CHECK(entries->at(0).value == "1");
  CHECK(entries->at(1).value == "2");
}

TEST_CASE("a line without '=' is rejected naming the line") {
  CHECK(error_text(parse_properties("a=1\nhttp.port 8080\n", "f.properties")) ==
        "invalid_config: expected key=value, got \"http.port 8080\" (from "
        "f.properties line 2)");
}

TEST_CASE("a key set twice in one file is rejected naming both lines") {
  CHECK(error_text(parse_properties("a=1\nb=2\na=3\n", "f.properties")) ==
        "invalid_config: configuration key 'a' is set twice, first on line "
        "1 (from f.properties line 3)");
}

TEST_CASE("an unreadable configuration file is named in the error") {
  CHECK(error_text(settings::load({"/nonexistent/eddy.properties", {}, {}},
                                  catalog_keys())) ==
        "invalid_config: cannot read configuration file "
        "'/nonexistent/eddy.properties': No such file or directory");
}

// -- the command line ---------------------------------------------------------

TEST_CASE("the command line collects --config and --set in both forms") {
  auto parsed = parse_args({"--config", "a.properties", "--set", "http.port=1",
                            "--set=partitions=2"});
  REQUIRE(parsed);
  CHECK(parsed->sources.config_file == "a.properties");
  using pair = std::pair<std::string, std::string>;
  CHECK(parsed->sources.overrides ==
        std::vector<pair>{{"http.port", "1"}, {"partitions", "2"}});
  CHECK_FALSE(parsed->wants_help);
}

TEST_CASE("--config=FILE is accepted") {
  auto parsed = parse_args({"--config=b.properties"});
  REQUIRE(parsed);
  CHECK(parsed->sources.config_file == "b.properties");
}

TEST_CASE("the command line captures the environment it is given") {
  const char* argv[] = {"eddy", nullptr};
  const char* envp[] = {"EDDY_PARTITIONS=3", "HOME=/root", nullptr};
  auto parsed = parse_command_line(1, argv, envp);
  REQUIRE(parsed);
  CHECK(parsed->sources.environment ==
        std::vector<std::string>{"EDDY_PARTITIONS=3", "HOME=/root"});
  auto loaded = settings::load(parsed->sources, catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->get_int("partitions") == 3);
}

TEST_CASE("--help and -h ask for the help text") {
  CHECK(parse_args({"--help"})->wants_help);
  CHECK(parse_args({"-h"})->wants_help);
}

TEST_CASE("an unknown option is rejected naming it") {
  CHECK(error_text(parse_args({"--verbose"})) ==
        "invalid_config: unknown option \"--verbose\"; try --help");
}

TEST_CASE("a positional argument is rejected naming it") {
  CHECK(error_text(parse_args({"job.properties"})) ==
        "invalid_config: unexpected argument \"job.properties\"; try "
        "--help");
}

TEST_CASE("an option at the end without its value is rejected") {
  CHECK(error_text(parse_args({"--config"})) ==
        "invalid_config: option --config needs a value; try --help");
}

TEST_CASE("--set without '=' is rejected") {
  CHECK(error_text(parse_args({"--set", "http.port"})) ==
        "invalid_config: option --set expects key=value, got "
        "\"http.port\"; try --help");
}

TEST_CASE("--set with an empty key is rejected") {
  CHECK_FALSE(parse_args({"--set", "=5"}));
}

TEST_CASE("a second --config is rejected") {
  CHECK(error_text(parse_args({"--config", "a", "--config", "b"})) ==
        "invalid_config: option --config given twice; try --help");
}

TEST_CASE("the help text lists every key with its default and description") {
  auto text = help_text(catalog_keys());
  for (const auto* each : declared_keys()) {
    const auto& spec = *each;
    CAPTURE(spec.name);
    auto line = "  " + std::string{spec.name} + " = " +
                std::string{spec.default_value} + "\n";
    CHECK(text.find(line) != std::string::npos);
    CHECK(text.find(spec.description) != std::string::npos);
    CHECK(text.find(environment_name(spec.name)) != std::string::npos);
  }
}

TEST_CASE("the help text says what a duration key accepts") {
  auto text = help_text(catalog_keys());
  CHECK(text.find("Durations take a unit: 500ms, 30s, 5min, 1h or 1d; a "
                  "plain integer is\nmilliseconds.") != std::string::npos);
  CHECK(text.find("(a duration such as 500ms, 30s, 5min, 1h or 1d (plain "
                  "integers are milliseconds) in [10ms, 1h]; "
                  "EDDY_CHECKPOINT_INTERVAL_MS)") != std::string::npos);
}

// -- kafka.* pass-through -----------------------------------------------------

TEST_CASE("kafka.* keys pass to librdkafka without the prefix") {
  temp_file file{"kafka.bootstrap.servers=127.0.0.1:9092\n"};
  auto loaded = settings::load({file.path(), {}, {{"kafka.group.id", "eddy"}}},
                               catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->kafka_properties() ==
        std::map<std::string, std::string>{
            {"bootstrap.servers", "127.0.0.1:9092"}, {"group.id", "eddy"}});
}

TEST_CASE("an EDDY_KAFKA_ variable sets the kafka.* key with dots") {
  auto loaded = settings::load(
      {{},
       {"EDDY_KAFKA_BOOTSTRAP_SERVERS=kafka:9092", "EDDY_KAFKA_GROUP_ID=g"},
       {}},
      catalog_keys());
  REQUIRE(loaded);
  CHECK(loaded->kafka_properties().at("bootstrap.servers") == "kafka:9092");
  CHECK(loaded->kafka_properties().at("group.id") == "g");
}

TEST_CASE("a kafka.* key without a value is rejected naming it") {
  CHECK(
      error_text(load_with_set("kafka.group.id", "")).find("kafka.group.id") !=
      std::string::npos);
}
