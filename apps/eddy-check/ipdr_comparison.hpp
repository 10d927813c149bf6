// The IPDR rollup recomputed and compared: the usage per (mac, hour) that
// the input's records of one service class sum to, against the sums of the
// job's output records for the same keys.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "apps/eddy-check/ipdr_records.hpp"
#include "apps/eddy-check/ipdr_report.hpp"

namespace eddy::check {

class ipdr_comparison {
public:
  /// Compares the output against the input records whose dsScn is `scn`.
  explicit ipdr_comparison(std::string scn);

  /// Takes one input record, `hour` its fromTime's hour in the checker's
  /// zone: its dsOctets count toward (mac, hour) if its dsScn is the class
  /// compared; records of other classes are left out, as the job filters.
  void add_input(const ipdr_input& input, int hour);

  /// Counts an input record that the job dead-letters.
  void skip_input() { ++report_.totals.skipped; }

  /// Takes one output record after all input: its usage adds to its key's
  /// (a key's records of several windows sum). Notes a record of another
  /// service class, and one whose cmtshost none of its key's input records
  /// has.
  void add_output(const ipdr_output& output);

  /// Notes an output line that is not an output record; `why` says what is
  /// wrong with it, quoting it.
  void add_malformed_output(std::string why);

  /// Ends the output, noting every key of the input without output
  /// (missing), of the output without input (extra), and whose sums differ;
  /// the examples are the keys seen first. Call once.
  const ipdr_report& finish();

  const ipdr_report& report() const noexcept { return report_; }

private:
  struct key {
    std::string mac;
    int hour = 0;
    bool operator==(const key&) const = default;
  };

  struct key_hash {
    size_t operator()(const key& k) const noexcept;
  };

  struct key_usage {
    int64_t expected = 0;
    int64_t got = 0;
    uint64_t input_records = 0;
    uint64_t output_records = 0;
    uint64_t first_seen = 0;     // when the key was first read, input or output
    std::vector<uint32_t> hosts; // of its input records, sorted
  };

  using entry = std::pair<const key, key_usage>;

  key_usage& usage_of(key k);
  uint32_t host_id(const std::string& host);
  bool has_host(const key_usage& usage, const std::string& host) const;
  void note_in_order(ipdr_difference kind, std::vector<const entry*> entries);

  std::string scn_;
  std::unordered_map<key, key_usage, key_hash> keys_;
  std::unordered_map<std::string, uint32_t> host_ids_;
  uint64_t seen_ = 0;
  ipdr_report report_;
};

} // namespace eddy::check
