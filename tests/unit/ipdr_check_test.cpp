// `eddy-check ipdr`'s logic: the usage per (mac, hour) recomputed from
// hand-written IPDR records, every kind of difference against the output
// and its line, input records the job dead-letters, time zones, part-file
// directories and the command line.
#include "apps/eddy-check/ipdr_comparison.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "apps/eddy-check/ipdr_checker.hpp"
#include "apps/eddy-check/ipdr_command_line.hpp"
#include "apps/eddy-check/ipdr_records.hpp"
#include "apps/eddy-check/time_zone.hpp"
#include "apps/ipdr/ipdr_generator.hpp"
#include "messages/error.hpp"
#include "tests/support/temp_dir.hpp"

using namespace eddy;
using namespace eddy::check;

namespace {

// An input line with the fields the rollup reads (and a few it does not).
std::string input_line(const std::string& mac, const std::string& from,
                       int64_t octets, const std::string& scn = "data",
                       const std::string& host = "turner.biz") {
  return R"({"batchId":"103.65.107.58","cmMacAddr":")" + mac +
         R"(","cmtsHostName":")" + host + R"(","dsOctets":)" +
         std::to_string(octets) + R"(,"dsScn":")" + scn + R"(","fromTime":")" +
         from + R"(","usOctets":584150,"usScn":")" + scn + R"("})";
}

// A data record of MACADDR1 whose dsOctets is `octets_json` as written.
std::string line_with_octets(const std::string& octets_json) {
  auto line = input_line("MACADDR1", "2023-08-01 19:15:00", 0);
  line.replace(line.find(R"("dsOctets":0)"), 12, "\"dsOctets\":" + octets_json);
  return line;
}

std::string output_line(const std::string& mac, int hour, int64_t usage,
                        const std::string& scn = "data",
                        const std::string& host = "turner.biz") {
  return R"({"hourUsage":)" + std::to_string(hour) + R"(,"cmtshost":")" + host +
         R"(","scn":")" + scn + R"(","mac":")" + mac + R"(","usage":)" +
         std::to_string(usage) + "}";
}

std::string lines(const std::vector<std::string>& each) {
  std::string text;
  for (auto& line : each)
    text += line + "\n";
  return text;
}

// MACADDR1 at 19h: 100 + 200; MACADDR2 at 19h: 300; MACADDR1 at 20h: 400;
// a video record that the rollup leaves out.
const std::vector<std::string> four_records{
    input_line("MACADDR1", "2023-08-01 19:15:00", 100),
    input_line("MACADDR2", "2023-08-01 19:30:00", 300),
    input_line("MACADDR1", "2023-08-01 19:45:00", 200),
    input_line("MACADDR1", "2023-08-01 20:00:00", 400),
    input_line("MACADDR3", "2023-08-01 19:00:00", 999, "video"),
};

const std::vector<std::string> exact_output{output_line("MACADDR1", 19, 300),
                                            output_line("MACADDR2", 19, 300),
                                            output_line("MACADDR1", 20, 400)};

// The report of `run_ipdr_check` on files of these lines.
ipdr_report check_files(const std::vector<std::string>& input,
                        const std::vector<std::string>& output,
                        const std::string& zone = "UTC") {
  test::temp_dir dir;
  ipdr_check_options opts;
  opts.input = write_file(dir, "input.json", lines(input));
  opts.output = write_file(dir, "output.json", lines(output));
  opts.time_zone = zone;
  std::ostringstream notes;
  auto report = run_ipdr_check(opts, &notes);
  REQUIRE(report);
  return *report;
}

std::string check_line(const std::vector<std::string>& input,
                       const std::vector<std::string>& output) {
  return check_files(input, output).summary();
}

template <class T>
std::string error_text(const caf::expected<T>& x) {
  REQUIRE_FALSE(x);
  return describe(x.error());
}

int hour_in(const std::string& zone, const std::string& wall_time) {
  auto loaded = time_zone::load(zone);
  REQUIRE(loaded);
  auto seconds = parse_wall_time(wall_time);
  REQUIRE(seconds);
  auto hour = loaded->hour_of_wall_time(*seconds);
  REQUIRE(hour);
  return *hour;
}

} // namespace

TEST_CASE("eddy-check ipdr finds output exact whose usages sum to the "
          "input's dsOctets per mac and hour") {
  CHECK(check_line(four_records, exact_output) ==
        "exact: 3 keys, 4 records, total usage 1000, 0 skipped");
}

TEST_CASE("eddy-check ipdr sums a key's usages over several windows") {
  auto split = exact_output;
  split[0] = output_line("MACADDR1", 19, 100);
  split.push_back(output_line("MACADDR1", 19, 200));
  CHECK(check_files(four_records, split).is_exact());
}

TEST_CASE("eddy-check ipdr reports a key without output with what was "
          "expected") {
  auto output = exact_output;
  output.erase(output.begin() + 1);
  CHECK(check_line(four_records, output) ==
        "differs: 1 missing key (MACADDR2 hour 19: expected 300, got none)");
}

TEST_CASE("eddy-check ipdr reports an output record of a key the input "
          "lacks") {
  auto output = exact_output;
  output.push_back(output_line("MACADDR9", 3, 50));
  CHECK(check_line(four_records, output) ==
        "differs: 1 extra key (MACADDR9 hour 3: expected none, got 50)");
}

TEST_CASE("eddy-check ipdr reports a duplicated output record as a usage "
          "too large") {
  auto output = exact_output;
  output.push_back(exact_output[1]);
  CHECK(check_line(four_records, output) ==
        "differs: 1 different usage (MACADDR2 hour 19: expected 300, got 600 "
        "in 2 records)");
}

TEST_CASE("eddy-check ipdr counts the records of other service classes "
          "toward nothing") {
  auto output = exact_output;
  output.push_back(output_line("MACADDR3", 19, 999));
  CHECK(check_line(four_records, output) ==
        "differs: 1 extra key (MACADDR3 hour 19: expected none, got 999)");
}

TEST_CASE("eddy-check ipdr checks the service class given with --scn") {
  ipdr_comparison comparison{"video"};
  auto video = read_ipdr_input(four_records[4]);
  REQUIRE(video);
  comparison.add_input(*video, 19);
  comparison.add_output({"MACADDR3", 19, "turner.biz", "video", 999});
  CHECK(comparison.finish().summary() ==
        "exact: 1 keys, 1 records, total usage 999, 0 skipped");
}

TEST_CASE("eddy-check ipdr reports an output record of another service "
          "class or a host none of its key's records has") {
  auto output = exact_output;
  output[1] = output_line("MACADDR2", 19, 300, "video");
  output[2] = output_line("MACADDR1", 20, 400, "data", "kuhn.com");
  CHECK(check_line(four_records, output) ==
        "differs: 2 wrong fields (MACADDR2 hour 19: scn 'video', expected "
        "'data'; MACADDR1 hour 20: cmtshost 'kuhn.com' is in none of the "
        "key's input records)");
}

TEST_CASE("eddy-check ipdr reports an output line that is no output record, "
          "quoting it") {
  auto output = exact_output;
  output.push_back(R"({"hourUsage":24,"cmtshost":"a","scn":"data",)"
                   R"("mac":"MACADDR1","usage":1})");
  output.push_back(R"({"hourUsage":1,"scn":"data","mac":"M","usage":1})");
  output.push_back("HourlyUsage{hour='14'}");
  auto report = check_files(four_records, output);
  CHECK(report.count(ipdr_difference::malformed_output) == 3);
  CHECK(report.examples(ipdr_difference::malformed_output) ==
        std::vector<std::string>{
            "malformed_record: hourUsage 24 is not an hour 0-23: "
            "'" +
                output[3] + "'",
            "malformed_record: not the five fields hourUsage, cmtshost, scn, "
            "mac, usage: '" +
                output[4] + "'",
            "malformed_record: not JSON: 'HourlyUsage{hour='14'}'"});
}

TEST_CASE("eddy-check ipdr skips and counts the input records the job "
          "dead-letters") {
  auto input = four_records;
  input.push_back("{not json");
  input.push_back(R"(["an array"])");
  input.push_back(R"({"dsScn":"data","dsOctets":1,"fromTime":"2023-08-01 )"
                  R"(19:00:00"})");
  input.push_back(line_with_octets("\"5\""));
  input.push_back(line_with_octets("5.5"));
  input.push_back(input_line("MACADDR1", "2023-08-01T19:15:00", 7));
  input.push_back(input_line("MACADDR1", "2023-02-29 19:15:00", 7));
  input.push_back(R"({"cmMacAddr":"MACADDR1","cmtsHostName":7,"dsScn":"data",)"
                  R"("dsOctets":1,"fromTime":"2023-08-01 19:00:00"})");
  CHECK(check_line(input, exact_output) ==
        "exact: 3 keys, 4 records, total usage 1000, 8 skipped");
}

TEST_CASE("eddy-check ipdr names the first input record it skipped") {
  test::temp_dir dir;
  ipdr_check_options opts;
  opts.input = write_file(dir, "input.json",
                          lines({four_records[0], "{not json", "[1]"}));
  opts.output =
      write_file(dir, "output.json", lines({output_line("MACADDR1", 19, 100)}));
  std::ostringstream notes;
  auto report = run_ipdr_check(opts, &notes);
  REQUIRE(report);
  CHECK(report->is_exact());
  CHECK(notes.str() == "eddy-check: skipped 2 input records the job "
                       "dead-letters, the first: malformed_record: not JSON: "
                       "'{not json'\n");
}

TEST_CASE("eddy-check ipdr lists the first ten of many differences, the "
          "keys read first") {
  std::vector<std::string> input;
  for (int i = 0; i < 12; ++i)
    input.push_back(input_line("MACADDR" + std::to_string(i),
                               "2023-08-01 19:15:00", 10 + i));
  auto report = check_files(input, {});
  CHECK(report.count(ipdr_difference::missing_key) == 12);
  auto& examples = report.examples(ipdr_difference::missing_key);
  REQUIRE(examples.size() == 10);
  CHECK(examples.front() == "MACADDR0 hour 19: expected 10, got none");
  CHECK(examples.back() == "MACADDR9 hour 19: expected 19, got none");
}

TEST_CASE("eddy-check ipdr reads fromTime's hour in the time zone given") {
  // New York skips 02:00-03:00 on 2023-03-12: Java reads 02:15 as 03:15.
  std::vector<std::string> input{
      input_line("MACADDR1", "2023-03-12 02:15:00", 100)};
  CHECK(
      check_files(input, {output_line("MACADDR1", 2, 100)}, "UTC").is_exact());
  CHECK(
      check_files(input, {output_line("MACADDR1", 3, 100)}, "America/New_York")
          .is_exact());
}

TEST_CASE("a time zone moves a skipped wall time forward by the gap and "
          "keeps the hour of any other") {
  CHECK(hour_in("America/New_York", "2023-03-12 02:15:00") == 3);
  CHECK(hour_in("America/New_York", "2023-03-12 01:59:59") == 1);
  CHECK(hour_in("America/New_York", "2023-03-12 03:00:00") == 3);
  // 01:30 comes twice on 2023-11-05; either way it is hour 1.
  CHECK(hour_in("America/New_York", "2023-11-05 01:30:00") == 1);
  CHECK(hour_in("America/New_York", "2023-08-01 19:15:00") == 19);
  CHECK(hour_in("Europe/Berlin", "2024-03-31 02:30:00") == 3);
  CHECK(hour_in("Asia/Kolkata", "2023-08-01 23:45:00") == 23);
  CHECK(hour_in("UTC", "2023-03-12 02:15:00") == 2);
}

TEST_CASE("an unknown time zone is refused naming it") {
  CHECK(error_text(time_zone::load("Mars/Olympus_Mons"))
            .starts_with("invalid_config: unknown time zone "
                         "'Mars/Olympus_Mons': cannot read"));
  CHECK(error_text(time_zone::load("../../etc/passwd")) ==
        "invalid_config: unknown time zone '../../etc/passwd': not a zone "
        "name such as America/New_York");
  test::temp_dir dir;
  ipdr_check_options opts;
  opts.input = write_file(dir, "input.json", lines(four_records));
  opts.output = write_file(dir, "output.json", lines(exact_output));
  opts.time_zone = "Europe/Nowhere";
  CHECK(error_text(run_ipdr_check(opts))
            .starts_with("invalid_config: --time-zone: unknown time zone "
                         "'Europe/Nowhere'"));
}

TEST_CASE("fromTime must be a real date and time yyyy-MM-dd HH:mm:ss") {
  CHECK(parse_wall_time("1970-01-01 00:00:00") == int64_t{0});
  CHECK(parse_wall_time("2024-02-29 23:59:59") == int64_t{1709251199});
  for (auto* text :
       {"2023-02-29 00:00:00", "2023-08-01 24:00:00", "2023-08-01 19:60:00",
        "2023-13-01 00:00:00", "2023-8-1 19:15:00", "2023-08-01 19:15",
        "+023-08-01 "
        "19:15:00",
        "2023-08-01 19:15:00Z"})
    CHECK_MESSAGE(!parse_wall_time(text), text);
}

TEST_CASE("eddy-check ipdr reads the output of a directory's visible part "
          "files") {
  test::temp_dir dir;
  ipdr_check_options opts;
  opts.input = write_file(dir, "input.json", lines(four_records));
  std::filesystem::create_directory(dir.path() + "/out");
  write_file(dir, "out/part-0-0", lines({exact_output[0], exact_output[1]}));
  write_file(dir, "out/part-1-0", lines({exact_output[2]}));
  // In progress, so hidden: not read.
  write_file(dir, "out/.part-1-1.inprogress", lines({exact_output[2]}));
  opts.output = dir.path() + "/out";
  auto report = run_ipdr_check(opts);
  REQUIRE(report);
  CHECK(report->summary() ==
        "exact: 3 keys, 4 records, total usage 1000, 0 skipped");
}

TEST_CASE("eddy-check ipdr accepts what the IPDR generator makes") {
  ipdr::ipdr_generator make{{.macs = 20}};
  ipdr_comparison comparison{"data"};
  std::string line;
  int64_t data_usage = 0;
  for (uint64_t index = 0; index < 500; ++index) {
    line.clear();
    make(index, 1690916851250, line);
    auto input = read_ipdr_input(line);
    REQUIRE(input);
    comparison.add_input(
        *input, static_cast<int>(input->from_wall_seconds / 3600 % 24));
    if (input->scn == "data")
      data_usage += input->octets;
  }
  CHECK(comparison.report().totals.skipped == 0);
  CHECK(comparison.report().totals.usage == data_usage);
  CHECK(comparison.report().totals.records > 50);
}

TEST_CASE("eddy-check ipdr's command line takes its sources, class and "
          "zone") {
  auto opts = parse_ipdr_command_line(
      {"--input", "kafka:ipdr_input", "--output", "out/", "--bootstrap",
       "127.0.0.1:9092", "--time-zone", "America/New_York", "--isolation",
       "read_uncommitted", "--exactly-once"});
  REQUIRE(opts);
  CHECK(opts->input == "kafka:ipdr_input");
  CHECK(opts->output == "out/");
  CHECK(opts->scn == "data");
  CHECK(opts->time_zone == "America/New_York");
  CHECK_FALSE(opts->is_read_committed);
}

TEST_CASE("eddy-check ipdr's command line names what is missing or wrong") {
  CHECK(error_text(parse_ipdr_command_line({"--input", "in.json"})) ==
        "invalid_config: option '--output' is required");
  CHECK(error_text(parse_ipdr_command_line(
            {"--input", "kafka:ipdr_input", "--output", "out"})) ==
        "invalid_config: option '--bootstrap' is required to read "
        "'kafka:ipdr_input'");
  CHECK(error_text(parse_ipdr_command_line(
            {"--input", "a", "--output", "b", "--results", "c"})) ==
        "invalid_config: unknown option '--results'");
}
