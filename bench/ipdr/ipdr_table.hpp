// The input of every IPDR figure: the seed's IPDR JSON records, made once up
// front and cycled through, so that making a record is a copy, not the
// generating, and every figure reads the same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace eddy::bench {

class ipdr_table {
public:
  /// `size` records (ipdr_generator, seed 42) over `macs` distinct modems,
  /// their times as of now (fromTime in the two hours before).
  ipdr_table(uint64_t size, int64_t macs);

  /// Record `i mod size()`, JSON without a newline.
  std::string_view at(uint64_t i) const {
    auto n = i % starts_.size();
    return {bytes_.data() + starts_[n], lengths_[n]};
  }

  /// The same with simdjson's padding after it (the next record's bytes:
  /// readable is all simdjson needs), for a parser that reads in place.
  simdjson::padded_string_view padded_at(uint64_t i) const {
    auto json = at(i);
    return simdjson::padded_string_view{
        json.data(), json.size(), json.size() + simdjson::SIMDJSON_PADDING};
  }

  /// cmMacAddr of record `i`: its Kafka key.
  std::string_view mac_of(uint64_t i) const;

  uint64_t size() const noexcept { return starts_.size(); }

  /// The mean size of a record, bytes.
  double mean_bytes() const noexcept { return mean_bytes_; }

  /// The mean size of a record's cmMacAddr, bytes.
  double mean_mac_bytes() const noexcept { return mean_mac_bytes_; }

  /// The share of records whose dsScn is "data" (those the job keeps).
  double data_share() const noexcept { return data_share_; }

  /// How many of records 0 .. `count`-1 of the cycle are "data".
  uint64_t data_records_in(uint64_t count) const;

private:
  std::string bytes_; // the records back to back, then simdjson's padding
  std::vector<uint64_t> starts_;
  std::vector<uint32_t> lengths_;
  std::vector<uint64_t> data_before_; // data records among the first n
  double mean_bytes_ = 0;
  double mean_mac_bytes_ = 0;
  double data_share_ = 0;
};

} // namespace eddy::bench
