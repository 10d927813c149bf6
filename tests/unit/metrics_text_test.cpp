// The job reports as Prometheus text: one sample per actor under stable
// names, escaped label values, and the latest completed checkpoint.
#include "web/metrics_text.hpp"

#include <doctest/doctest.h>

#include <sstream>

using namespace eddy;

namespace {

job_status sample_job() {
  job_status job;
  job.name = "inventory";
  job.state = run_state::running;
  actor_report busy;
  busy.records_out = 95;
  busy.mailbox = 12;
  busy.busy_ns = 1'500'000'000;
  busy.backpressured_ns = 250'000'000;
  job.partitions = {{0, run_state::running, 100, 0, "", busy},
                    {1, run_state::restarting, 7, 2, "injected crash", {}}};
  job.windows = {{0, run_state::running, 0, 1'700'000'000'250, {}},
                 {1, run_state::restarting, 0, std::nullopt, {}}};
  job.sources = {{"kafka",
                  source_state::running,
                  90,
                  3,
                  {{"tx", 0, 42}, {"tx", 1, 0}},
                  {},
                  {},
                  {}}};
  job.sinks = {
      {"kafka \"q\"\\out\nx", sink_health::retrying, 80, 5, "broker down", {}}};
  checkpoint_status failed;
  failed.id = 7;
  failed.outcome = checkpoint_outcome::failed;
  checkpoint_status completed;
  completed.id = 6;
  completed.outcome = checkpoint_outcome::completed;
  completed.duration_ms = 12.5;
  completed.bytes = 4096;
  job.checkpoints = {failed, completed}; // the latest first
  return job;
}

bool has_line(const std::string& text, const std::string& line) {
  std::istringstream lines{text};
  for (std::string got; std::getline(lines, got);)
    if (got == line)
      return true;
  return false;
}

} // namespace

TEST_CASE("metrics have a sample per actor under stable names") {
  auto text = web::metrics_text({sample_job()});
  for (
      auto line : {
          R"(eddy_job_running{job="inventory"} 1)",
          R"(eddy_records_in_total{job="inventory",actor="partition/0"} 100)",
          R"(eddy_records_in_total{job="inventory",actor="partition/1"} 7)",
          R"(eddy_records_in_total{job="inventory",actor="source/kafka"} 90)",
          R"(eddy_malformed_records_total{job="inventory",actor="source/kafka"} 3)",
          R"(eddy_restarts_total{job="inventory",actor="partition/1"} 2)",
          R"(eddy_actor_state{job="inventory",actor="partition/1",state="restarting"} 1)",
          R"(eddy_actor_state{job="inventory",actor="partition/1",state="running"} 0)",
          R"(eddy_actor_state{job="inventory",actor="window/1",state="restarting"} 1)",
          R"(eddy_records_out_total{job="inventory",actor="partition/0"} 95)",
          R"(eddy_mailbox_depth{job="inventory",actor="partition/0"} 12)",
          R"(eddy_busy_seconds_total{job="inventory",actor="partition/0"} 1.5)",
          R"(eddy_backpressured_seconds_total{job="inventory",actor="partition/0"} 0.25)",
          R"(eddy_kafka_consumer_lag{job="inventory",actor="source/kafka",topic="tx",partition="0"} 42)",
          R"(eddy_window_watermark_seconds{job="inventory",actor="window/0"} 1700000000.25)",
      })
    CHECK_MESSAGE(has_line(text, line), std::string{line} << " missing in:\n"
                                                          << text);
  // A window that has closed nothing has no watermark yet.
  CHECK(
      text.find(
          R"(eddy_window_watermark_seconds{job="inventory",actor="window/1"})") ==
      std::string::npos);
}

TEST_CASE("metric label values escape backslash, quote and line feed") {
  auto text = web::metrics_text({sample_job()});
  auto sink = R"(actor="sink/kafka \"q\"\\out\nx")";
  CHECK_MESSAGE(
      has_line(text, std::string{"eddy_records_out_total{job=\"inventory\","} +
                         sink + "} 80"),
      text);
  CHECK(has_line(text,
                 std::string{"eddy_write_failures_total{job=\"inventory\","} +
                     sink + "} 5"));
}

TEST_CASE("checkpoint metrics describe the latest completed checkpoint") {
  auto text = web::metrics_text({sample_job()});
  CHECK(has_line(text, R"(eddy_checkpoint_id{job="inventory"} 6)"));
  CHECK(has_line(
      text, R"(eddy_checkpoint_duration_seconds{job="inventory"} 0.0125)"));
  CHECK(has_line(text, R"(eddy_checkpoint_bytes{job="inventory"} 4096)"));
  auto none = sample_job();
  none.checkpoints.clear();
  CHECK(web::metrics_text({none}).find("eddy_checkpoint_id{") ==
        std::string::npos);
}

TEST_CASE("every metric family says what it is before its samples") {
  auto text = web::metrics_text({sample_job()});
  std::istringstream lines{text};
  std::string described; // the family of the last TYPE line
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("# TYPE ")) {
      described = line.substr(7, line.find(' ', 7) - 7);
      continue;
    }
    if (line.starts_with("#"))
      continue;
    CAPTURE(line);
    CHECK(line.substr(0, line.find('{')) == described);
  }
}
