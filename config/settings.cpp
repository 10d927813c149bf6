// Loads settings from defaults, a .properties file, EDDY_* variables and
// --set overrides, checking every value against its declaration.
#include "config/settings.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>

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
std::string hint(const key_registry& registry, std::string_view unknown,
                 Spell spell) {
  std::string best;
  size_t best_distance = 3; // more than two edits away is no typo
  for (const auto& table : registry)
    for (const auto& spec : table.keys) {
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

/// Sets the keys of EDDY_* variables; says in `ignored` which name none.
caf::error apply_environment(settings& result,
                             const std::vector<std::string>& environment,
                             std::vector<std::string>& ignored) {
  for (const auto& variable : environment) {
    std::string_view text = variable;
    auto equals = text.find('=');
    auto name = text.substr(0, equals);
    if (!name.starts_with(environment_prefix) ||
        equals == std::string_view::npos)
      continue;
    // Keys hold '_' as well as '.', so the name cannot be turned back into
    // a key: compare it with the name of every declared key instead.
    const key_spec* match = nullptr;
    for (const auto& table : result.registry())
      for (const auto& spec : table.keys)
        if (environment_name(spec.name) == name)
          match = &spec;
    auto source = "environment variable " + std::string{name};
    if (match == nullptr && name.starts_with(kafka_environment_prefix) &&
        name.size() > kafka_environment_prefix.size()) {
      if (auto err =
              result.set(kafka_key_of(name), text.substr(equals + 1), source))
        return err;
      continue;
    }
    // Platforms set EDDY_* variables of their own (Kubernetes sets
    // EDDY_SERVICE_HOST for a Service named eddy): warned about, not fatal.
    if (match == nullptr) {
      ignored.push_back("environment variable " + std::string{name} +
                        " is not a configuration key: ignored" +
                        hint(result.registry(), name, [](std::string_view key) {
                          return environment_name(key);
                        }));
      continue;
    }
    if (auto err = result.set(match->name, text.substr(equals + 1), source))
      return err;
  }
  return {};
}

} // namespace

settings settings::defaults(key_registry registry) {
  settings result{std::move(registry)};
  for (const auto& table : result.registry_)
    for (const auto& spec : table.keys) {
      auto value = parse_value(spec, spec.default_value, "default");
      if (!value) {
        // A bad default is a bug in a key table; a unit test catches it
        // first.
        std::fprintf(stderr, "eddy: %s\n", describe(value.error()).c_str());
        std::abort();
      }
      result.index_.emplace(spec.name, result.entries_.size());
      result.entries_.push_back(entry{&spec, std::move(*value), "default"});
    }
  result.read_.assign(result.entries_.size(), false);
  return result;
}

caf::expected<settings> settings::load(const settings_sources& sources,
                                       key_registry registry) {
  auto result = defaults(std::move(registry));
  if (!sources.config_file.empty())
    if (auto err = apply_file(result, sources.config_file))
      return err;
  if (auto err = apply_environment(result, sources.environment,
                                   result.ignored_variables_))
    return err;
  for (const auto& [key, value] : sources.overrides)
    if (auto err = result.set(key, value, "--set"))
      return err;
  return result;
}

caf::error settings::set(std::string_view key, std::string_view text,
                         std::string_view source) {
  auto index = index_of(key);
  if (!index && is_kafka_key(key)) {
    if (text.empty())
      return make_error(ec::invalid_config,
                        std::string{key} + ": expected a value for librdkafka" +
                            ", got nothing (from " + std::string{source} + ")");
    auto property = std::string{key.substr(kafka_prefix.size())};
    kafka_[property] = std::string{text};
    kafka_origins_[property] = std::string{source};
    return {};
  }
  if (!index)
    return unknown_key(key, source,
                       hint(registry_, key,
                            [](std::string_view k) { return std::string{k}; }));
  auto& target = entries_[*index];
  auto value = parse_value(*target.spec, text, source);
  if (!value)
    return std::move(value.error());
  target.value = std::move(*value);
  target.origin = source;
  read_[*index] = false;
  return {};
}

std::optional<size_t> settings::index_of(std::string_view key) const {
  if (auto i = index_.find(key); i != index_.end())
    return i->second;
  return std::nullopt;
}

const settings::entry& settings::at(std::string_view key,
                                    const char* getter) const {
  auto index = index_of(key);
  if (!index)
    misuse(getter, key, "no such key is declared in this process's keys");
  read_[*index] = true;
  return entries_[*index];
}

std::vector<std::string> settings::unused() const {
  std::vector<std::string> result;
  for (size_t i = 0; i < entries_.size(); ++i) {
    auto& e = entries_[i];
    if (e.origin == "default" || read_[i])
      continue;
    // A full configuration file sets every key; one left at its default
    // changes nothing, whether read or not.
    auto fallback = parse_value(*e.spec, e.spec->default_value, "default");
    if (fallback && *fallback == e.value)
      continue;
    result.push_back(std::string{e.spec->name} + " (from " + e.origin + ")");
  }
  if (!is_kafka_read_)
    for (auto& [property, origin] : kafka_origins_)
      result.push_back("kafka." + property + " (from " + origin + ")");
  return result;
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
  is_kafka_read_ = true;
  return kafka_;
}

const std::string& settings::origin(std::string_view key) const {
  // Saying where a value came from is not using it: no read is marked.
  auto index = index_of(key);
  if (!index)
    misuse("origin", key, "no such key is declared in this process's keys");
  return entries_[*index].origin;
}

} // namespace eddy
