// Writes the IPDR rollup's records as JSON. Outputs are one per (modem,
// hour) and window, far fewer than inputs: nlohmann's ordered_json keeps
// the seed's field order and escapes the strings.
#include "apps/ipdr/ipdr_record.hpp"

#include <nlohmann/json.hpp>

namespace eddy::ipdr {

std::string key_of(std::string_view mac, int32_t hour) {
  std::string key;
  key.reserve(mac.size() + 3);
  key.append(mac).push_back('|');
  key.append(std::to_string(hour));
  return key;
}

void format_json(const usage& x, std::string& out) {
  nlohmann::ordered_json j;
  j["hourUsage"] = x.hour;
  j["cmtshost"] = x.cmts_host;
  j["scn"] = x.scn;
  j["mac"] = x.mac;
  j["usage"] = x.octets;
  out += j.dump();
}

void format_json(const record& x, std::string& out) {
  nlohmann::ordered_json j;
  j["cmMacAddr"] = x.mac();
  j["hourUsage"] = x.hour;
  j["cmtsHostName"] = x.cmts_host;
  j["dsScn"] = x.scn;
  j["dsOctets"] = x.octets;
  j["fromTime"] = x.from_ms;
  out += j.dump();
}

} // namespace eddy::ipdr
