// The JSON bodies of the built-in routes: job reports with every field.
#include "web/json_bodies.hpp"

#include <cmath>

#include <doctest/doctest.h>

using namespace eddy;

TEST_CASE("a job body has its graph, windows with their watermark, Kafka lag "
          "per partition and each actor's load") {
  job_status job;
  job.name = "inventory";
  job.graph = {{{"source/kafka", "source", 1}, {"partitions", "partition", 2}},
               {{"source/kafka", "partitions", "by key"}}};
  actor_report load;
  load.records_in = 10;
  load.records_out = 9;
  load.mailbox = 3;
  load.busy_percent = 60;
  load.activity = actor_activity::busy;
  job.windows = {{0, run_state::running, 1, 1700000000000, load},
                 {1, run_state::recovering, 0, std::nullopt, {}}};
  job.sources = {
      {"kafka", source_state::running, 10, 0, {{"tx", 3, 42}}, load, {}, {}}};
  auto body = nlohmann::json::parse(web::job_body(job));
  CHECK(body["graph"]["nodes"][1] == nlohmann::json{{"id", "partitions"},
                                                    {"kind", "partition"},
                                                    {"parallelism", 2}});
  CHECK(body["graph"]["edges"][0]["shipping"] == "by key");
  auto& window = body["windows"][0];
  CHECK(window["actor"] == "window/0");
  CHECK(window["watermarkMs"] == 1700000000000);
  CHECK(window["lateRecords"] == 1);
  CHECK(window["recordsIn"] == 10);
  CHECK(window["recordsOut"] == 9);
  CHECK(window["mailbox"] == 3);
  CHECK(window["busyPercent"] == 60.0);
  CHECK(window["activity"] == "busy");
  CHECK(body["windows"][1]["watermarkMs"].is_null());
  CHECK(body["sources"][0]["lag"] ==
        nlohmann::json::parse(R"([{"topic":"tx","partition":3,"lag":42}])"));
  CHECK(body["sources"][0]["actor"] == "source/kafka");
}

TEST_CASE("a job body has the job's figures: kind, unit and points in the "
          "job's order") {
  job_status job;
  job.name = "ipdr";
  job.figures = {{.id = "top_modems",
                  .title = "Top modems by usage",
                  .unit = "bytes",
                  .kind = job_figure::kind::ranking,
                  .points = {{"aa:bb:cc:00:00:02", 900}, {"aa:bb", 12.5}}}};
  auto body = nlohmann::json::parse(web::job_body(job));
  CHECK(body["figures"] == nlohmann::json::parse(R"([{"id":"top_modems",
        "title":"Top modems by usage","unit":"bytes","kind":"ranking",
        "points":[["aa:bb:cc:00:00:02",900.0],["aa:bb",12.5]]}])"));
}

TEST_CASE("a figure of lines over time is of kind series, one point per "
          "line") {
  job_status job;
  job.figures = {{.id = "latency",
                  .title = "End-to-end latency",
                  .unit = "ms",
                  .kind = job_figure::kind::series,
                  .points = {{"p50", 1.5}, {"p99", 12}}}};
  auto body = nlohmann::json::parse(web::job_body(job));
  CHECK(body["figures"][0]["kind"] == "series");
  CHECK(body["figures"][0]["points"] ==
        nlohmann::json::parse(R"([["p50",1.5],["p99",12.0]])"));
}

TEST_CASE("a job without figures has an empty list of them") {
  job_status job;
  job.name = "inventory";
  auto body = nlohmann::json::parse(web::job_body(job));
  CHECK(body["figures"] == nlohmann::json::array());
}

TEST_CASE("a figure's value that is not a number is null, so the body stays "
          "JSON") {
  job_status job;
  job.figures = {{.id = "usage_by_hour",
                  .title = "Usage per hour of day",
                  .unit = "bytes",
                  .kind = job_figure::kind::bars,
                  .points = {{"0", std::nan("")}, {"1", 3}}}};
  auto body = nlohmann::json::parse(web::job_body(job));
  CHECK(body["figures"][0]["kind"] == "bars");
  CHECK(body["figures"][0]["points"][0][1].is_null());
  CHECK(body["figures"][0]["points"][1][1] == 3.0);
}
