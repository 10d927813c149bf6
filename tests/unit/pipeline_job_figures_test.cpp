// A pipeline job's own figures: what its app supplies with set_figures
// shows in the job's report, as it is when the report is made, and in the
// JSON of GET /v1/jobs/{job}.
#include "runtime/pipeline_job.hpp"

#include <atomic>
#include <future>
#include <memory>
#include <string>
#include <vector>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "runtime/job_set.hpp"
#include "runtime/pipeline.hpp"
#include "tests/support/pipeline_tester.hpp"
#include "web/job_route.hpp"

using namespace eddy;

namespace {

/// Words, passed on as they come; `seen` counts them as the partitions
/// pass them.
caf::expected<job_plan> counted_words(std::shared_ptr<std::atomic<int>> seen) {
  pipeline p{"words"};
  p.source(manual_input<std::string>({"words"}))
      .key_by([](const std::string& w) -> std::string_view { return w; })
      .repartition("partitions")
      .map("count",
           [seen](const std::string& w) {
             seen->fetch_add(1);
             return w;
           })
      .sink("words");
  return std::move(p).build();
}

/// The one figure of the words job: how many it has seen.
std::vector<job_figure> words_seen(const std::atomic<int>& seen) {
  return {{.id = "words_seen",
           .title = "Words seen",
           .unit = "words",
           .kind = job_figure::kind::bars,
           .points = {{"seen", static_cast<double>(seen.load())}}}};
}

struct words_job {
  std::shared_ptr<std::atomic<int>> seen = std::make_shared<std::atomic<int>>();
  test::pipeline_tester tester{[seen = seen] { return counted_words(seen); }};
  std::shared_ptr<test::collected<std::string>> out =
      tester.collect<std::string>("words");

  words_job() {
    tester.start();
    tester.job().set_figures([seen = seen] { return words_seen(*seen); });
  }

  /// Feeds `words` and waits until they came out.
  void feed(std::vector<std::string> words) {
    auto n = words.size();
    tester.send("words", std::move(words));
    REQUIRE(out->poll_many(n).size() == n);
  }
};

/// The body of GET /v1/jobs/{name} over `jobs`.
nlohmann::json job_json(job_registry& jobs, std::string_view name) {
  std::promise<web::response> answer;
  web::get_job(name, jobs,
               [&](web::response r) { answer.set_value(std::move(r)); });
  auto reply = answer.get_future().get();
  REQUIRE(reply.status == 200);
  return nlohmann::json::parse(reply.body);
}

} // namespace

TEST_CASE("a job's report shows the figures its app supplies, as they are "
          "when the report is made") {
  words_job words;
  auto before = words.tester.job().status().figures;
  REQUIRE(before.size() == 1);
  CHECK(before[0].points ==
        std::vector<std::pair<std::string, double>>{{"seen", 0}});
  words.feed({"a", "b", "a"});
  auto after = words.tester.job().status().figures;
  REQUIRE(after.size() == 1);
  CHECK(after[0].id == "words_seen");
  CHECK(after[0].points ==
        std::vector<std::pair<std::string, double>>{{"seen", 3}});
}

TEST_CASE("GET /v1/jobs/{job} shows the job's figures") {
  words_job words;
  words.feed({"a", "b"});
  job_set jobs;
  // The tester owns the job: the set only borrows it.
  jobs.add(std::shared_ptr<job>{std::shared_ptr<job>{}, &words.tester.job()});
  auto body = job_json(jobs, "words");
  CHECK(body["figures"] == nlohmann::json::parse(R"([{"id":"words_seen",
        "title":"Words seen","unit":"words","kind":"bars",
        "points":[["seen",2.0]]}])"));
}

TEST_CASE("a job whose app supplies no figures, or takes them away, reports "
          "none") {
  words_job words;
  words.tester.job().set_figures({});
  CHECK(words.tester.job().status().figures.empty());
}
