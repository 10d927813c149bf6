// Batches lines into POST /write requests, finds the lines a server refuses
// and keeps the sink's counters.
#include "connectors/databases/line_protocol_inserter.hpp"

#include <utility>

#include <nlohmann/json.hpp>

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"

namespace eddy {

namespace {

// Enough for the server's message and the line it quotes.
constexpr size_t max_error_text = 500;

// The server's error text: InfluxDB's {"error":"..."}, QuestDB's
// {"message":"..."}, or the body itself.
std::string error_text(std::string_view body) {
  std::string text;
  auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object()) {
    for (auto key : {"error", "message"})
      if (auto at = json.find(key); at != json.end() && at->is_string()) {
        text = at->get<std::string>();
        break;
      }
  }
  if (text.empty())
    text = body.empty() ? "(no error text)" : std::string{body};
  if (text.size() > max_error_text)
    text = text.substr(0, max_error_text) + "...";
  return text;
}

// "HTTP 400: unable to parse ...".
std::string describe_reply(const http_reply& reply) {
  return "HTTP " + std::to_string(reply.status) + ": " + error_text(reply.body);
}

// Whether the server refused lines of the batch for good (it wrote the
// others, or none): InfluxDB 1.x "unable to parse '<line>': ..." and
// "field type conflict", QuestDB "failed to parse line protocol".
bool refuses_lines(const http_reply& reply) {
  if (reply.status != 400)
    return false;
  for (std::string_view part : {"unable to parse", "field type conflict",
                                "partial write", "failed to parse line"})
    if (reply.body.find(part) != std::string::npos)
      return true;
  return false;
}

bool is_database_missing(const http_reply& reply) {
  return reply.status == 404 &&
         reply.body.find("database not found") != std::string::npos;
}

// An InfluxQL identifier in double quotes.
std::string quoted_identifier(std::string_view name) {
  std::string result = "\"";
  for (auto c : name) {
    if (c == '"' || c == '\\')
      result += '\\';
    result += c;
  }
  return result + '"';
}

} // namespace

std::string_view to_parameter(timestamp_precision precision) {
  switch (precision) {
  case timestamp_precision::ns:
    return "n";
  case timestamp_precision::us:
    return "u";
  case timestamp_precision::ms:
    return "ms";
  case timestamp_precision::s:
    return "s";
  }
  return "n";
}

caf::expected<line_protocol_inserter>
line_protocol_inserter::make(line_protocol_options options) {
  if (options.database == "none")
    options.database.clear();
  auto shown = "line protocol " +
               (options.database.empty() ? options.url : options.database);
  if (options.batch.batch_rows == 0)
    return make_error(ec::invalid_config,
                      shown + ": batch_rows must be above 0");
  if (options.create_database && options.database.empty())
    return make_error(ec::invalid_config,
                      shown + ": create_database needs a database");
  http_poster_options http;
  http.url = options.url;
  http.connect_timeout = options.connect_timeout;
  http.io_timeout = options.io_timeout;
  if (!options.user.empty())
    http.basic_auth = http_credentials{options.user, options.password};
  auto poster = http_poster::make(std::move(http));
  if (!poster)
    return make_error(ec::invalid_config,
                      shown + ": " + context_of(poster.error()));
  return line_protocol_inserter{std::move(*poster), std::move(options)};
}

line_protocol_inserter::line_protocol_inserter(http_poster poster,
                                               line_protocol_options options)
    : poster_(std::move(poster)), database_(std::move(options.database)),
      must_create_database_(options.create_database),
      state_(options.state ? std::move(options.state)
                           : std::make_shared<database_sink_state>()),
      pending_(options.batch) {
  if (!database_.empty())
    write_query_ = "db=" + percent_encode(database_) + "&";
  write_query_ += "precision=" + std::string{to_parameter(options.precision)};
}

std::string line_protocol_inserter::name() const {
  return database_.empty() ? "line protocol " + poster_.url()
                           : "influxdb " + database_;
}

caf::expected<void> line_protocol_inserter::end_row() {
  auto begin = lines_.empty() ? size_t{0} : lines_.back().end + 1;
  if (!rejected_.empty() &&
      rejected_.count(body_.substr(begin, body_.size() - begin)) > 0) {
    body_.resize(begin); // refused before, and reported then
    return caf::unit;
  }
  lines_.push_back({begin, body_.size()});
  body_.push_back('\n');
  ++state_->rows_pending;
  if (!pending_.add_row())
    return caf::unit;
  return write_pending();
}

caf::expected<void> line_protocol_inserter::write_pending() {
  auto lines = pending_.rows();
  if (lines == 0)
    return caf::unit;
  state_->phase = insert_phase::inserting;
  if (auto created = create_database(); !created)
    return created;
  auto what = "write of " + std::to_string(lines) + " lines failed";
  auto reply = post_lines(body_);
  if (!reply)
    return fail(what, reply.error());
  if (is_database_missing(*reply))
    is_database_created_ = false;
  if (refuses_lines(*reply)) {
    refusal found;
    if (auto split = write_split(0, lines, found); !split)
      return fail(what, split.error());
    if (found.lines > 0) {
      state_->rows_rejected += found.lines;
      return fail(std::to_string(found.lines) + " of " + std::to_string(lines) +
                      " lines refused (left out from now on)",
                  std::move(found.first_reason));
    }
    // Every part went through on its own (a conflict within the batch
    // that writing it in parts resolved).
  } else if (!reply->is_success()) {
    return fail(what, describe_reply(*reply));
  }
  state_->inserted(lines);
  body_.clear(); // keeps its capacity for the next batch
  lines_.clear();
  pending_.clear();
  return caf::unit;
}

caf::expected<void> line_protocol_inserter::insert_pending() {
  auto written = write_pending();
  if (written)
    rejected_.clear();
  return written;
}

caf::expected<void> line_protocol_inserter::create_database() {
  if (!must_create_database_ || is_database_created_)
    return caf::unit;
  auto query =
      "q=" + percent_encode("CREATE DATABASE " + quoted_identifier(database_));
  auto reply = poster_.post("/query", query, {});
  if (!reply)
    return fail("cannot create the database", reply.error());
  // InfluxDB answers 200 with {"results":[{"error":...}]} for a statement
  // that failed.
  if (!reply->is_success() ||
      reply->body.find("\"error\"") != std::string::npos)
    return fail("cannot create the database", describe_reply(*reply));
  is_database_created_ = true;
  return caf::unit;
}

caf::expected<http_reply>
line_protocol_inserter::post_lines(std::string_view body) {
  return poster_.post("/write", write_query_, body);
}

caf::expected<void>
line_protocol_inserter::write_split(size_t first, size_t last, refusal& found) {
  auto line_text = [this](size_t i) {
    return std::string_view{body_}.substr(lines_[i].begin,
                                          lines_[i].end - lines_[i].begin);
  };
  auto middle = first + (last - first) / 2;
  for (auto [from, to] : {std::pair{first, middle}, std::pair{middle, last}}) {
    if (from == to)
      continue;
    auto part = std::string_view{body_}.substr(
        lines_[from].begin, lines_[to - 1].end + 1 - lines_[from].begin);
    auto reply = post_lines(part);
    if (!reply)
      return reply.error();
    if (reply->is_success())
      continue;
    if (!refuses_lines(*reply))
      return make_error(ec::connector_failure, describe_reply(*reply));
    if (to - from > 1) {
      if (auto split = write_split(from, to, found); !split)
        return split;
      continue;
    }
    if (found.lines++ == 0)
      found.first_reason = describe_reply(*reply);
    if (rejected_.size() >= max_remembered_rejections)
      rejected_.clear();
    rejected_.emplace(line_text(from));
  }
  return caf::unit;
}

caf::error line_protocol_inserter::fail(std::string_view what,
                                        const caf::error& err) {
  return fail(what, context_of(err));
}

caf::error line_protocol_inserter::fail(std::string_view what,
                                        std::string reason) {
  state_->rows_pending -= pending_.rows();
  state_->phase = insert_phase::failing;
  body_.clear();
  lines_.clear();
  pending_.clear();
  return make_error(ec::connector_failure,
                    "line protocol " +
                        (database_.empty() ? poster_.url() : database_) + ": " +
                        std::string{what} + ": " + reason);
}

} // namespace eddy
