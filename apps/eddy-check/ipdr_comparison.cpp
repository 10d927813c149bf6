// Sums the usage per (mac, hour) of the input and of the output, then lists
// what differs, the keys seen first as examples.
#include "apps/eddy-check/ipdr_comparison.hpp"

#include <algorithm>
#include <functional>

namespace eddy::check {

namespace {

std::string describe_key(const std::string& mac, int hour) {
  return mac + " hour " + std::to_string(hour);
}

} // namespace

size_t ipdr_comparison::key_hash::operator()(const key& k) const noexcept {
  return std::hash<std::string>{}(k.mac) ^
         (static_cast<size_t>(k.hour) * 0x9e3779b97f4a7c15);
}

ipdr_comparison::ipdr_comparison(std::string scn) : scn_(std::move(scn)) {}

ipdr_comparison::key_usage& ipdr_comparison::usage_of(key k) {
  auto [at, is_new] = keys_.try_emplace(std::move(k));
  if (is_new)
    at->second.first_seen = seen_++;
  return at->second;
}

uint32_t ipdr_comparison::host_id(const std::string& host) {
  return host_ids_.try_emplace(host, static_cast<uint32_t>(host_ids_.size()))
      .first->second;
}

bool ipdr_comparison::has_host(const key_usage& usage,
                               const std::string& host) const {
  auto id = host_ids_.find(host);
  return id != host_ids_.end() &&
         std::binary_search(usage.hosts.begin(), usage.hosts.end(), id->second);
}

void ipdr_comparison::add_input(const ipdr_input& input, int hour) {
  if (input.scn != scn_)
    return;
  auto& usage = usage_of({input.mac, hour});
  if (usage.input_records++ == 0)
    ++report_.totals.keys;
  usage.expected += input.octets;
  auto host = host_id(input.host);
  auto at = std::lower_bound(usage.hosts.begin(), usage.hosts.end(), host);
  if (at == usage.hosts.end() || *at != host)
    usage.hosts.insert(at, host);
  ++report_.totals.records;
  report_.totals.usage += input.octets;
}

void ipdr_comparison::add_output(const ipdr_output& output) {
  ++report_.totals.output_records;
  auto& usage = usage_of({output.mac, output.hour});
  ++usage.output_records;
  usage.got += output.usage;
  if (output.scn != scn_)
    report_.note(ipdr_difference::wrong_field, [&] {
      return describe_key(output.mac, output.hour) + ": scn '" + output.scn +
             "', expected '" + scn_ + "'";
    });
  // An extra key has no hosts to compare with; it is noted as extra.
  if (usage.input_records > 0 && !has_host(usage, output.host))
    report_.note(ipdr_difference::wrong_field, [&] {
      return describe_key(output.mac, output.hour) + ": cmtshost '" +
             output.host + "' is in none of the key's input records";
    });
}

void ipdr_comparison::add_malformed_output(std::string why) {
  ++report_.totals.output_records;
  report_.note(ipdr_difference::malformed_output,
               [&why] { return std::move(why); });
}

void ipdr_comparison::note_in_order(ipdr_difference kind,
                                    std::vector<const entry*> entries) {
  auto shown = std::min(entries.size(), ipdr_examples);
  std::partial_sort(entries.begin(), entries.begin() + shown, entries.end(),
                    [](const entry* a, const entry* b) {
                      return a->second.first_seen < b->second.first_seen;
                    });
  for (auto* e : entries)
    report_.note(kind, [e] {
      auto& usage = e->second;
      auto text = describe_key(e->first.mac, e->first.hour) + ": expected ";
      text += usage.input_records > 0 ? std::to_string(usage.expected) : "none";
      text += ", got ";
      text += usage.output_records > 0 ? std::to_string(usage.got) : "none";
      if (usage.output_records > 1)
        text += " in " + std::to_string(usage.output_records) + " records";
      return text;
    });
}

const ipdr_report& ipdr_comparison::finish() {
  std::vector<const entry*> missing;
  std::vector<const entry*> extra;
  std::vector<const entry*> different;
  for (auto& e : keys_) {
    auto& usage = e.second;
    if (usage.output_records == 0)
      missing.push_back(&e);
    else if (usage.input_records == 0)
      extra.push_back(&e);
    else if (usage.got != usage.expected)
      different.push_back(&e);
  }
  note_in_order(ipdr_difference::missing_key, std::move(missing));
  note_in_order(ipdr_difference::extra_key, std::move(extra));
  note_in_order(ipdr_difference::wrong_usage, std::move(different));
  return report_;
}

} // namespace eddy::check
