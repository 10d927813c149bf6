// The part of a line protocol sink (InfluxDB 1.x, QuestDB's ILP over HTTP)
// that does not depend on the record type: lines, one `POST /write` per
// batch (see batch_inserter.hpp), InfluxDB's database created first, lines
// the server refuses found and left out.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/databases/batch_inserter.hpp"
#include "connectors/databases/database_sink_state.hpp"
#include "connectors/databases/http_poster.hpp"

namespace eddy {

/// The unit of the lines' timestamps, which a write declares with its
/// `precision` parameter (line protocol's own default is nanoseconds).
enum class timestamp_precision : uint8_t { ns, us, ms, s };

/// The `precision` parameter's value: "n", "u", "ms" or "s" (InfluxDB 1.6
/// reads an unknown value, "us" among them, as nanoseconds).
std::string_view to_parameter(timestamp_precision precision);

struct line_protocol_options {
  /// The server, `http://host[:port][/path]` (InfluxDB listens on 8086,
  /// QuestDB's HTTP on 9000).
  std::string url = "http://127.0.0.1:8086";
  /// InfluxDB's database, the `db` parameter; empty or "none" for none
  /// (QuestDB, whose lines name their table).
  std::string database;
  /// The unit of the lines' timestamps: Eddy's event times are Unix ms.
  timestamp_precision precision = timestamp_precision::ms;
  /// Sent as basic auth when not empty (InfluxDB 1.x with auth-enabled).
  std::string user;
  std::string password;
  /// InfluxDB: `CREATE DATABASE "<database>"` (a no-op if it exists) before
  /// the first write, again before the next write until it succeeds and
  /// after a write answered "database not found".
  bool create_database = false;
  std::chrono::milliseconds connect_timeout = default_http_timeout;
  /// For sending a batch, and again for reading the answer (which comes
  /// once the batch is written).
  std::chrono::milliseconds io_timeout = default_http_timeout;
  /// When pending lines make a write.
  batch_limits batch;
  /// Shared with whoever reports status; created if null.
  std::shared_ptr<database_sink_state> state;
};

/// Lines the server refused are remembered (to be left out when the sink
/// writes them again) up to this many; past it the memory starts afresh.
constexpr size_t max_remembered_rejections = 10'000;

/// Lines go into row_buffer(), ONE line each. A batch is one `POST
/// /write` (after creating the database if asked). Failures read "line
/// protocol <database or url>: ..." with the reason: "cannot create the
/// database: ", or "write of <n> lines failed: " and the URL and why it
/// cannot be reached, or the HTTP status and the server's error text. The
/// dropped lines go again when the sink writes them again: line protocol
/// overwrites a point of the same series and time, so a rewrite doubles
/// nothing.
///
/// Lines the server refuses (HTTP 400 about a line: unparseable, or a
/// field of another type than the stored one) would fail every retry:
/// InfluxDB 1.6 writes the other lines of the batch ("partial write") or,
/// for some conflicts, none. So the batch is split in halves until each
/// refused line is alone, every accepted part is written, and the write
/// fails with "<n> of <m> lines refused (left out from now on): HTTP 400:
/// <the server's text>" naming the first. The refused lines are counted in
/// the state's rows_rejected and left out when written again (until a
/// flush succeeds: the sink writes them no more), so the sink's retry
/// succeeds.
class line_protocol_inserter final : public batch_inserter {
public:
  /// Fails with ec::invalid_config for a bad URL or a batch_rows of 0.
  /// Connects only at the first write.
  [[nodiscard]] static caf::expected<line_protocol_inserter>
  make(line_protocol_options options);

  /// What the job status calls the sink: "influxdb <database>", or "line
  /// protocol <url>" without a database.
  std::string name() const override;

private:
  // A line of body(): [begin, end), without its newline.
  struct line_span {
    size_t begin;
    size_t end;
  };

  // What splitting a refused batch found.
  struct refusal {
    size_t lines = 0;
    std::string first_reason;
  };

  line_protocol_inserter(http_poster poster, line_protocol_options options);

  // Creates the database if asked.
  caf::expected<void> create_target() override;

  caf::expected<void> send_batch(size_t lines) override;

  // Leaves out a line refused before (and reported then).
  bool admit_row(size_t begin) override;

  void on_batch_cleared() override { lines_.clear(); }

  // Everything the sink had unconfirmed is delivered, so the refused lines
  // are not written again.
  void on_flushed() override { rejected_.clear(); }

  // POSTs `body` to /write; a reply that is not 2xx is an answer too.
  caf::expected<http_reply> post_lines(std::string_view body);

  // Writes lines_[first, last) split in halves until each refused one is
  // alone; adds those to rejected_ and `found`.
  caf::expected<void> write_split(size_t first, size_t last, refusal& found);

  http_poster poster_;
  std::string database_;
  std::string write_query_; // "db=...&precision=..."
  bool must_create_database_;
  std::vector<line_span> lines_;
  std::unordered_set<std::string> rejected_;
};

} // namespace eddy
