#include "apps/eddy-devkafka/topic_admin.hpp"

#include <cctype>
#include <charconv>
#include <stdexcept>

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace eddy::devkafka {

bool is_valid_topic_name(std::string_view name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..")
    return false;
  for (char c : name)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
          c == '-'))
      return false;
  return true;
}

std::string answer(rd_kafka_mock_cluster_t* cluster, std::string_view line,
                   int replicas) {
  constexpr std::string_view verb = "create ";
  if (!line.starts_with(verb))
    return "error expected `create NAME PARTITIONS`";
  auto args = line.substr(verb.size());
  auto space = args.find(' ');
  if (space == std::string_view::npos)
    return "error expected `create NAME PARTITIONS`";
  std::string name{args.substr(0, space)};
  auto count = args.substr(space + 1);
  int partitions = 0;
  auto [end, err] =
      std::from_chars(count.data(), count.data() + count.size(), partitions);
  if (err != std::errc{} || end != count.data() + count.size() ||
      partitions < 1 || partitions > 1000)
    return "error expected 1 to 1000 partitions, got '" + std::string{count} +
           "'";
  if (!is_valid_topic_name(name))
    return "error '" + name +
           "' is not a valid topic name (1-249 characters of a-z A-Z 0-9 . _ "
           "-)";
  auto created =
      rd_kafka_mock_topic_create(cluster, name.c_str(), partitions, replicas);
  if (created == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS)
    return "exists " + name;
  if (created != RD_KAFKA_RESP_ERR_NO_ERROR)
    return "error " + std::string{rd_kafka_err2str(created)};
  return "created " + name;
}

topic_admin::topic_admin(rd_kafka_mock_cluster_t* cluster, uint16_t port,
                         int replicas)
    : cluster_(cluster), replicas_(replicas) {
  listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int on = 1;
  ::setsockopt(listener_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  sin.sin_port = htons(port);
  if (listener_ < 0 ||
      ::bind(listener_, reinterpret_cast<sockaddr*>(&sin), sizeof(sin)) != 0 ||
      ::listen(listener_, 16) != 0) {
    if (listener_ >= 0)
      ::close(listener_);
    throw std::runtime_error("cannot listen on 127.0.0.1:" +
                             std::to_string(port) + " for topic requests");
  }
  thread_ = std::thread{[this] { serve(); }};
}

topic_admin::~topic_admin() {
  // Wakes the blocked accept() with an error, which ends serve().
  ::shutdown(listener_, SHUT_RDWR);
  thread_.join();
  ::close(listener_);
}

void topic_admin::serve() {
  for (;;) {
    int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0)
      return;
    serve_connection(fd);
    ::close(fd);
  }
}

void topic_admin::serve_connection(int fd) {
  std::string pending;
  char buf[4096];
  for (;;) {
    auto n = ::read(fd, buf, sizeof(buf));
    if (n <= 0)
      return;
    pending.append(buf, static_cast<size_t>(n));
    for (auto eol = pending.find('\n'); eol != std::string::npos;
         eol = pending.find('\n')) {
      std::string_view line{pending.data(), eol};
      if (line.ends_with('\r'))
        line.remove_suffix(1);
      auto reply = answer(cluster_, line, replicas_) + "\n";
      if (::send(fd, reply.data(), reply.size(), MSG_NOSIGNAL) < 0)
        return;
      pending.erase(0, eol + 1);
    }
  }
}

} // namespace eddy::devkafka
