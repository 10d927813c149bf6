// The whole state is validated (bad JSON anywhere in it is a dead letter),
// then one pass over its fields splits it.
#include "apps/machines/machine_state.hpp"

#include <cmath>
#include <cstdint>
#include <optional>

#include "connectors/json/json_fields.hpp"
#include "messages/error.hpp"

namespace eddy::machines {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Seed timestamps are integers; a double is taken when it is one.
std::optional<int64_t> time_of(element value) {
  if (value.type() == element_type::INT64)
    return int64_t(value);
  double number = 0;
  if (value.get(number) != simdjson::SUCCESS || std::trunc(number) != number ||
      std::abs(number) > 9e15)
    return std::nullopt;
  return static_cast<int64_t>(number);
}

class state_reader {
public:
  caf::error read(simdjson::dom::object state, std::vector<reading>& out) {
    for (auto [name, value] : state)
      if (auto err = read_entry(name, value))
        return err;
    if (thing_.empty())
      return missing_field("Thing");
    if (!time_)
      return missing_field("Timestamp");
    for (auto& [quantity, result] : quantities_)
      out.push_back(
          make_reading(thing_, std::string{quantity}, *time_, result));
    return {};
  }

private:
  caf::error read_entry(std::string_view name, element value) {
    if (name == "Thing") {
      std::string_view text;
      if (value.get(text) != simdjson::SUCCESS || text.empty())
        return wrong_field_type(name, "a non-empty string", value);
      thing_ = text;
    } else if (name == "Timestamp") {
      time_ = time_of(value);
      if (!time_)
        return wrong_field_type(name, "integral epoch ms", value);
    } else if (name != "id") {
      double result = 0;
      if (auto err = eddy::read_field(name, value, result))
        return err;
      quantities_.emplace_back(name, result);
    }
    return {};
  }

  std::string thing_;
  std::optional<int64_t> time_;
  std::vector<std::pair<std::string_view, double>> quantities_;
};

} // namespace

caf::error split_state(std::string_view json, std::vector<reading>& out) {
  auto doc = parse_json_document(json);
  if (!doc)
    return doc.error();
  simdjson::dom::object state;
  if (doc->get(state) != simdjson::SUCCESS)
    return make_error(ec::malformed_record,
                      "a machine state must be a JSON object, got " +
                          json_excerpt(*doc));
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
