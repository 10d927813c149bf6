// The rolling file writer driven by hand in a temporary directory, as the
// sink and the engine drive it: parts roll by size and age, are finished
// only at the commit of a checkpoint covering them, abort returns to the
// last commit, and recover after a crash at any point leaves exactly the
// lines the restored checkpoint covers.
#include "connectors/files/rolling_file_writer.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include <csignal>

#include <doctest/doctest.h>
#include <sys/resource.h>

#include "tests/support/part_directory.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using lines = std::vector<std::string>;
using writer_ptr = std::unique_ptr<rolling_file_writer<std::string>>;

void require(const caf::expected<void>& ok) {
  if (!ok)
    FAIL(describe(ok.error()));
}

// An output directory, writers on it (records are their own lines), and a
// clock the test moves by hand.
struct output {
  test::temp_dir tmp;
  std::string dir = tmp.path() + "/out";
  std::shared_ptr<std::chrono::steady_clock::time_point> now =
      std::make_shared<std::chrono::steady_clock::time_point>();

  rolling_file_options<std::string> options(uint64_t part_size) const {
    rolling_file_options<std::string> opts;
    opts.directory = dir;
    opts.part_size = part_size;
    opts.rollover_interval = 60s;
    opts.clock = [now = now] { return *now; };
    opts.format = [](const std::string& rec, std::string& line) {
      line += rec;
    };
    return opts;
  }

  // A writer (a new run) recovered from checkpoint `restored`.
  writer_ptr start(int64_t restored = 0, uint64_t part_size = 1024) const {
    auto made = rolling_file_writer<std::string>::make(options(part_size));
    if (!made)
      FAIL(describe(made.error()));
    require((*made)->recover(restored));
    return std::move(*made);
  }
};

void write(record_writer<std::string>& writer, const lines& records) {
  require(writer.write(records));
  require(writer.flush());
}

void checkpoint(record_writer<std::string>& writer, int64_t id) {
  require(writer.prepare(id));
  require(writer.commit());
}

} // namespace

TEST_CASE("a part is finished at the commit after it rolled by size, "
          "not before") {
  output out;
  auto writer = out.start(0, 6);
  write(*writer, {"aa", "bb", "cc"}); // "aa\nbb\n" reaches 6 bytes
  CHECK(test::finished_parts(out.dir).empty());
  CHECK(test::in_progress_parts(out.dir).size() == 2);
  require(writer->prepare(1));
  CHECK(test::finished_parts(out.dir).empty());
  require(writer->commit());
  CHECK(test::finished_lines(out.dir) == lines{"aa", "bb"});
  CHECK(test::in_progress_parts(out.dir).size() == 1);
}

TEST_CASE("a part rolls once it is older than the rollover interval, at "
          "the next write or checkpoint") {
  output out;
  auto writer = out.start();
  write(*writer, {"a"});
  *out.now += 61s;
  write(*writer, {"b"});
  checkpoint(*writer, 1);
  CHECK(test::finished_lines(out.dir) == lines{"a"});
  *out.now += 61s;
  checkpoint(*writer, 2);
  CHECK(test::finished_lines(out.dir) == lines{"a", "b"});
  CHECK(test::in_progress_parts(out.dir).empty());
}

TEST_CASE("a rolled part is finished only by a checkpoint that covers all "
          "of it") {
  output out;
  auto writer = out.start(0, 6);
  write(*writer, {"aa"});
  require(writer->prepare(1));
  write(*writer, {"bb"}); // rolls, but checkpoint 1 has only "aa"
  require(writer->commit());
  CHECK(test::finished_parts(out.dir).empty());
  checkpoint(*writer, 2);
  CHECK(test::finished_lines(out.dir) == lines{"aa", "bb"});
}

TEST_CASE("abort returns to the last commit and the lines written again "
          "appear once") {
  output out;
  auto writer = out.start(0, 6);
  write(*writer, {"a"});
  checkpoint(*writer, 1);
  write(*writer, {"b", "c", "d"});
  require(writer->abort());
  write(*writer, {"b2"});
  checkpoint(*writer, 2);
  writer.reset(); // a clean stop finishes what the last commit covers
  CHECK(test::finished_lines(out.dir) == lines{"a", "b2"});
  CHECK(test::in_progress_parts(out.dir).empty());
}

namespace {

// Files of this process cannot grow past `limit` bytes while it lives:
// writes past it fail with EFBIG (instead of SIGXFSZ killing the test).
class file_size_limit {
public:
  explicit file_size_limit(rlim_t limit) {
    old_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    getrlimit(RLIMIT_FSIZE, &old_);
    auto lowered = old_;
    lowered.rlim_cur = limit;
    setrlimit(RLIMIT_FSIZE, &lowered);
  }

  ~file_size_limit() {
    setrlimit(RLIMIT_FSIZE, &old_);
    std::signal(SIGXFSZ, old_handler_);
  }

private:
  rlimit old_{};
  void (*old_handler_)(int) = nullptr;
};

} // namespace

TEST_CASE("a failed flush discards the lines since the last flush, and "
          "they appear once when written again") {
  output out;
  auto writer = out.start();
  write(*writer, {"a"});
  checkpoint(*writer, 1);
  std::string long_line(40, 'b');
  {
    file_size_limit limit{10}; // the part holds "a\n": 8 more bytes fit
    require(writer->write({long_line}));
    CHECK_FALSE(writer->flush());
  }
  write(*writer, {long_line});
  checkpoint(*writer, 2);
  writer.reset();
  CHECK(test::finished_lines(out.dir) == lines{"a", long_line});
}

TEST_CASE("a clean stop after a last checkpoint leaves no part hidden, and "
          "runs list in write order") {
  output out;
  auto first = out.start(0, 4);
  write(*first, {"1", "2", "3"});
  checkpoint(*first, 1);
  first.reset();
  auto second = out.start(1, 4);
  write(*second, {"4", "5"});
  checkpoint(*second, 2);
  second.reset();
  CHECK(test::finished_lines(out.dir) == lines{"1", "2", "3", "4", "5"});
  CHECK(test::finished_parts(out.dir).size() == 3);
  CHECK(test::in_progress_parts(out.dir).empty());
}

TEST_CASE("after a crash before any checkpoint a fresh start leaves "
          "nothing") {
  output out;
  auto crashed = out.start();
  write(*crashed, {"a", "b"});
  crashed.reset();
  auto writer = out.start(0);
  CHECK(test::finished_parts(out.dir).empty());
  CHECK(test::in_progress_parts(out.dir).empty());
}

TEST_CASE("after a crash with a checkpoint prepared but not completed, "
          "recover keeps what the completed one covers") {
  output out;
  auto crashed = out.start();
  write(*crashed, {"a"});
  checkpoint(*crashed, 1);
  write(*crashed, {"b"});
  require(crashed->prepare(2));
  write(*crashed, {"c"});
  crashed.reset();
  auto writer = out.start(1);
  CHECK(test::finished_lines(out.dir) == lines{"a"});
  CHECK(test::in_progress_parts(out.dir).empty());
}

TEST_CASE("after a crash between a completed checkpoint and its commit, "
          "recover finishes what it covers") {
  output out;
  auto crashed = out.start(0, 4);
  write(*crashed, {"a"});
  checkpoint(*crashed, 1);
  write(*crashed, {"b", "c"});
  require(crashed->prepare(2)); // completes; the crash comes before commit
  write(*crashed, {"d"});
  crashed.reset();
  auto writer = out.start(2);
  CHECK(test::finished_lines(out.dir) == lines{"a", "b", "c"});
  CHECK(test::in_progress_parts(out.dir).empty());
}

TEST_CASE("a partial line a crash left after the checkpoint is cut off") {
  output out;
  auto crashed = out.start();
  write(*crashed, {"whole"});
  require(crashed->prepare(1));
  crashed.reset();
  auto hidden = test::in_progress_parts(out.dir);
  REQUIRE(hidden.size() == 1);
  std::ofstream{out.dir + "/" + hidden[0], std::ios::app} << "parti";
  auto writer = out.start(1);
  CHECK(test::finished_lines(out.dir) == lines{"whole"});
  CHECK(test::file_content(out.dir + "/" + test::finished_parts(out.dir)[0]) ==
        "whole\n");
}

TEST_CASE("after a crash following a commit nothing finished is written "
          "twice") {
  output out;
  auto crashed = out.start(0, 2);
  write(*crashed, {"a", "b"});
  checkpoint(*crashed, 1);
  write(*crashed, {"c"});
  crashed.reset();
  auto writer = out.start(1, 2);
  write(*writer, {"c"}); // the replay
  checkpoint(*writer, 2);
  CHECK(test::finished_lines(out.dir) == lines{"a", "b", "c"});
}

TEST_CASE("checkpoints a crashed run prepared after the restored one are "
          "forgotten: their ids are used again") {
  output out;
  auto first = out.start();
  write(*first, {"a"});
  checkpoint(*first, 1);
  write(*first, {"lost"});
  require(first->prepare(2));
  first.reset();
  auto second = out.start(1);
  write(*second, {"b"});
  require(second->prepare(2));
  second.reset();
  auto third = out.start(2);
  CHECK(test::finished_lines(out.dir) == lines{"a", "b"});
}

TEST_CASE("recover fails naming a part the restored checkpoint covers that "
          "is gone") {
  output out;
  auto crashed = out.start();
  write(*crashed, {"a"});
  require(crashed->prepare(1));
  crashed.reset();
  auto hidden = test::in_progress_parts(out.dir);
  REQUIRE(hidden.size() == 1);
  fs::remove(out.dir + "/" + hidden[0]);
  auto writer = rolling_file_writer<std::string>::make(out.options(1024));
  REQUIRE(writer);
  auto ok = (*writer)->recover(1);
  REQUIRE_FALSE(ok);
  CHECK(describe(ok.error()).find(hidden[0]) != std::string::npos);
}

TEST_CASE("recover fails naming a malformed manifest") {
  output out;
  out.start().reset();
  std::ofstream{out.dir + "/.part.manifest"} << "not a manifest\n";
  auto writer = rolling_file_writer<std::string>::make(out.options(1024));
  REQUIRE(writer);
  auto ok = (*writer)->recover(0);
  REQUIRE_FALSE(ok);
  CHECK(describe(ok.error()).find(".part.manifest") != std::string::npos);
}

TEST_CASE("a write before recover fails instead of writing") {
  output out;
  auto writer = rolling_file_writer<std::string>::make(out.options(1024));
  REQUIRE(writer);
  CHECK_FALSE((*writer)->write({"a"}));
  CHECK(test::in_progress_parts(out.dir).empty());
}

TEST_CASE("a directory that cannot be created fails make naming it") {
  output out;
  std::ofstream{out.tmp.path() + "/file"} << "in the way";
  auto opts = out.options(1024);
  opts.directory = out.tmp.path() + "/file/out";
  auto writer = rolling_file_writer<std::string>::make(opts);
  REQUIRE_FALSE(writer);
  CHECK(describe(writer.error()).find(opts.directory) != std::string::npos);
}

TEST_CASE("the writer is transactional and named after its directory") {
  output out;
  auto writer = out.start();
  CHECK(writer->transactional());
  CHECK(writer->name() == "files " + out.dir);
}
