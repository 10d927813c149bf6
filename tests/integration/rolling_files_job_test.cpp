// A pipeline job writing its output as rolling part files: the engine has
// the writer prepare each checkpoint and recover from the restored one at
// start, so the finished parts hold every record exactly once across a
// clean restart and across a crash right after a checkpoint completed.
#include "connectors/files/rolling_file_writer.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "runtime/pipeline.hpp"
#include "tests/support/part_directory.hpp"
#include "tests/support/pipeline_tester.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;

namespace {

using lines = std::vector<std::string>;

caf::expected<job_plan> words() {
  pipeline p{"words"};
  p.source(manual_input<std::string>({"words"}))
      .key_by([](const std::string& w) -> std::string_view { return w; })
      .repartition("by word")
      .sink("words");
  return std::move(p).build();
}

/// What befalls the writer inside the job: it lives, its process dies
/// right after a checkpoint completed (the commit never comes), or it is
/// dead (nothing reaches the files any more).
enum class fate { lives, loses_commits, is_dead };

class crashable_writer final : public record_writer<std::string> {
public:
  crashable_writer(std::unique_ptr<record_writer<std::string>> inner,
                   std::shared_ptr<std::atomic<fate>> fate_of)
      : inner_(std::move(inner)), fate_(std::move(fate_of)) {}

  caf::expected<void> write(const std::vector<std::string>& records) override {
    return is_dead() ? dead() : inner_->write(records);
  }

  caf::expected<void> flush() override {
    return is_dead() ? dead() : inner_->flush();
  }

  bool transactional() const override { return true; }

  caf::expected<void> prepare(int64_t checkpoint_id) override {
    return is_dead() ? dead() : inner_->prepare(checkpoint_id);
  }

  caf::expected<void> commit() override {
    if (*fate_ == fate::lives)
      return inner_->commit();
    return caf::unit; // lost with the process
  }

  caf::expected<void> abort() override {
    return is_dead() ? dead() : inner_->abort();
  }

  caf::expected<void> recover(int64_t restored_checkpoint) override {
    return inner_->recover(restored_checkpoint);
  }

private:
  bool is_dead() const { return *fate_ == fate::is_dead; }

  static caf::expected<void> dead() {
    return make_error(ec::connector_failure, "the process is gone");
  }

  std::unique_ptr<record_writer<std::string>> inner_;
  std::shared_ptr<std::atomic<fate>> fate_;
};

// The job with its "words" output in part files under `dir`, small parts.
struct words_job {
  test::temp_dir tmp;
  std::string dir = tmp.path() + "/words";
  std::shared_ptr<std::atomic<fate>> fate_of =
      std::make_shared<std::atomic<fate>>(fate::lives);
  test::pipeline_tester tester{words, {{"checkpoint.timeout.ms", "1000"}}};

  words_job() {
    tester.write_through<std::string>(
        "words", "files",
        [this]() -> std::unique_ptr<record_writer<std::string>> {
          rolling_file_options<std::string> opts;
          opts.directory = dir;
          opts.part_size = 16;
          opts.format = [](const std::string& w, std::string& line) {
            line += w;
          };
          auto writer = rolling_file_writer<std::string>::make(opts);
          REQUIRE_MESSAGE(writer, describe(writer.error()));
          return std::make_unique<crashable_writer>(std::move(*writer),
                                                    fate_of);
        });
  }

  void send(const lines& records) {
    tester.send<std::string>("words", records);
  }

  // Waits until the in-progress parts hold `n` lines in all.
  bool wait_for_written(size_t n) {
    for (int i = 0; i < 500; ++i) {
      size_t written = 0;
      for (auto& name : test::in_progress_parts(dir)) {
        auto text = test::file_content(dir + "/" + name);
        written += std::count(text.begin(), text.end(), '\n');
      }
      if (written >= n)
        return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }
};

lines sorted(lines xs) {
  std::sort(xs.begin(), xs.end());
  return xs;
}

lines numbered(const std::string& prefix, int n) {
  lines result;
  for (int i = 0; i < n; ++i)
    result.push_back(prefix + std::to_string(i));
  return result;
}

lines concat(lines a, const lines& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

} // namespace

TEST_CASE("a job's part files hold every record once across a clean "
          "restart, and none is left hidden") {
  words_job job;
  job.tester.start();
  job.send(numbered("a", 20));
  job.tester.checkpoint();
  job.send(numbered("b", 10));
  job.tester.restart();
  job.send(numbered("c", 10));
  job.tester.stop();
  auto all =
      concat(concat(numbered("a", 20), numbered("b", 10)), numbered("c", 10));
  CHECK(sorted(test::finished_lines(job.dir)) == sorted(all));
  CHECK(test::in_progress_parts(job.dir).empty());
}

TEST_CASE("after a crash right after a checkpoint completed, the restart "
          "finishes what it covers and drops what came after") {
  words_job job;
  job.tester.start();
  job.send(numbered("a", 10));
  job.tester.checkpoint();
  *job.fate_of = fate::loses_commits;
  job.send(numbered("b", 10));
  job.tester.checkpoint(); // completes; its commit dies with the process
  job.send(numbered("c", 10));
  REQUIRE(job.wait_for_written(30 - test::finished_lines(job.dir).size()));
  *job.fate_of = fate::is_dead;
  job.tester.stop(); // its last checkpoint fails: the sink cannot write
  *job.fate_of = fate::lives;
  job.tester.start();
  auto covered = concat(numbered("a", 10), numbered("b", 10));
  CHECK(sorted(test::finished_lines(job.dir)) == sorted(covered));
  CHECK(test::in_progress_parts(job.dir).empty());
  job.send(numbered("c", 10)); // what the source replays
  job.tester.stop();
  CHECK(sorted(test::finished_lines(job.dir)) ==
        sorted(concat(covered, numbered("c", 10))));
}

TEST_CASE("a job whose file output cannot recover does not start, naming "
          "the manifest") {
  words_job job;
  job.tester.start();
  job.tester.stop();
  std::ofstream{job.dir + "/.part.manifest"} << "garbage\n";
  auto err = job.tester.try_start();
  REQUIRE(err);
  CHECK(describe(err).find(".part.manifest") != std::string::npos);
}
