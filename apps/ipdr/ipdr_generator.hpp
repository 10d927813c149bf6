// The seed's IPDR records (IPDRDataProducer), made deterministically from a
// seed and a record number, fast enough to feed benchmarks: eddy-gen and the
// IPDR job's built-in source both use it.
#pragma once

#include <cstdint>
#include <string>

namespace eddy::ipdr {

/// What the records look like.
struct ipdr_generator_options {
  /// Same seed, same records.
  uint64_t seed = 42;
  /// How many distinct modems (cmMacAddr) the records name.
  int64_t macs = 50000;
  /// The number of the first modem: MACs are "MACADDR" + n with n in
  /// [mac_offset, mac_offset + macs).
  int64_t mac_offset = 0;
};

/// The seed's generator: 25 fields as its sample, dsScn (= usScn) one of
/// data, video, telephony, default, both; fromTime on a quarter hour within
/// the two hours before the wall clock, toTime 15 minutes later, both as
/// `yyyy-MM-dd HH:mm:ss` in UTC.
class ipdr_generator {
public:
  /// `opts.macs` must be positive.
  explicit ipdr_generator(ipdr_generator_options opts);

  /// Appends record number `index` (JSON, no newline) as of the wall clock
  /// `now_ms` (UTC, milliseconds since the epoch) to `out`. The same (seed,
  /// index, now_ms) give the same bytes; the fields but the times depend
  /// only on (seed, index).
  void operator()(uint64_t index, int64_t now_ms, std::string& out) const;

private:
  ipdr_generator_options opts_;
};

} // namespace eddy::ipdr
