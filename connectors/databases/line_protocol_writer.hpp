// The record_writer behind a line protocol sink (InfluxDB 1.x `POST /write`,
// QuestDB's ILP over HTTP): each record is one line, which a job-supplied
// formatter writes (line_protocol.hpp escapes its parts); lines are written
// batch_rows at a time and at every flush (a checkpoint, an explicit flush,
// or when too many records wait for confirmation).
//
// Delivery is at least once, and rewrites double nothing: after a failed
// write the sink writes again everything since its last successful flush,
// and line protocol keeps one point per series (measurement and tags) and
// timestamp, the last written. Give each record its own series and time.
//
// A batch with a bad line (InfluxDB 1.6, measured): HTTP 400 with
// {"error":"partial write: unable to parse '<line>': <why> dropped=0"}
// (one "unable to parse" per bad line; an unclosed quote swallows the
// lines after it into the bad one), and every other line is written. A
// field whose type differs from the stored one: 400 "partial write: field
// type conflict: ... dropped=<n>", the others written. Two lines of one
// batch giving a new field two types: 400 "field type conflict", nothing
// written. Retrying such a batch can never succeed, so the writer splits it
// in halves until each refused line is alone (writing every accepted part),
// fails once with the server's text for the first refused line, counts them
// in the state's rows_rejected and leaves them out when the sink writes
// them again: the retry succeeds instead of failing for ever. Other
// failures (no connection, 5xx, 401, 404 for a missing database) fail the
// write and drop nothing for good: the sink retries.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "connectors/databases/line_protocol.hpp"
#include "connectors/databases/line_protocol_inserter.hpp"
#include "connectors/databases/row_batch_writer.hpp"
#include "messages/error.hpp"

namespace eddy {

template <class T>
struct line_protocol_writer_options : line_protocol_options {
  /// Appends one record as ONE line, without a newline, its timestamp in
  /// the unit `precision` names: `machinedata,thing=R0815 result=86.71
  /// 1700000000000`. line_builder puts the parts in order, escaped.
  std::function<void(const T&, std::string&)> format;
};

template <class T>
class line_protocol_writer final
    : public row_batch_writer<T, line_protocol_inserter> {
public:
  /// Fails with ec::invalid_config for no formatter, a batch_rows of 0, a
  /// bad URL, or create_database without a database. Connects only at the
  /// first write.
  [[nodiscard]] static caf::expected<std::unique_ptr<line_protocol_writer>>
  make(line_protocol_writer_options<T> options) {
    auto sink = "line protocol " +
                (options.database.empty() || options.database == "none"
                     ? options.url
                     : options.database);
    return row_batch_writer<T, line_protocol_inserter>::template make_writer<
        line_protocol_writer>(sink, std::move(options));
  }

private:
  friend class row_batch_writer<T, line_protocol_inserter>;
  using row_batch_writer<T, line_protocol_inserter>::row_batch_writer;
};

} // namespace eddy
