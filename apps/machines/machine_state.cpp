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
  caf::expected<machine_state> read(simdjson::dom::object fields) {
    // Thing, Timestamp and id aside, every field is a quantity.
    state_.quantities.reserve(fields.size());
    for (auto [name, value] : fields)
      if (auto err = read_entry(name, value))
        return err;
    if (state_.thing.empty())
      return missing_field("Thing");
    if (!time_)
      return missing_field("Timestamp");
    state_.time_ms = *time_;
    return std::move(state_);
  }

private:
  caf::error read_entry(std::string_view name, element value) {
    if (name == "Thing") {
      std::string_view text;
      if (value.get(text) != simdjson::SUCCESS || text.empty())
        return wrong_field_type(name, "a non-empty string", value);
      state_.thing = text;
    } else if (name == "Timestamp") {
      time_ = time_of(value);
      if (!time_)
        return wrong_field_type(name, "integral epoch ms", value);
    } else if (name != "id") {
      double result = 0;
      if (auto err = eddy::read_field(name, value, result))
        return err;
      state_.quantities.push_back({std::string{name}, result});
    }
    return {};
  }

  machine_state state_;
  std::optional<int64_t> time_;
};

} // namespace

caf::expected<machine_state> read_state(std::string_view json) {
  auto doc = parse_json_document(json);
  if (!doc)
    return doc.error();
  simdjson::dom::object fields;
  if (doc->get(fields) != simdjson::SUCCESS)
    return make_error(ec::malformed_record,
                      "a machine state must be a JSON object, got " +
                          json_excerpt(*doc));
  return state_reader{}.read(fields);
}

void split(const machine_state& state, std::vector<reading>& out) {
  for (auto& q : state.quantities)
    out.push_back({state.thing, q.name, state.time_ms, q.value, route::data});
}

caf::error split_state(std::string_view json, std::vector<reading>& out) {
  auto state = read_state(json);
  if (!state)
    return std::move(state.error());
  split(*state, out);
  return {};
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
