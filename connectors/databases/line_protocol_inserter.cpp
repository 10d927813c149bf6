// Sends a line protocol sink's batches as POST /write requests and finds the
// lines a server refuses.
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

// Why a write failed, as batch_inserter takes it: "<what>: <why>".
caf::error failure(std::string_view what, std::string_view why) {
  return make_error(ec::connector_failure,
                    std::string{what} + ": " + std::string{why});
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
    : batch_inserter("line protocol " + (options.database.empty()
                                             ? poster.url()
                                             : options.database),
                     options.batch, std::move(options.state)),
      poster_(std::move(poster)), database_(std::move(options.database)),
      must_create_database_(options.create_database) {
  if (!database_.empty())
    write_query_ = "db=" + percent_encode(database_) + "&";
  write_query_ += "precision=" + std::string{to_parameter(options.precision)};
}

std::string line_protocol_inserter::name() const {
  return database_.empty() ? "line protocol " + poster_.url()
                           : "influxdb " + database_;
}

bool line_protocol_inserter::admit_row(size_t begin) {
  if (!rejected_.empty() &&
      rejected_.count(body().substr(begin, body().size() - begin)) > 0)
    return false;
  lines_.push_back({begin, body().size()});
  return true;
}

caf::expected<void> line_protocol_inserter::send_batch(size_t lines) {
  auto what = "write of " + std::to_string(lines) + " lines failed";
  auto reply = post_lines(body());
  if (!reply)
    return failure(what, context_of(reply.error()));
  if (is_database_missing(*reply))
    mark_target_missing();
  if (refuses_lines(*reply)) {
    refusal found;
    if (auto split = write_split(0, lines, found); !split)
      return failure(what, context_of(split.error()));
    if (found.lines > 0) {
      state()->rows_rejected += found.lines;
      return failure(std::to_string(found.lines) + " of " +
                         std::to_string(lines) +
                         " lines refused (left out from now on)",
                     found.first_reason);
    }
    // Every part went through on its own (a conflict within the batch
    // that writing it in parts resolved).
  } else if (!reply->is_success()) {
    return failure(what, describe_reply(*reply));
  }
  return caf::unit;
}

caf::expected<void> line_protocol_inserter::create_target() {
  if (!must_create_database_)
    return caf::unit;
  auto query =
      "q=" + percent_encode("CREATE DATABASE " + quoted_identifier(database_));
  auto reply = poster_.post("/query", query, {});
  if (!reply)
    return failure("cannot create the database", context_of(reply.error()));
  // InfluxDB answers 200 with {"results":[{"error":...}]} for a statement
  // that failed.
  if (!reply->is_success() ||
      reply->body.find("\"error\"") != std::string::npos)
    return failure("cannot create the database", describe_reply(*reply));
  return caf::unit;
}

caf::expected<http_reply>
line_protocol_inserter::post_lines(std::string_view body) {
  return poster_.post("/write", write_query_, body);
}

caf::expected<void>
line_protocol_inserter::write_split(size_t first, size_t last, refusal& found) {
  auto line_text = [this](size_t i) {
    return std::string_view{body()}.substr(lines_[i].begin,
                                           lines_[i].end - lines_[i].begin);
  };
  auto middle = first + (last - first) / 2;
  for (auto [from, to] : {std::pair{first, middle}, std::pair{middle, last}}) {
    if (from == to)
      continue;
    auto part = std::string_view{body()}.substr(
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

} // namespace eddy
