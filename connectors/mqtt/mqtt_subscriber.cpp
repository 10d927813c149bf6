// The subscriber's thread: connects, subscribes, reads and acknowledges,
// and reconnects with backoff; see mqtt_subscriber.hpp.
#include "connectors/mqtt/mqtt_subscriber.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include "connectors/mqtt/broker_socket.hpp"
#include "connectors/mqtt/connection_report.hpp"
#include "connectors/mqtt/mqtt_wire.hpp"
#include "messages/error.hpp"

namespace eddy {

namespace {

using clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr uint16_t subscribe_packet_id = 1;

// The bytes read and not yet taken apart into packets.
class receive_buffer {
public:
  // Room for at least `min_read` more bytes after what is unread.
  std::pair<char*, size_t> free_space() {
    constexpr size_t min_read = 64 * 1024;
    if (begin_ > 0 && bytes_.size() - end_ < min_read) {
      std::copy(bytes_.begin() + static_cast<ptrdiff_t>(begin_),
                bytes_.begin() + static_cast<ptrdiff_t>(end_), bytes_.begin());
      end_ -= begin_;
      begin_ = 0;
    }
    if (bytes_.size() - end_ < min_read)
      bytes_.resize(end_ + min_read);
    return {bytes_.data() + end_, bytes_.size() - end_};
  }

  void add(size_t size) { end_ += size; }

  std::string_view unread() const {
    return {bytes_.data() + begin_, end_ - begin_};
  }

  void take(size_t size) {
    begin_ += size;
    if (begin_ == end_)
      begin_ = end_ = 0;
  }

  void clear() { begin_ = end_ = 0; }

private:
  std::vector<char> bytes_;
  size_t begin_ = 0;
  size_t end_ = 0;
};

std::string seconds_text(std::chrono::seconds duration) {
  return std::to_string(duration.count()) + " s";
}

} // namespace

struct mqtt_subscriber::impl {
  impl(options o, consumer c, mqtt_wire::broker_address a)
      : opts(std::move(o)), consume(std::move(c)), address(std::move(a)),
        report(opts.broker_uri, opts.client_id, opts.log_context,
               opts.min_retry, opts.max_retry) {}

  options opts;
  consumer consume;
  mqtt_wire::broker_address address;
  std::atomic<uint64_t> messages{0};
  wake_signal wake;

  mutable std::mutex mtx;
  mutable std::condition_variable cv;
  connection_report report;
  bool is_stopping = false;
  std::mutex stop_mtx; // one stop() joins the thread
  std::thread thread;

  // On the thread:
  receive_buffer received;
  std::string acks; // the PUBACKs of the messages of the latest read

  // -- the connection ---------------------------------------------------------

  // Connects, then serves until the connection fails, and again after a
  // delay that doubles with each failure; a connection that lasted longer
  // than `max_retry` resets it, so a broker that accepts and drops us at
  // once (another client with our id) is not hammered.
  void run() {
    auto delay = opts.min_retry;
    for (;;) {
      bool is_connected = false;
      auto err = connect_and_serve(is_connected);
      std::unique_lock lock{mtx};
      if (is_stopping)
        break;
      if (is_connected) {
        report.lost(context_of(err));
        if (report.connection_lasted() > opts.max_retry)
          delay = opts.min_retry;
      } else {
        report.failed(context_of(err));
      }
      if (cv.wait_for(lock, delay, [this] { return is_stopping; }))
        break;
      delay = std::min(delay * 2, opts.max_retry);
    }
    std::lock_guard guard{mtx};
    report.stopped();
  }

  // Ends without an error only when stop() interrupts it.
  caf::error connect_and_serve(bool& is_connected) {
    auto socket = broker_socket::connect(
        address, std::chrono::duration_cast<milliseconds>(opts.connect_timeout),
        wake);
    if (!socket)
      return std::move(socket.error());
    received.clear();
    acks.clear();
    if (auto err = socket->write_all(mqtt_wire::connect_packet(
            opts.client_id, /*is_clean_session=*/false, opts.keep_alive)))
      return err;
    return serve(*socket, is_connected);
  }

  // Reads and answers the broker's packets: the CONNACK first, then
  // messages, the SUBACK and PINGRESPs. The PUBACKs of what one read
  // brought go out together once the consumer has returned for each.
  caf::error serve(broker_socket& socket, bool& is_connected) {
    auto last_write = clock::now();
    auto last_read = last_write;
    auto ping_every =
        std::chrono::duration_cast<milliseconds>(opts.keep_alive) / 2;
    for (;;) {
      auto now = clock::now();
      if (!is_connected && now - last_write > opts.connect_timeout)
        return make_error(ec::connector_failure,
                          "no CONNACK within " +
                              seconds_text(opts.connect_timeout));
      if (is_connected && now - last_read > opts.keep_alive * 3 / 2)
        return make_error(ec::connector_failure,
                          "nothing from the broker for " +
                              seconds_text(opts.keep_alive * 3 / 2));
      if (is_connected && now - last_write >= ping_every) {
        if (auto err = socket.write_all(mqtt_wire::pingreq_packet()))
          return err;
        last_write = now;
      }
      auto wait =
          is_connected ? ping_every - (now - last_write) : milliseconds{100};
      auto ready = socket.wait_readable(std::max(
          std::chrono::duration_cast<milliseconds>(wait), milliseconds{1}));
      if (!ready)
        return std::move(ready.error());
      if (*ready == broker_socket::readiness::interrupted) {
        // The session stays on the broker; it is a goodbye, not a must.
        [[maybe_unused]] auto err =
            socket.write_all(mqtt_wire::disconnect_packet());
        return caf::none;
      }
      if (*ready == broker_socket::readiness::timed_out)
        continue;
      auto [into, room] = received.free_space();
      auto got = socket.read_some(into, room);
      if (!got)
        return std::move(got.error());
      received.add(*got);
      last_read = clock::now();
      if (auto err = take_packets(socket, is_connected))
        return err;
      if (acks.empty())
        continue;
      if (auto err = socket.write_all(acks))
        return err;
      acks.clear();
      last_write = clock::now();
    }
  }

  caf::error take_packets(broker_socket& socket, bool& is_connected) {
    for (;;) {
      auto next = mqtt_wire::next_packet(received.unread());
      if (!next)
        return std::move(next.error());
      if (!*next)
        return caf::none;
      if (auto err = is_connected ? handle((*next)->value)
                                  : accept_connack((*next)->value, socket))
        return err;
      is_connected = true;
      received.take((*next)->size);
    }
  }

  // The broker resumes our session, or starts one: either way the
  // subscription is renewed, in case the broker lost it.
  caf::error accept_connack(const mqtt_wire::packet& p, broker_socket& socket) {
    auto is_resumed = mqtt_wire::read_connack(p);
    if (!is_resumed)
      return std::move(is_resumed.error());
    on_connected();
    return socket.write_all(
        mqtt_wire::subscribe_packet(subscribe_packet_id, opts.topic_filter));
  }

  caf::error handle(const mqtt_wire::packet& p) {
    switch (p.type) {
    case mqtt_wire::packet_type::publish:
      return deliver(p);
    case mqtt_wire::packet_type::suback:
      on_subscribe_answer(
          mqtt_wire::read_suback(p, subscribe_packet_id, opts.topic_filter));
      return caf::none;
    case mqtt_wire::packet_type::pingresp:
      return caf::none;
    default:
      return make_error(ec::connector_failure,
                        "the broker sent packet type " +
                            std::to_string(static_cast<int>(p.type)) +
                            " to a connected subscriber");
    }
  }

  caf::error deliver(const mqtt_wire::packet& p) {
    auto message = mqtt_wire::read_publish(p);
    if (!message)
      return std::move(message.error());
    if (message->qos > 1)
      return make_error(ec::connector_failure,
                        "the broker sent a QoS 2 message on a QoS 1 "
                        "subscription");
    ++messages;
    try {
      consume(message->topic, message->payload);
    } catch (const std::exception& e) {
      // Not acknowledged: the reconnect makes the broker send it again.
      return make_error(ec::connector_failure,
                        "the consumer failed on a message of '" +
                            std::string{message->topic} + "': " + e.what());
    }
    if (message->qos == 1)
      mqtt_wire::append_puback(acks, message->packet_id);
    return caf::none;
  }

  // -- state ------------------------------------------------------------------

  void on_connected() {
    std::lock_guard guard{mtx};
    report.connected();
    cv.notify_all();
  }

  void on_subscribe_answer(const caf::error& refused) {
    std::lock_guard guard{mtx};
    report.subscribed(refused);
    cv.notify_all();
  }

  void stop() {
    std::lock_guard stopping{stop_mtx};
    {
      std::lock_guard guard{mtx};
      is_stopping = true;
      cv.notify_all();
    }
    wake.raise();
    if (thread.joinable())
      thread.join();
  }
};

caf::expected<mqtt_subscriber> mqtt_subscriber::make(options opts,
                                                     consumer consume) {
  auto refuse = [&](std::string why) {
    return make_error(ec::invalid_config,
                      "mqtt broker " + opts.broker_uri + ": " + why);
  };
  if (opts.topic_filter.empty())
    return refuse("no topic filter to subscribe to");
  if (opts.client_id.empty())
    return refuse("no client id for the persistent session of '" +
                  opts.topic_filter + "'");
  if (!consume)
    return refuse("no consumer for topic '" + opts.topic_filter + "'");
  if (opts.min_retry.count() <= 0 || opts.max_retry < opts.min_retry)
    return refuse("retry delays must satisfy 0 < min <= max");
  if (opts.keep_alive.count() <= 0 || opts.connect_timeout.count() <= 0)
    return refuse("the keep-alive and the connect timeout must be positive");
  auto address = mqtt_wire::parse_broker_uri(opts.broker_uri);
  if (!address)
    return std::move(address.error());
  auto ptr = std::make_unique<impl>(std::move(opts), std::move(consume),
                                    std::move(*address));
  ptr->thread = std::thread{[raw = ptr.get()] { raw->run(); }};
  return mqtt_subscriber{std::move(ptr)};
}

mqtt_subscriber::mqtt_subscriber(std::unique_ptr<impl> ptr)
    : impl_(std::move(ptr)) {}

mqtt_subscriber::mqtt_subscriber(mqtt_subscriber&&) noexcept = default;

mqtt_subscriber::~mqtt_subscriber() {
  stop();
}

void mqtt_subscriber::stop() {
  if (impl_)
    impl_->stop();
}

bool mqtt_subscriber::wait_until_subscribed(
    std::chrono::milliseconds timeout) const {
  std::unique_lock lock{impl_->mtx};
  return impl_->cv.wait_for(
      lock, timeout, [this] { return impl_->report.status().is_subscribed; });
}

mqtt_subscriber::status mqtt_subscriber::current_status() const {
  status result;
  std::lock_guard guard{impl_->mtx};
  result.connection = impl_->report.status();
  result.messages = impl_->messages;
  return result;
}

const mqtt_subscriber::options& mqtt_subscriber::settings() const {
  return impl_->opts;
}

} // namespace eddy
