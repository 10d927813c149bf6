// output_factory makes a job's writers from the shared settings, and names
// the key or the path when it cannot.
#include "runtime/output_factory.hpp"

#include <doctest/doctest.h>

#include <string>

#include "apps/eddy/job_catalog.hpp"
#include "messages/error.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;

namespace {

settings with(std::initializer_list<std::pair<const char*, std::string>> kv) {
  auto cfg = settings::defaults(catalog_keys());
  for (auto& [key, value] : kv)
    REQUIRE_FALSE(cfg.set(key, value, "test"));
  return cfg;
}

void as_line(const std::string& x, std::string& line) {
  line += x;
}

void as_message(const std::string& x, std::string& key, std::string& payload) {
  key = x;
  payload = x;
}

} // namespace

TEST_CASE("dead letters go to a file in output.dir, and to "
          "dead.letter.topic only when the job uses Kafka") {
  test::temp_dir dir;
  auto cfg = with({{"output.dir", dir.path()}});
  output_factory make{cfg, "job"};
  auto letters = make.dead_letters("job-dead-letters.txt", false);
  REQUIRE(letters);
  REQUIRE(letters->size() == 1);
  CHECK(letters->front().first == dir.path() + "/job-dead-letters.txt");
}

TEST_CASE("a Kafka output without kafka.bootstrap.servers is refused "
          "naming the key and the job") {
  auto cfg = with({});
  output_factory make{cfg, "ipdr"};
  named_writers<std::string> out;
  auto err = make.to_kafka<std::string>(out, "topic", as_message);
  REQUIRE(err);
  CHECK(err == ec::invalid_config);
  CHECK(describe(err).find("kafka.bootstrap.servers") != std::string::npos);
  CHECK(describe(err).find("ipdr") != std::string::npos);
  CHECK(out.empty());
}

TEST_CASE("a kafka.transactional.id set by hand is refused: Eddy gives each "
          "exactly-once writer its own") {
  auto cfg = with({{"kafka.bootstrap.servers", "127.0.0.1:1"},
                   {"kafka.transactional.id", "mine"}});
  output_factory make{cfg, "ipdr"};
  named_writers<std::string> out;
  auto err = make.to_kafka<std::string>(out, "topic", as_message);
  REQUIRE(err);
  CHECK(describe(err).find("kafka.transactional.id") != std::string::npos);
}

TEST_CASE("a file that cannot be opened is refused naming it") {
  test::temp_dir dir;
  auto cfg = with({});
  output_factory make{cfg, "job"};
  named_writers<std::string> out;
  test::write_file(dir, "a-file", "x");
  auto err =
      make.to_file<std::string>(out, dir.path() + "/a-file/out.txt", as_line);
  REQUIRE(err);
  CHECK(describe(err).find(dir.path() + "/a-file") != std::string::npos);
}
