// Makes the IPDR records once with the job's own generator.
#include "bench/ipdr/ipdr_table.hpp"

#include "actors/wall_clock.hpp"
#include "apps/ipdr/ipdr_generator.hpp"

namespace eddy::bench {

namespace {

// The generator writes these exactly so (no blanks): see ipdr_generator.cpp.
constexpr std::string_view mac_field = R"("cmMacAddr":")";
constexpr std::string_view data_service = R"("dsScn":"data")";

// A generous guess at a record's size (about 640 bytes), so the buffer
// grows once.
constexpr uint64_t expected_record_bytes = 700;

} // namespace

ipdr_table::ipdr_table(uint64_t size, int64_t macs) {
  ipdr::ipdr_generator generate{{42, macs, 0}};
  auto now_ms = wall_clock_ms();
  bytes_.reserve(size * expected_record_bytes);
  starts_.reserve(size);
  lengths_.reserve(size);
  data_before_.reserve(size + 1);
  data_before_.push_back(0);
  for (uint64_t i = 0; i < size; ++i) {
    auto start = bytes_.size();
    generate(i, now_ms, bytes_);
    std::string_view json{bytes_.data() + start, bytes_.size() - start};
    starts_.push_back(start);
    lengths_.push_back(static_cast<uint32_t>(json.size()));
    auto is_data = json.find(data_service) != std::string_view::npos;
    data_before_.push_back(data_before_.back() + (is_data ? 1 : 0));
  }
  bytes_.append(simdjson::SIMDJSON_PADDING, ' ');
  mean_bytes_ =
      static_cast<double>(bytes_.size() - simdjson::SIMDJSON_PADDING) /
      static_cast<double>(size);
  data_share_ =
      static_cast<double>(data_before_.back()) / static_cast<double>(size);
  uint64_t mac_bytes = 0;
  for (uint64_t i = 0; i < size; ++i)
    mac_bytes += mac_of(i).size();
  mean_mac_bytes_ = static_cast<double>(mac_bytes) / static_cast<double>(size);
}

std::string_view ipdr_table::mac_of(uint64_t i) const {
  auto json = at(i);
  auto start = json.find(mac_field) + mac_field.size();
  return json.substr(start, json.find('"', start) - start);
}

uint64_t ipdr_table::data_records_in(uint64_t count) const {
  auto cycles = count / size();
  return cycles * data_before_.back() + data_before_[count % size()];
}

} // namespace eddy::bench
