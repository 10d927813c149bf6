// The ipdr panel's figures: usage per hour of day (24 bars) and the top
// modems (a ranking, largest first), from the usage of closed windows.
#include "apps/ipdr/usage_board.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace eddy;
using namespace eddy::ipdr;

namespace {

usage of(const std::string& mac, int32_t hour, int64_t octets) {
  return usage{hour, "host", "data", mac, octets, 0, 3600000};
}

} // namespace

TEST_CASE("usage per hour of day has a bar per hour with the hour's sum") {
  usage_board board;
  usage_board_writer writer{std::shared_ptr<usage_board>{&board, [](auto*) {}}};
  REQUIRE(writer.write({of("M1", 3, 10), of("M2", 3, 5), of("M1", 23, 1)}));
  auto figures = board.figures();
  REQUIRE(figures.size() == 2);
  auto& hours = figures[0];
  CHECK(hours.id == "usage_by_hour");
  CHECK(hours.kind == figure_kind::bars);
  CHECK(hours.unit == "bytes");
  REQUIRE(hours.points.size() == 24);
  CHECK(hours.points[0] == std::pair<std::string, double>{"0", 0});
  CHECK(hours.points[3] == std::pair<std::string, double>{"3", 15});
  CHECK(hours.points[23] == std::pair<std::string, double>{"23", 1});
}

TEST_CASE("the top modems are the ten largest users over all hours, largest "
          "first") {
  usage_board board;
  std::vector<usage> closed;
  for (int m = 1; m <= 30; ++m)
    closed.push_back(of("M" + std::to_string(m), m % 24, m * 100));
  closed.push_back(of("M1", 5, 10000)); // M1: 10100 in all, the largest
  board.add(closed);
  auto top = board.figures()[1];
  CHECK(top.id == "top_modems");
  CHECK(top.kind == figure_kind::ranking);
  REQUIRE(top.points.size() == usage_board::top_modems);
  CHECK(top.points[0] == std::pair<std::string, double>{"M1", 10100});
  CHECK(top.points[1] == std::pair<std::string, double>{"M30", 3000});
  CHECK(top.points[9] == std::pair<std::string, double>{"M22", 2200});
}
