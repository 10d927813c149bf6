// The JSON bodies of the built-in routes: job reports with every field.
#include "web/json_bodies.hpp"

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
      {"kafka", source_state::running, 10, 0, {{"tx", 3, 42}}, load, {}}};
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
