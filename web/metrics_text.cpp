// Writes the job reports as Prometheus text; see metrics_text.hpp.
#include "web/metrics_text.hpp"

#include <charconv>
#include <functional>
#include <initializer_list>
#include <string_view>
#include <utility>

namespace eddy::web {

namespace {

/// One sample: the label pairs after `job`, and the value.
struct sample {
  std::vector<std::pair<std::string_view, std::string>> labels;
  double value = 0;
};

using add_sample = std::function<void(sample)>;

/// Reports a job's samples of one family through `add`.
using sampler = std::function<void(const job_status&, const add_sample&)>;

/// Backslash, double quote and line feed are escaped in label values.
void append_label_value(std::string& out, std::string_view value) {
  for (char c : value) {
    if (c == '\n') {
      out.append("\\n");
      continue;
    }
    if (c == '\\' || c == '"')
      out.push_back('\\');
    out.push_back(c);
  }
}

void append_value(std::string& out, double value) {
  char digits[32];
  auto [end, err] = std::to_chars(digits, digits + sizeof digits, value);
  static_cast<void>(err); // 32 characters hold every double
  out.append(digits, end);
}

void append_sample(std::string& out, std::string_view name,
                   std::string_view job, const sample& s) {
  out.append(name).append("{job=\"");
  append_label_value(out, job);
  out.push_back('"');
  for (auto& [label, value] : s.labels) {
    out.push_back(',');
    out.append(label).append("=\"");
    append_label_value(out, value);
    out.push_back('"');
  }
  out.append("} ");
  append_value(out, s.value);
  out.push_back('\n');
}

/// Writes family `name`: its HELP and TYPE lines, then every job's samples.
void append_family(std::string& out, const std::vector<job_status>& jobs,
                   std::string_view name, std::string_view type,
                   std::string_view help, const sampler& samples) {
  out.append("# HELP ").append(name).append(" ").append(help).append("\n");
  out.append("# TYPE ").append(name).append(" ").append(type).append("\n");
  for (const auto& job : jobs)
    samples(job, [&](sample s) { append_sample(out, name, job.name, s); });
}

/// A sample per actor of `actors`, labelled with its name.
template <class Status, class Value>
void per_actor(const std::vector<Status>& actors, Value value,
               const add_sample& add) {
  for (auto& status : actors)
    add({{{"actor", actor_name(status)}}, static_cast<double>(value(status))});
}

/// A sample per actor of the job, from what every actor reports.
sampler of_every_actor(std::function<double(const actor_report&)> value) {
  return [value](const job_status& job, const add_sample& add) {
    for_each_actor(job,
                   [&](std::string name, uint64_t, const actor_report& load) {
                     add({{{"actor", std::move(name)}}, value(load)});
                   });
  };
}

/// One sample per state an actor can be in: 1 for its state, 0 for the
/// others, so every state's series exists all the time.
template <class Status>
void per_state(const std::vector<Status>& actors,
               std::initializer_list<std::string_view> states,
               const add_sample& add) {
  for (auto& status : actors)
    for (auto state : states)
      add({{{"actor", actor_name(status)}, {"state", std::string{state}}},
           state == to_string(status.state) ? 1.0 : 0.0});
}

const checkpoint_status* latest_completed(const job_status& job) {
  for (auto& cp : job.checkpoints) // the latest first
    if (cp.outcome == checkpoint_outcome::completed)
      return &cp;
  return nullptr;
}

/// A sample of the latest completed checkpoint, if there is one.
sampler
of_latest_checkpoint(std::function<double(const checkpoint_status&)> value) {
  return [value](const job_status& job, const add_sample& add) {
    if (auto* cp = latest_completed(job))
      add({{}, value(*cp)});
  };
}

} // namespace

std::string metrics_text(const std::vector<job_status>& jobs) {
  std::string out;
  auto family = [&](std::string_view name, std::string_view type,
                    std::string_view help, const sampler& samples) {
    append_family(out, jobs, name, type, help, samples);
  };
  family("eddy_job_running", "gauge", "1 while the job runs, 0 otherwise.",
         [](const job_status& job, const add_sample& add) {
           add({{}, job.state == run_state::running ? 1.0 : 0.0});
         });
  family("eddy_records_in_total", "counter",
         "Records an actor took in: applied by a partition, read by a "
         "source, received by a window or sink.",
         [](const job_status& job, const add_sample& add) {
           per_actor(
               job.partitions, [](auto& p) { return p.records_processed; },
               add);
           per_actor(
               job.windows, [](auto& w) { return w.load.records_in; }, add);
           per_actor(
               job.sources, [](auto& s) { return s.records; }, add);
           per_actor(
               job.sinks, [](auto& s) { return s.load.records_in; }, add);
         });
  family("eddy_records_out_total", "counter",
         "Records an actor passed on: results of a partition or window, "
         "records a source's partitions took, records a sink wrote.",
         [](const job_status& job, const add_sample& add) {
           per_actor(
               job.partitions, [](auto& p) { return p.load.records_out; }, add);
           per_actor(
               job.windows, [](auto& w) { return w.load.records_out; }, add);
           per_actor(
               job.sources, [](auto& s) { return s.load.records_out; }, add);
           per_actor(
               job.sinks, [](auto& s) { return s.written; }, add);
         });
  family("eddy_mailbox_depth", "gauge",
         "Messages waiting in an actor's mailbox when it last looked.",
         of_every_actor(
             [](auto& load) { return static_cast<double>(load.mailbox); }));
  family("eddy_busy_seconds_total", "counter",
         "Time an actor spent handling messages.",
         of_every_actor([](auto& load) {
           return static_cast<double>(load.busy_ns) / 1e9;
         }));
  family("eddy_backpressured_seconds_total", "counter",
         "Time an actor waited on its downstream.",
         of_every_actor([](auto& load) {
           return static_cast<double>(load.backpressured_ns) / 1e9;
         }));
  family("eddy_kafka_consumer_lag", "gauge",
         "Messages between a Kafka source's position and the end of a "
         "topic partition.",
         [](const job_status& job, const add_sample& add) {
           for (auto& src : job.sources)
             for (auto& at : src.lag)
               add({{{"actor", actor_name(src)},
                     {"topic", at.topic},
                     {"partition", std::to_string(at.partition)}},
                    static_cast<double>(at.lag)});
         });
  family("eddy_window_watermark_seconds", "gauge",
         "Up to when a window's windows are closed, as Unix time.",
         [](const job_status& job, const add_sample& add) {
           for (auto& w : job.windows)
             if (w.watermark_ms)
               add({{{"actor", actor_name(w)}},
                    static_cast<double>(*w.watermark_ms) / 1000});
         });
  family("eddy_malformed_records_total", "counter",
         "Records a source could not parse (sent to the dead letters).",
         [](const job_status& job, const add_sample& add) {
           per_actor(
               job.sources, [](auto& s) { return s.malformed; }, add);
         });
  family("eddy_write_failures_total", "counter",
         "Failed writes of a sink, each retried.",
         [](const job_status& job, const add_sample& add) {
           per_actor(
               job.sinks, [](auto& s) { return s.failures; }, add);
         });
  family("eddy_restarts_total", "counter",
         "Restarts of a partition by its supervisor.",
         [](const job_status& job, const add_sample& add) {
           per_actor(
               job.partitions, [](auto& p) { return p.restarts; }, add);
         });
  family("eddy_actor_state", "gauge",
         "1 for the state an actor is in, 0 for the others.",
         [](const job_status& job, const add_sample& add) {
           per_state(job.partitions,
                     {"running", "recovering", "restarting", "failed"}, add);
           per_state(job.windows,
                     {"running", "recovering", "restarting", "failed"}, add);
           per_state(job.sources,
                     {"running", "failed", "connecting", "connected",
                      "reconnecting", "stopped", "disconnected"},
                     add);
           per_state(job.sinks, {"ok", "retrying"}, add);
         });
  family("eddy_checkpoint_id", "gauge",
         "The id of the latest completed checkpoint.",
         of_latest_checkpoint(
             [](auto& cp) { return static_cast<double>(cp.id); }));
  family("eddy_checkpoint_duration_seconds", "gauge",
         "How long the latest completed checkpoint took.",
         of_latest_checkpoint([](auto& cp) { return cp.duration_ms / 1000; }));
  family("eddy_checkpoint_bytes", "gauge",
         "State bytes the latest completed checkpoint wrote.",
         of_latest_checkpoint(
             [](auto& cp) { return static_cast<double>(cp.bytes); }));
  return out;
}

} // namespace eddy::web
