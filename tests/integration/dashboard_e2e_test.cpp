// The dashboard end to end: a real eddy running five jobs (the inventory
// with its generator, fault injection and 2 s summary windows, so that its
// ranking of failed items changes within the test, the IPDR rollup and the
// sensors on their generators with 1 s windows, and the telemetry and
// machines jobs on their generators with no Kafka and no stdout) and a real
// headless Chromium, driven by
// tests/e2e/dashboard.e2e.mjs with playwright-core. The script performs the
// steps and checks; this test starts both, shows what the script printed and
// keeps its screenshots in the build's test-artifacts/.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "tests/support/browser_script.hpp"
#include "tests/support/eddy_process.hpp"
#include "tests/support/temp_dir.hpp"

using namespace std::chrono_literals;

namespace eddy::test {

TEST_CASE("in the dashboard a person picks each job's tab, sees the "
          "inventory job live with its own figures, looks up an item and "
          "watches a crashed partition restart, the ipdr tab shows usage per "
          "hour and the top modems, the sensors tab its alerts, the "
          "telemetry tab its events per second and latency over time, the "
          "machines tab each machine's power per channel") {
  constexpr auto token = "dashboard-e2e-token";
  temp_dir dir;
  eddy_process eddy{dir.path(),
                    {{"generator.enabled", "true"},
                     {"generator.rate", "2000"},
                     {"partitions", "8"},
                     {"window.size.ms", "2000"},
                     {"admin.token", token},
                     {"admin.fault_injection", "true"},
                     {"jobs", "inventory,machines,ipdr,sensors,telemetry"},
                     {"sensors.window.size", "1s"},
                     {"sensors.generator.rate", "2000"},
                     {"sensors.source.kafka.enabled", "false"},
                     {"sensors.alerts.kafka", "false"},
                     {"ipdr.window.size", "1s"},
                     {"ipdr.generator.rate", "500"},
                     {"ipdr.source.kafka.enabled", "false"},
                     {"ipdr.sink.kafka", "false"},
                     {"telemetry.generator.rate", "2000"},
                     {"telemetry.source.kafka.enabled", "false"},
                     {"telemetry.output.kafka", "false"},
                     {"telemetry.sink.stdout", "false"},
                     {"machines.generator.enabled", "true"},
                     {"machines.generator.rate", "200"},
                     {"machines.output.kafka", "false"},
                     {"machines.sink.stdout", "false"},
                     {"mqtt.server.uri", "tcp://127.0.0.1:1"},
                     {"kafka.bootstrap.servers", "127.0.0.1:1"}}};
  auto screenshot = std::string{EDDY_ARTIFACT_DIR} + "/dashboard.png";
  auto telemetry_screenshot =
      std::string{EDDY_ARTIFACT_DIR} + "/dashboard-telemetry.png";
  auto machines_screenshot =
      std::string{EDDY_ARTIFACT_DIR} + "/dashboard-machines.png";
  std::filesystem::remove(screenshot);
  std::filesystem::remove(telemetry_screenshot);
  std::filesystem::remove(machines_screenshot);
  run_browser_script(
      "dashboard.e2e.mjs",
      {"--url", "http://127.0.0.1:" + std::to_string(eddy.port()) + "/",
       "--token", token, "--partitions", "8", "--screenshot", screenshot,
       "--second-job", "machines", "--ipdr-job", "ipdr", "--sensors-job",
       "sensors", "--telemetry-job", "telemetry", "--machines-job", "machines"},
      "dashboard e2e: passed", 240s);
  CHECK_MESSAGE(std::filesystem::exists(screenshot),
                "no screenshot at " << screenshot);
  CHECK_MESSAGE(std::filesystem::exists(telemetry_screenshot),
                "no screenshot at " << telemetry_screenshot);
  CHECK_MESSAGE(std::filesystem::exists(machines_screenshot),
                "no screenshot at " << machines_screenshot);
}

} // namespace eddy::test
