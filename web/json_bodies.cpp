// Builds the JSON bodies of the HTTP API's built-in routes.
#include "web/json_bodies.hpp"

namespace eddy::web {

using nlohmann::json;

std::string dump_body(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_body(std::string_view code, std::string_view detail) {
  // Ordered, so that people reading the body see the code first.
  nlohmann::ordered_json body{{"error", code}, {"detail", detail}};
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

json checkpoint_json(const checkpoint_status& c) {
  auto positions = json::array();
  for (const auto& at : c.positions)
    positions.push_back(json{{"source", at.source},
                             {"partition", at.partition},
                             {"offset", at.offset}});
  return json{{"id", c.id},
              {"kind", to_string(c.kind)},
              {"outcome", to_string(c.outcome)},
              {"reason", c.reason},
              {"startedMs", c.started_ms},
              {"durationMs", c.duration_ms},
              {"bytes", c.bytes},
              {"positions", std::move(positions)},
              {"path", c.path}};
}

// The fields every actor reports, added to `fields`.
json with_load(json fields, const actor_report& load) {
  fields["recordsIn"] = load.records_in;
  fields["recordsOut"] = load.records_out;
  fields["mailbox"] = load.mailbox;
  fields["activity"] = to_string(load.activity);
  fields["busyPercent"] = load.busy_percent;
  fields["backpressuredPercent"] = load.backpressured_percent;
  return fields;
}

json graph_json(const job_graph& graph) {
  auto nodes = json::array();
  for (const auto& n : graph.nodes) {
    nodes.push_back(
        json{{"id", n.id}, {"kind", n.kind}, {"parallelism", n.parallelism}});
    // Most nodes chain no steps: their JSON stays as it was.
    if (!n.steps.empty())
      nodes.back()["steps"] = n.steps;
  }
  auto edges = json::array();
  for (const auto& e : graph.edges)
    edges.push_back(
        json{{"from", e.from}, {"to", e.to}, {"shipping", e.shipping}});
  return json{{"nodes", std::move(nodes)}, {"edges", std::move(edges)}};
}

json partition_json(const partition_status& p) {
  return with_load(json{{"id", p.id},
                        {"actor", actor_name(p)},
                        {"state", to_string(p.state)},
                        {"recordsProcessed", p.records_processed},
                        {"restarts", p.restarts},
                        {"lastRestartReason", p.last_restart_reason}},
                   p.load);
}

json window_json(const window_status& w) {
  return with_load(
      json{{"id", w.id},
           {"actor", actor_name(w)},
           {"state", to_string(w.state)},
           {"lateRecords", w.late_records},
           {"watermarkMs", w.watermark_ms ? json(*w.watermark_ms) : json()}},
      w.load);
}

json source_json(const source_status& src) {
  auto lag = json::array();
  for (const auto& at : src.lag)
    lag.push_back(json{
        {"topic", at.topic}, {"partition", at.partition}, {"lag", at.lag}});
  return with_load(json{{"name", src.name},
                        {"actor", actor_name(src)},
                        {"state", to_string(src.state)},
                        {"records", src.records},
                        {"malformed", src.malformed},
                        {"lag", std::move(lag)},
                        {"reason", src.reason}},
                   src.load);
}

json sink_json(const sink_status& out) {
  return with_load(json{{"name", out.name},
                        {"actor", actor_name(out)},
                        {"state", to_string(out.state)},
                        {"written", out.written},
                        {"failures", out.failures},
                        {"lastError", out.last_error}},
                   out.load);
}

// Points as [label, value] pairs: compact, and in the order the job gave.
json figure_json(const job_figure& f) {
  auto points = json::array();
  for (const auto& [label, value] : f.points)
    points.push_back(json::array({label, value}));
  return json{{"id", f.id},
              {"title", f.title},
              {"unit", f.unit},
              {"kind", to_string(f.kind)},
              {"points", std::move(points)}};
}

template <class Status, class ToJson>
json array_of(const std::vector<Status>& all, ToJson to_json) {
  auto result = json::array();
  for (const auto& each : all)
    result.push_back(to_json(each));
  return result;
}

json job_json(const job_status& job) {
  auto rates = json::array();
  for (const auto& r : job.rates)
    rates.push_back(json{{"actor", r.actor},
                         {"perSecond1s", r.per_second_1s},
                         {"perSecond10s", r.per_second_10s}});
  return json{{"name", job.name},
              {"state", to_string(job.state)},
              {"failure", job.failure},
              {"delivery", job.delivery},
              {"graph", graph_json(job.graph)},
              {"partitions", array_of(job.partitions, partition_json)},
              {"windows", array_of(job.windows, window_json)},
              {"sources", array_of(job.sources, source_json)},
              {"sinks", array_of(job.sinks, sink_json)},
              {"checkpoints", array_of(job.checkpoints, checkpoint_json)},
              {"rates", std::move(rates)},
              {"figures", array_of(job.figures, figure_json)}};
}

} // namespace

std::string job_body(const job_status& job) {
  return dump_body(job_json(job));
}

json jobs_document(const std::vector<job_status>& jobs) {
  auto list = json::array();
  for (const auto& job : jobs)
    list.push_back(job_json(job));
  return json{{"jobs", std::move(list)}};
}

std::string jobs_body(const std::vector<job_status>& jobs) {
  return dump_body(jobs_document(jobs));
}

std::string savepoint_body(std::string_view path) {
  return dump_body(json{{"path", path}});
}

std::string fault_body(std::string_view what) {
  return dump_body(json{{"done", what}});
}

} // namespace eddy::web
