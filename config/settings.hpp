// Eddy's loaded configuration: every declared key with a checked, typed value
// from the highest-precedence source that set it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "config/key_spec.hpp"
#include "config/keys.hpp"

namespace eddy {

/// Where settings come from besides the declared defaults, in increasing
/// precedence: the file, then the environment, then the overrides.
struct settings_sources {
  /// A .properties file to read; empty for none.
  std::string config_file;
  /// "NAME=value" entries as in `envp`; only names starting with "EDDY_"
  /// are looked at.
  std::vector<std::string> environment;
  /// key and value of each `--set key=value`, in command-line order (the
  /// last one wins).
  std::vector<std::pair<std::string, std::string>> overrides;
};

class settings {
public:
  /// Every key of `registry` at its default.
  static settings defaults(key_registry registry = {shared_keys()});

  /// Starts from the defaults of `registry`'s keys and applies `sources` in
  /// precedence order.
  /// Fails with `ec::invalid_config` at the first unknown key or bad value,
  /// naming the key and its source ("/etc/eddy.properties line 3",
  /// "environment variable EDDY_HTTP_PORT", "--set"), or naming the file if
  /// it cannot be read. An EDDY_* variable that matches no key is an error.
  [[nodiscard]] static caf::expected<settings>
  load(const settings_sources& sources,
       key_registry registry = {shared_keys()});

  /// Sets `key` to `text` checked against its declaration, and remembers
  /// `source` as its origin. Fails with `ec::invalid_config` for an unknown
  /// key or a bad value, naming `source`; the settings stay unchanged then.
  [[nodiscard]] caf::error set(std::string_view key, std::string_view text,
                               std::string_view source);

  // Typed getters. Asking for an undeclared key or with the wrong getter for
  // the key's kind is a programming error: it prints the misuse and aborts.

  /// The value of a string, choice or secret key.
  const std::string& get_string(std::string_view key) const;

  /// The value of an integer key. For a duration key it answers the value in
  /// milliseconds, for now: callers that read a `*.ms` key with get_int keep
  /// working until they move to get_duration, after which this answers
  /// integer keys only.
  int64_t get_int(std::string_view key) const;

  /// The value of a real key.
  double get_double(std::string_view key) const;

  /// The value of a boolean key.
  bool get_bool(std::string_view key) const;

  /// The value of a duration key (`30s`, `5min`, or plain milliseconds).
  std::chrono::milliseconds get_duration(std::string_view key) const;

  /// Where the value of `key` came from: "default", a file and line, an
  /// environment variable or "--set" (for start-up logs). Aborts for an
  /// undeclared key.
  const std::string& origin(std::string_view key) const;

  /// Every `kafka.*` setting with the prefix removed, for librdkafka
  /// (`kafka.bootstrap.servers` becomes `bootstrap.servers`). These keys are
  /// not declared: librdkafka checks them when a client is made. The
  /// variable EDDY_KAFKA_GROUP_ID sets `kafka.group.id`.
  const std::map<std::string, std::string>& kafka_properties() const;

  /// Whether kafka.`property` is set, without using it (it decides whether
  /// a Kafka source starts).
  bool has_kafka_property(std::string_view property) const {
    return kafka_.contains(std::string{property});
  }

  /// The keys these settings know.
  const key_registry& registry() const noexcept { return registry_; }

  /// The keys set to other than their default that nothing has read since
  /// they were set, as "key (from origin)", kafka.* keys included while
  /// kafka_properties() was never asked: settings with no effect, for a
  /// warning once every job has read its own.
  std::vector<std::string> unused() const;

  /// A sentence for each EDDY_* variable that names no key (ignored), with
  /// a "did you mean" hint when one is close: warnings for start-up.
  const std::vector<std::string>& ignored_variables() const noexcept {
    return ignored_variables_;
  }

private:
  struct entry {
    const key_spec* spec = nullptr;
    setting_value value;
    std::string origin;
  };

  explicit settings(key_registry registry) : registry_(std::move(registry)) {}

  const entry& at(std::string_view key, const char* getter) const;

  // The index of `key`'s entry, or nothing.
  std::optional<size_t> index_of(std::string_view key) const;

  key_registry registry_;

  // One entry per key of the registry, in its order.
  std::vector<entry> entries_;
  std::map<std::string_view, size_t> index_;
  // Whether each entry was read since it was last set.
  mutable std::vector<bool> read_;
  // The kafka.* keys, without the prefix, and where each came from.
  std::map<std::string, std::string> kafka_;
  std::map<std::string, std::string> kafka_origins_;
  mutable bool is_kafka_read_ = false;
  std::vector<std::string> ignored_variables_;
};

} // namespace eddy
