// simdjson's DOM parser validates the whole document, so bad JSON anywhere
// in a state is a dead letter, then one pass over its fields splits it.
#include "apps/machines/machine_state.hpp"

#include <cmath>
#include <cstdint>
#include <optional>

#include <simdjson.h>

#include "messages/error.hpp"

namespace eddy::machines {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

caf::error malformed(std::string text) {
  return make_error(ec::malformed_record, std::move(text));
}

/// `value` as JSON, cut short (not inside a UTF-8 character).
std::string shown(element value) {
  size_t most = 40;
  auto text = simdjson::minify(value);
  if (text.size() <= most)
    return text;
  while (most > 0 && (static_cast<unsigned char>(text[most]) & 0xc0) == 0x80)
    --most;
  return text.replace(most, std::string::npos, "...");
}

std::optional<double> number_of(element value) {
  switch (value.type()) {
  case element_type::INT64:
    return static_cast<double>(int64_t(value));
  case element_type::UINT64:
    return static_cast<double>(uint64_t(value));
  case element_type::DOUBLE:
    return double(value);
  default:
    return std::nullopt;
  }
}

// Seed timestamps are integers; a double is taken when it is one.
std::optional<int64_t> time_of(element value) {
  if (value.type() == element_type::INT64)
    return int64_t(value);
  auto number = number_of(value);
  if (!number || std::trunc(*number) != *number || std::abs(*number) > 9e15)
    return std::nullopt;
  return static_cast<int64_t>(*number);
}

class state_reader {
public:
  caf::error read(simdjson::dom::object state, std::vector<reading>& out) {
    for (auto [name, value] : state)
      if (auto err = read_field(name, value))
        return err;
    if (thing_.empty())
      return malformed("required field 'Thing' is missing");
    if (!time_)
      return malformed("required field 'Timestamp' is missing");
    for (auto& [quantity, result] : quantities_)
      out.push_back(
          make_reading(thing_, std::string{quantity}, *time_, result));
    return {};
  }

private:
  caf::error read_field(std::string_view name, element value) {
    if (name == "Thing") {
      std::string_view text;
      if (value.get(text) != simdjson::SUCCESS || text.empty())
        return malformed("field 'Thing': expected a non-empty string, got " +
                         shown(value));
      thing_ = text;
    } else if (name == "Timestamp") {
      time_ = time_of(value);
      if (!time_)
        return malformed("field 'Timestamp': expected integral epoch ms, got " +
                         shown(value));
    } else if (name != "id") {
      auto result = number_of(value);
      if (!result)
        return malformed("quantity '" + std::string{name} +
                         "': expected a number, got " + shown(value));
      quantities_.emplace_back(name, *result);
    }
    return {};
  }

  std::string thing_;
  std::optional<int64_t> time_;
  std::vector<std::pair<std::string_view, double>> quantities_;
};

} // namespace

caf::error split_state(std::string_view json, std::vector<reading>& out) {
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (auto error = parser.parse(json.data(), json.size()).get(doc))
    return malformed(std::string{"invalid JSON: "} +
                     simdjson::error_message(error));
  simdjson::dom::object state;
  if (doc.get(state) != simdjson::SUCCESS)
    return malformed("a machine state must be a JSON object, got " +
                     shown(doc));
  return state_reader{}.read(state, out);
}

std::string thing_of(std::string_view json) {
  thread_local simdjson::dom::parser parser;
  std::string_view thing;
  if (parser.parse(json.data(), json.size())["Thing"].get(thing) !=
      simdjson::SUCCESS)
    return {};
  return std::string{thing};
}

} // namespace eddy::machines
