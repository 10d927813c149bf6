// Computes the machines job's expected outputs with nlohmann and linear
// searches, apart from the job's own split, join and codecs.
#include "tests/support/machines_reference.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <optional>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "apps/machines/machine_generator.hpp"

namespace eddy::test {

namespace {

/// A thing's channel's torques and speeds by time (a repeat replaces).
struct channel_series {
  std::map<int64_t, double> torques;
  std::map<int64_t, double> speeds;
};

bool is_close(double want, double got) {
  return want == got ||
         std::abs(want - got) <= 1e-9 * std::max(std::abs(want), std::abs(got));
}

std::string without_prefix(const std::string& name, std::string_view prefix) {
  return name.substr(prefix.size());
}

/// The speed nearest to `time` within `bound`, ties to the earlier.
std::optional<double> nearest_speed(const std::map<int64_t, double>& speeds,
                                    int64_t time, int64_t bound) {
  std::optional<std::pair<int64_t, double>> best;
  for (auto& [at, speed] : speeds) {
    auto distance = std::abs(at - time);
    if (distance > bound)
      continue;
    // Speeds come in time order: an equal distance later is the later tie.
    if (!best || distance < std::abs(best->first - time))
      best = std::pair{at, speed};
  }
  if (!best)
    return std::nullopt;
  return best->second;
}

std::string state_text(const nlohmann::json& state) {
  return state.dump();
}

} // namespace

void machines_workload::add(const std::string& thing, const std::string& json) {
  things.push_back(thing);
  states.push_back(json);
  expected = expected_outputs(states);
}

machines_expectation expected_outputs(const std::vector<std::string>& states,
                                      join_rules rules, bool is_joining_late) {
  machines_expectation out;
  std::map<std::pair<std::string, std::string>, channel_series> channels;
  std::optional<int64_t> newest;
  for (auto& text : states) {
    auto state = nlohmann::json::parse(text);
    auto thing = state.at("Thing").get<std::string>();
    auto time = state.at("Timestamp").get<int64_t>();
    bool is_late = newest && time <= *newest - rules.out_of_orderness_ms - 1;
    newest = std::max(newest.value_or(time), time);
    for (auto& [name, value] : state.items()) {
      if (name == "Thing" || name == "Timestamp" || name == "id")
        continue;
      auto result = value.get<double>();
      out.data[{thing + "." + name, time}] = result;
      bool is_torque = name.starts_with("vaTorque_");
      bool is_speed = name.starts_with("actSpeed_");
      if (!is_torque && !is_speed)
        continue;
      if (is_late) {
        ++out.late;
        if (!is_joining_late)
          continue;
      }
      auto channel =
          without_prefix(name, is_torque ? "vaTorque_" : "actSpeed_");
      auto& series = channels[{thing, channel}];
      (is_torque ? series.torques : series.speeds)[time] = result;
    }
  }
  for (auto& [thing_channel, series] : channels) {
    auto& [thing, channel] = thing_channel;
    for (auto& [time, torque] : series.torques) {
      auto speed = nearest_speed(series.speeds, time, rules.bound_ms);
      if (!speed) {
        ++out.unmatched;
        continue;
      }
      auto watts = std::abs(torque * *speed * 2.0 * std::numbers::pi / 60.0);
      out.powers[{thing + ".vaPower_" + channel, time}] =
          std::min(watts, rules.power_cap);
    }
  }
  return out;
}

machines_workload make_machines_workload(int64_t count, int64_t first_ms,
                                         int64_t step_ms) {
  machines::machine_generator make{{42, 4, 4}};
  std::vector<nlohmann::json> made;
  for (int64_t i = 0; i < count; ++i) {
    std::string json;
    make.state_json(static_cast<uint64_t>(i), first_ms + i * step_ms, json);
    auto state = nlohmann::json::parse(json);
    if (i % 40 == 7)
      state["vaTorque_C99"] = 10.0 + static_cast<double>(i % 13);
    made.push_back(std::move(state));
  }
  std::vector<size_t> order(made.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  for (size_t i = 0; i + 1 < order.size(); i += 10)
    std::swap(order[i], order[i + 1]);
  for (size_t i = 5; i + 4 < order.size(); i += 37)
    std::rotate(order.begin() + static_cast<ptrdiff_t>(i),
                order.begin() + static_cast<ptrdiff_t>(i + 1),
                order.begin() + static_cast<ptrdiff_t>(i + 5));
  machines_workload w;
  int64_t newest = 0;
  for (auto i : order) {
    auto time = made[i]["Timestamp"].get<int64_t>();
    if (time < newest)
      ++w.out_of_order;
    newest = std::max(newest, time);
    w.things.push_back(made[i]["Thing"].get<std::string>());
    w.states.push_back(state_text(made[i]));
  }
  // Carries the watermark past the last torque plus the bound.
  nlohmann::json last{{"Thing", "R0815"},
                      {"Timestamp", newest + 3000},
                      {"id", count},
                      {"actPosition_C11", 1.5}};
  w.things.push_back("R0815");
  w.states.push_back(state_text(last));
  w.expected = expected_outputs(w.states);
  return w;
}

void add_late_state(machines_workload& w) {
  int64_t newest = 0;
  for (auto& text : w.states)
    newest = std::max(newest,
                      nlohmann::json::parse(text)["Timestamp"].get<int64_t>());
  // The latest torque at least 8 s behind the newest whose state has no
  // speed of its channel, joined.
  for (auto at = w.states.rbegin(); at != w.states.rend(); ++at) {
    auto state = nlohmann::json::parse(*at);
    auto time = state["Timestamp"].get<int64_t>();
    if (time > newest - 8000)
      continue;
    auto thing = state["Thing"].get<std::string>();
    for (auto& [name, value] : state.items()) {
      if (!name.starts_with("vaTorque_"))
        continue;
      auto channel = without_prefix(name, "vaTorque_");
      if (state.contains("actSpeed_" + channel) ||
          !w.expected.powers.contains({thing + ".vaPower_" + channel, time}))
        continue;
      nlohmann::json late{{"Thing", thing},
                          {"Timestamp", time + 1},
                          {"id", 999999},
                          {name, 55.5},
                          {"actSpeed_" + channel, 2222.5}};
      w.add(thing, state_text(late));
      return;
    }
  }
  throw std::logic_error("add_late_state: no torque 8 s behind the newest");
}

std::string differences(const readings_by_id& expected,
                        const std::vector<std::string>& json_readings,
                        const std::vector<std::string>& keys) {
  std::string diffs;
  auto note = [&diffs](const std::string& text) {
    if (diffs.size() < 2000)
      diffs += text + "\n";
  };
  std::map<reading_id, std::string> copies;
  readings_by_id actual;
  for (size_t i = 0; i < json_readings.size(); ++i) {
    auto& text = json_readings[i];
    auto r = nlohmann::json::parse(text, nullptr, false);
    if (!r.is_object() || !r.contains("thing") || !r.contains("quantity") ||
        !r.contains("phenomenonTime") || !r.contains("result")) {
      note("not a reading: " + text);
      continue;
    }
    reading_id id{r["thing"].get<std::string>() + "." +
                      r["quantity"].get<std::string>(),
                  r["phenomenonTime"].get<int64_t>()};
    if (!keys.empty() && keys[i] != id.first)
      note("key " + keys[i] + " of " + text);
    auto [copy, is_first] = copies.emplace(id, text);
    if (!is_first) {
      if (copy->second != text)
        note("copies differ: " + copy->second + " and " + text);
      continue;
    }
    actual[id] = r["result"].get<double>();
  }
  return diffs + differences(expected, actual);
}

std::string differences(const readings_by_id& expected,
                        const readings_by_id& actual) {
  std::string diffs;
  auto note = [&diffs](const std::string& text) {
    if (diffs.size() < 2000)
      diffs += text + "\n";
  };
  auto name = [](const reading_id& id) {
    return id.first + " at " + std::to_string(id.second);
  };
  for (auto& [id, result] : actual) {
    auto want = expected.find(id);
    if (want == expected.end())
      note("unexpected: " + name(id) + " = " + std::to_string(result));
    else if (!is_close(want->second, result))
      note("differs: " + name(id) + " = " + std::to_string(result) +
           ", expected " + std::to_string(want->second));
  }
  for (auto& [id, result] : expected)
    if (!actual.contains(id))
      note("missing: " + name(id) + " = " + std::to_string(result));
  return diffs;
}

} // namespace eddy::test
