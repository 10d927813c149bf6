// eddy-devkafka: the dev Kafka cluster. Runs librdkafka's mock cluster with
// the given topics until SIGTERM or SIGINT and prints its bootstrap servers;
// it can answer chosen requests with an error (fault injection for tests).
#include <algorithm>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h must come after rdkafka.h.
#include <librdkafka/rdkafka_mock.h>

#include <netinet/in.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include "apps/eddy-devkafka/broker_listeners.hpp"
#include "apps/eddy-devkafka/topic_admin.hpp"

namespace {

struct topic_spec {
  std::string name;
  int partitions = 1;
};

// The next `count` requests of `api_key` are answered with `error`.
struct request_failure {
  int16_t api_key = 0;
  rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
  int count = 1;
};

struct options {
  int port = 0;       // 0: any free port
  int admin_port = 0; // 0: no topic requests while running
  int brokers = 1;
  std::vector<topic_spec> topics;
  std::vector<request_failure> failures;
};

// Kafka protocol API keys by name, for --fail-request (the mock takes keys).
struct api_name {
  const char* name;
  int16_t key;
};

constexpr api_name api_names[] = {
    {"Produce", 0},          {"Fetch", 1},           {"ListOffsets", 2},
    {"Metadata", 3},         {"OffsetCommit", 8},    {"OffsetFetch", 9},
    {"FindCoordinator", 10}, {"JoinGroup", 11},      {"Heartbeat", 12},
    {"SyncGroup", 14},       {"InitProducerId", 22}, {"AddPartitionsToTxn", 24},
    {"AddOffsetsToTxn", 25}, {"EndTxn", 26},         {"TxnOffsetCommit", 28},
};

const char* usage =
    "usage: eddy-devkafka [--port PORT] [--brokers N] "
    "[--topic NAME:PARTITIONS]... [--fail-request API:ERROR[:COUNT]]...\n"
    "       [--admin-port PORT]\n"
    "  runs a Kafka-protocol dev cluster (librdkafka's mock cluster) on\n"
    "  127.0.0.1, brokers on PORT, PORT+1, ... (PORT 0 or absent: free "
    "ports),\n"
    "  prints one line `bootstrap.servers=...` and runs until SIGTERM or "
    "SIGINT.\n"
    "  --fail-request answers the next COUNT (default 1) requests of API\n"
    "  (e.g. EndTxn, Produce, or a numeric API key) with the broker error\n"
    "  ERROR (e.g. PRODUCER_FENCED), to test how clients handle it.\n"
    "  --admin-port takes topic requests while running on 127.0.0.1:PORT, one\n"
    "  line each, `create NAME PARTITIONS`, answered `created NAME`, `exists\n"
    "  NAME` or `error REASON` (the mock cluster has no CreateTopics).\n"
    "  Limits: 5 MiB or 100,000 message sets retained per partition.\n";

template <class T>
bool parse_number(std::string_view text, T& out) {
  auto [end, err] =
      std::from_chars(text.data(), text.data() + text.size(), out);
  return err == std::errc{} && end == text.data() + text.size();
}

// Parses API:ERROR[:COUNT]; on a bad value prints why and returns false.
bool parse_failure(std::string_view value, request_failure& out) {
  auto fail = [&](const std::string& why) {
    std::cerr << "eddy-devkafka: --fail-request: " << why << ", got '" << value
              << "'\n";
    return false;
  };
  auto first = value.find(':');
  if (first == std::string_view::npos)
    return fail("expected API:ERROR[:COUNT]");
  auto api = value.substr(0, first);
  auto error = value.substr(first + 1);
  auto second = error.find(':');
  if (second != std::string_view::npos) {
    if (!parse_number(error.substr(second + 1), out.count) || out.count < 1 ||
        out.count > 1000000)
      return fail("expected a COUNT in [1, 1000000]");
    error = error.substr(0, second);
  }
  auto named = std::find_if(std::begin(api_names), std::end(api_names),
                            [&](const api_name& x) { return api == x.name; });
  if (named != std::end(api_names))
    out.api_key = named->key;
  else if (!parse_number(api, out.api_key) || out.api_key < 0)
    return fail("unknown API '" + std::string{api} +
                "' (a name such as EndTxn or Produce, or an API key)");
  const rd_kafka_err_desc* descs = nullptr;
  size_t count = 0;
  rd_kafka_get_err_descs(&descs, &count);
  for (size_t i = 0; i < count; ++i)
    // Broker errors only: local ones (negative codes) never travel.
    if (descs[i].name != nullptr && descs[i].code > 0 &&
        error == descs[i].name) {
      out.error = descs[i].code;
      return true;
    }
  return fail("unknown broker error '" + std::string{error} +
              "' (a librdkafka name such as PRODUCER_FENCED)");
}

// Parses the command line; on a bad argument prints why and returns false.
bool parse(int argc, char** argv, options& opts) {
  std::set<std::string> seen;
  for (int i = 1; i < argc; i += 2) {
    std::string_view flag = argv[i];
    if (flag == "--help" || flag == "-h") {
      std::cout << usage;
      std::exit(0);
    }
    if (flag != "--port" && flag != "--admin-port" && flag != "--brokers" &&
        flag != "--topic" && flag != "--fail-request") {
      std::cerr << "eddy-devkafka: unknown option '" << flag << "'\n";
      return false;
    }
    if (i + 1 >= argc) {
      std::cerr << "eddy-devkafka: " << flag << " needs a value\n";
      return false;
    }
    std::string_view value = argv[i + 1];
    if (flag == "--port" || flag == "--admin-port") {
      auto& port = flag == "--port" ? opts.port : opts.admin_port;
      if (!parse_number(value, port) || port < 0 || port > 65535) {
        std::cerr << "eddy-devkafka: " << flag
                  << ": expected a port in [0, 65535], got '" << value << "'\n";
        return false;
      }
    } else if (flag == "--fail-request") {
      request_failure failure;
      if (!parse_failure(value, failure))
        return false;
      opts.failures.push_back(failure);
    } else if (flag == "--brokers") {
      if (!parse_number(value, opts.brokers) || opts.brokers < 1 ||
          opts.brokers > 16) {
        std::cerr << "eddy-devkafka: --brokers: expected a number in [1, 16], "
                     "got '"
                  << value << "'\n";
        return false;
      }
    } else {
      auto colon = value.rfind(':');
      topic_spec spec;
      if (colon == std::string_view::npos ||
          !parse_number(value.substr(colon + 1), spec.partitions) ||
          spec.partitions < 1 || spec.partitions > 1000) {
        std::cerr << "eddy-devkafka: --topic: expected NAME:PARTITIONS with "
                     "1 to 1000 partitions, got '"
                  << value << "'\n";
        return false;
      }
      spec.name = std::string{value.substr(0, colon)};
      if (!eddy::devkafka::is_valid_topic_name(spec.name)) {
        std::cerr << "eddy-devkafka: --topic: '" << spec.name
                  << "' is not a valid topic name (1-249 characters of "
                     "a-z A-Z 0-9 . _ -)\n";
        return false;
      }
      if (!seen.insert(spec.name).second) {
        std::cerr << "eddy-devkafka: --topic: '" << spec.name
                  << "' given twice\n";
        return false;
      }
      opts.topics.push_back(std::move(spec));
    }
  }
  if (opts.port > 0 && opts.port + opts.brokers - 1 > 65535) {
    std::cerr << "eddy-devkafka: --port " << opts.port << " leaves no room for "
              << opts.brokers << " brokers\n";
    return false;
  }
  return true;
}

// librdkafka aborts when a mock broker cannot listen, so check the fixed
// ports first and name the busy one.
bool ports_are_free(int first, int count) {
  for (int port = first; port < first + count; ++port) {
    int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
      return false;
    int on = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    sin.sin_port = htons(static_cast<uint16_t>(port));
    bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) == 0;
    ::close(fd);
    if (!ok) {
      std::cerr << "eddy-devkafka: cannot listen on 127.0.0.1:" << port
                << ": port in use\n";
      return false;
    }
  }
  return true;
}

} // namespace

int main(int argc, char** argv) {
  options opts;
  if (!parse(argc, argv, opts)) {
    std::cerr << usage;
    return 2;
  }
  if (opts.port > 0 && !ports_are_free(opts.port, opts.brokers))
    return 1;
  // Block the stop signals before librdkafka starts its threads, so they
  // inherit the mask and sigwait() below receives them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  char errstr[512];
  // The handle only does the cluster's bookkeeping; it never connects.
  auto* conf = rd_kafka_conf_new();
  // Notices such as "no bootstrap.servers configured" would only confuse.
  rd_kafka_conf_set(conf, "log_level", "4", errstr, sizeof(errstr));
  auto* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof(errstr));
  if (rk == nullptr) {
    std::cerr << "eddy-devkafka: cannot create a librdkafka handle: " << errstr
              << '\n';
    return 1;
  }
  if (opts.port > 0)
    eddy::devkafka::begin_fixed_ports(static_cast<uint16_t>(opts.port));
  auto* cluster = rd_kafka_mock_cluster_new(rk, opts.brokers);
  eddy::devkafka::end_fixed_ports();
  if (cluster == nullptr) {
    std::cerr << "eddy-devkafka: cannot start the mock cluster\n";
    rd_kafka_destroy(rk);
    return 1;
  }
  std::string bootstraps = rd_kafka_mock_cluster_bootstraps(cluster);
  auto wanted = "127.0.0.1:" + std::to_string(opts.port);
  if (opts.port > 0 && bootstraps.rfind(wanted, 0) != 0) {
    // broker_listeners.cpp relies on how librdkafka 2.0.2 binds its listeners.
    std::cerr << "eddy-devkafka: this librdkafka ignored --port " << opts.port
              << " (its brokers are at " << bootstraps << ")\n";
    rd_kafka_mock_cluster_destroy(cluster);
    rd_kafka_destroy(rk);
    return 1;
  }
  int replicas = std::min(opts.brokers, 3);
  for (auto& topic : opts.topics) {
    auto err = rd_kafka_mock_topic_create(cluster, topic.name.c_str(),
                                          topic.partitions, replicas);
    if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      std::cerr << "eddy-devkafka: cannot create topic '" << topic.name
                << "': " << rd_kafka_err2str(err) << '\n';
      rd_kafka_mock_cluster_destroy(cluster);
      rd_kafka_destroy(rk);
      return 1;
    }
  }
  for (auto& failure : opts.failures)
    for (int i = 0; i < failure.count; ++i)
      rd_kafka_mock_push_request_errors(cluster, failure.api_key, 1,
                                        failure.error);
  std::optional<eddy::devkafka::topic_admin> admin;
  if (opts.admin_port > 0) {
    try {
      admin.emplace(cluster, static_cast<uint16_t>(opts.admin_port), replicas);
    } catch (const std::runtime_error& e) {
      std::cerr << "eddy-devkafka: " << e.what() << '\n';
      rd_kafka_mock_cluster_destroy(cluster);
      rd_kafka_destroy(rk);
      return 1;
    }
  }
  std::cout << "bootstrap.servers=" << bootstraps << std::endl;
  int received = 0;
  sigwait(&stop_signals, &received);
  admin.reset();
  // The cluster refers to the handle, so it goes first.
  rd_kafka_mock_cluster_destroy(cluster);
  rd_kafka_destroy(rk);
  return 0;
}
