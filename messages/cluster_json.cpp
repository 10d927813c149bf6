// Writes and reads cluster members as JSON with nlohmann (announcements are
// a few a second: clarity over speed).
#include "messages/cluster_json.hpp"

#include <nlohmann/json.hpp>

#include "messages/error.hpp"

namespace eddy {

nlohmann::json to_json(const cluster_member& member) {
  auto partitions = nlohmann::json::array();
  for (auto& p : member.partitions)
    partitions.push_back(
        {{"job", p.job},
         {"topic", p.topic},
         {"partition", p.partition},
         {"lag",
          p.lag == unknown_lag ? nlohmann::json{} : nlohmann::json(p.lag)}});
  return {{"instance", member.instance},
          {"url", member.url},
          {"announcedAt", member.announced_at_ms},
          {"partitions", std::move(partitions)}};
}

nlohmann::json to_json(const cluster_status& status) {
  auto members = nlohmann::json::array();
  for (auto& member : status.members) {
    auto entry = to_json(member);
    entry["self"] = member.instance == status.self;
    members.push_back(std::move(entry));
  }
  return {{"enabled", status.enabled},
          {"group", status.group},
          {"self", status.self},
          {"members", std::move(members)}};
}

caf::expected<cluster_member> read_cluster_member(std::string_view text) {
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded() || !doc.is_object())
    return make_error(ec::malformed_record,
                      "a cluster member is not a JSON object");
  try {
    cluster_member member;
    member.instance = doc.at("instance").get<std::string>();
    member.url = doc.at("url").get<std::string>();
    member.announced_at_ms = doc.at("announcedAt").get<int64_t>();
    for (auto& p : doc.at("partitions"))
      member.partitions.push_back(
          {p.at("job").get<std::string>(), p.at("topic").get<std::string>(),
           p.at("partition").get<int32_t>(),
           p.at("lag").is_null() ? unknown_lag : p.at("lag").get<int64_t>()});
    if (member.instance.empty())
      return make_error(ec::malformed_record,
                        "a cluster member has an empty instance");
    return member;
  } catch (const nlohmann::json::exception& e) {
    return make_error(ec::malformed_record,
                      std::string{"a cluster member is malformed: "} +
                          e.what());
  }
}

} // namespace eddy
