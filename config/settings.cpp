// Loads settings from defaults, a .properties file, EDDY_* variables and
// --set overrides, checking every value against its declaration.
#include "config/settings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

#include "config/keys.hpp"
#include "config/properties.hpp"
#include "messages/error.hpp"

namespace eddy {

namespace {

constexpr std::string_view environment_prefix = "EDDY_";

// Keys under this prefix are not declared: they go to librdkafka unchanged.
constexpr std::string_view kafka_prefix = "kafka.";
constexpr std::string_view kafka_environment_prefix = "EDDY_KAFKA_";

bool is_kafka_key(std::string_view key) {
  return key.starts_with(kafka_prefix) && key.size() > kafka_prefix.size();
}

/// EDDY_KAFKA_BOOTSTRAP_SERVERS -> kafka.bootstrap.servers (librdkafka
/// property names use dots and lower case).
std::string kafka_key_of(std::string_view name) {
  std::string key{kafka_prefix};
  for (char c : name.substr(kafka_environment_prefix.size()))
    key.push_back(c == '_' ? '.'
                           : static_cast<char>(
                                 std::tolower(static_cast<unsigned char>(c))));
  return key;
}

size_t index_of(const key_spec* spec) {
  return static_cast<size_t>(spec - declared_keys().data());
}

/// The edit distance between `a` and `b`, for "did you mean" hints.
size_t distance(std::string_view a, std::string_view b) {
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j)
    row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

/// "; did you mean 'http.port'?" for a near miss, else nothing. `spell`
/// turns a declared key into the form the user typed it in.
template <class Spell>
std::string hint(std::string_view unknown, Spell spell) {
  std::string best;
  size_t best_distance = 3; // more than two edits away is no typo
  for (const auto& spec : declared_keys()) {
    std::string candidate = spell(spec.name);
    if (auto d = distance(unknown, candidate); d < best_distance) {
      best_distance = d;
      best = std::move(candidate);
    }
  }
  return best.empty() ? std::string{} : "; did you mean '" + best + "'?";
}

caf::error unknown_key(std::string_view key, std::string_view source,
                       std::string suggestion) {
  return make_error(ec::invalid_config,
                    "unknown configuration key '" + std::string{key} +
                        "' (from " + std::string{source} + ")" + suggestion);
}

[[noreturn]] void misuse(const char* getter, std::string_view key,
                         const char* problem) {
  std::fprintf(stderr, "eddy: settings::%s(\"%.*s\"): %s\n", getter,
               static_cast<int>(key.size()), key.data(), problem);
  std::abort();
}

caf::error apply_file(settings& result, const std::string& path) {
  auto entries = read_properties_file(path);
  if (!entries)
    return std::move(entries.error());
  for (const auto& entry : *entries) {
    auto source = path + " line " + std::to_string(entry.line);
    if (auto err = result.set(entry.key, entry.value, source))
      return err;
  }
  return {};
}

caf::error apply_environment(settings& result,
                             const std::vector<std::string>& environment) {
  for (const auto& variable : environment) {
    std::string_view text = variable;
    auto equals = text.find('=');
    auto name = text.substr(0, equals);
    if (!name.starts_with(environment_prefix) ||
        equals == std::string_view::npos)
      continue;
    // Keys hold '_' as well as '.', so the name cannot be turned back into
    // a key: compare it with the name of every declared key instead.
    auto keys = declared_keys();
    auto match = std::find_if(keys.begin(), keys.end(), [&](const auto& spec) {
      return environment_name(spec.name) == name;
    });
    auto source = "environment variable " + std::string{name};
    if (match == keys.end() && name.starts_with(kafka_environment_prefix) &&
        name.size() > kafka_environment_prefix.size()) {
      if (auto err =
              result.set(kafka_key_of(name), text.substr(equals + 1), source))
        return err;
      continue;
    }
    if (match == keys.end())
      return unknown_key(name, "the environment",
                         hint(name, [](std::string_view key) {
                           return environment_name(key);
                         }));
    if (auto err = result.set(match->name, text.substr(equals + 1), source))
      return err;
  }
  return {};
}

} // namespace

settings settings::defaults() {
  settings result;
  for (const auto& spec : declared_keys()) {
    auto value = parse_value(spec, spec.default_value, "default");
    if (!value) {
      // A bad default is a bug in keys.cpp; a unit test catches it first.
      std::fprintf(stderr, "eddy: %s\n", describe(value.error()).c_str());
      std::abort();
    }
    result.entries_.push_back(entry{std::move(*value), "default"});
  }
  return result;
}

caf::expected<settings> settings::load(const settings_sources& sources) {
  auto result = defaults();
  if (!sources.config_file.empty())
    if (auto err = apply_file(result, sources.config_file))
      return err;
  if (auto err = apply_environment(result, sources.environment))
    return err;
  for (const auto& [key, value] : sources.overrides)
    if (auto err = result.set(key, value, "--set"))
      return err;
  return result;
}

caf::error settings::set(std::string_view key, std::string_view text,
                         std::string_view source) {
  const auto* spec = find_key(key);
  if (spec == nullptr && is_kafka_key(key)) {
    if (text.empty())
      return make_error(ec::invalid_config,
                        std::string{key} + ": expected a value for librdkafka" +
                            ", got nothing (from " + std::string{source} + ")");
    kafka_[std::string{key.substr(kafka_prefix.size())}] = std::string{text};
    return {};
  }
  if (spec == nullptr)
    return unknown_key(key, source, hint(key, [](std::string_view k) {
                         return std::string{k};
                       }));
  auto value = parse_value(*spec, text, source);
  if (!value)
    return std::move(value.error());
  auto& target = entries_[index_of(spec)];
  target.value = std::move(*value);
  target.origin = source;
  return {};
}

const settings::entry& settings::at(std::string_view key,
                                    const char* getter) const {
  const auto* spec = find_key(key);
  if (spec == nullptr)
    misuse(getter, key, "no such key is declared in config/keys.cpp");
  return entries_[index_of(spec)];
}

const std::string& settings::get_string(std::string_view key) const {
  const auto* value = std::get_if<std::string>(&at(key, "get_string").value);
  if (value == nullptr)
    misuse("get_string", key, "the key is not a string or choice key");
  return *value;
}

int64_t settings::get_int(std::string_view key) const {
  const auto& value = at(key, "get_int").value;
  // The *.ms keys were integer keys before they became duration keys; until
  // every caller reads them with get_duration, get_int answers milliseconds.
  if (const auto* duration = std::get_if<std::chrono::milliseconds>(&value))
    return duration->count();
  const auto* number = std::get_if<int64_t>(&value);
  if (number == nullptr)
    misuse("get_int", key, "the key is not an integer key");
  return *number;
}

double settings::get_double(std::string_view key) const {
  const auto* value = std::get_if<double>(&at(key, "get_double").value);
  if (value == nullptr)
    misuse("get_double", key, "the key is not a real key");
  return *value;
}

bool settings::get_bool(std::string_view key) const {
  const auto* value = std::get_if<bool>(&at(key, "get_bool").value);
  if (value == nullptr)
    misuse("get_bool", key, "the key is not a boolean key");
  return *value;
}

std::chrono::milliseconds settings::get_duration(std::string_view key) const {
  const auto* value =
      std::get_if<std::chrono::milliseconds>(&at(key, "get_duration").value);
  if (value == nullptr)
    misuse("get_duration", key, "the key is not a duration key");
  return *value;
}

const std::map<std::string, std::string>& settings::kafka_properties() const {
  return kafka_;
}

const std::string& settings::origin(std::string_view key) const {
  return at(key, "origin").origin;
}

} // namespace eddy
