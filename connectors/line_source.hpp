// A text-line source: parses each line read from a socket into a job's input
// record and pushes batches to an ingress, sending lines that do not parse
// to the dead-letter sink with the reason.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "caf/actor_system.hpp"
#include "caf/scoped_actor.hpp"

#include "connectors/socket_lines.hpp"
#include "messages/actor_interfaces.hpp"
#include "messages/dead_letter.hpp"
#include "messages/emitter.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"

namespace eddy {

template <class In, class Out>
class line_source {
public:
  /// Emits the records made of one line, or says why it cannot.
  using parser = std::function<caf::error(std::string_view, emitter<In>&)>;

  /// Starts reading; records get offsets from the ingress (a socket cannot
  /// replay, so there is nothing to resume from).
  line_source(caf::actor_system& sys, socket_lines::options opts,
              source_partition from, ingress_actor<In, Out> ingress,
              consumer_actor<dead_letter> dead_letters, parser parse)
      : sys_(sys), from_(std::move(from)), ingress_(std::move(ingress)),
        dead_letters_(std::move(dead_letters)), parse_(std::move(parse)),
        name_("socket " + opts.host + ":" + std::to_string(opts.port)),
        log_context_(opts.log_context) {
    lines_ = std::make_unique<socket_lines>(
        std::move(opts),
        [this](std::vector<std::string>& lines) { deliver(lines); });
  }

  ~line_source() { stop(); }

  /// Stops reading (what was read is already delivered).
  void stop() { lines_->stop(); }

  uint64_t records() const noexcept { return records_; }
  uint64_t malformed() const noexcept { return malformed_; }
  bool connected() const noexcept { return lines_->connected(); }

private:
  void deliver(std::vector<std::string>& lines) {
    batch<In> good{from_, {}, false};
    output_batch<dead_letter> bad;
    for (auto& line : lines) {
      if (line.empty() || line == "\r")
        continue;
      auto before = good.records.size();
      offset_emitter<In> out{good.records, -1};
      if (auto err = parse_(line, out)) {
        good.records.erase(good.records.begin() +
                               static_cast<ptrdiff_t>(before),
                           good.records.end());
        bad.records.push_back({name_, line, describe(err)});
      }
    }
    records_ += good.records.size();
    malformed_ += bad.records.size();
    caf::scoped_actor self{sys_};
    if (!bad.records.empty())
      self->request(dead_letters_, caf::infinite, std::move(bad))
          .receive([](uint64_t) {}, [this](caf::error& err) { report(err); });
    if (!good.records.empty())
      self->request(ingress_, caf::infinite, std::move(good))
          .receive([](const batch_ack<Out>&) {},
                   [this](caf::error& err) { report(err); });
  }

  // The lines are read and gone: a socket cannot send them again.
  void report(const caf::error& err) {
    log_context_.error(name_ + ": cannot deliver records: " + describe(err));
  }

  caf::actor_system& sys_;
  source_partition from_;
  ingress_actor<In, Out> ingress_;
  consumer_actor<dead_letter> dead_letters_;
  parser parse_;
  std::string name_;
  log::context log_context_;
  std::atomic<uint64_t> records_{0};
  std::atomic<uint64_t> malformed_{0};
  std::unique_ptr<socket_lines> lines_;
};

} // namespace eddy
