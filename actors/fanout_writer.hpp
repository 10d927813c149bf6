// A record_writer that writes every record to several writers, for outputs
// that one actor feeds (a window's alerts, a source's dead letters).
#pragma once

#include <algorithm>
#include <memory>
#include <vector>

#include "actors/record_writer.hpp"

namespace eddy {

template <class T>
class fanout_writer final : public record_writer<T> {
public:
  explicit fanout_writer(std::vector<std::unique_ptr<record_writer<T>>> all)
      : all_(std::move(all)) {}

  /// Fails at the first writer that fails; the sink then writes everything
  /// again, so the writers before it may see records twice (at least once).
  /// When some writer delivers in the background, the sink flushes only now
  /// and then, so the others are flushed right away: a file's lines should
  /// not wait for Kafka's next checkpoint.
  caf::expected<void> write(const std::vector<T>& records) override {
    auto flush_others = delivers_in_background();
    for (auto& writer : all_) {
      auto ok = writer->write(records);
      if (ok && flush_others && !writer->delivers_in_background())
        ok = writer->flush();
      if (!ok)
        return ok;
    }
    return caf::unit;
  }

  caf::expected<void> flush() override {
    for (auto& writer : all_)
      if (auto ok = writer->flush(); !ok)
        return ok;
    return caf::unit;
  }

  bool delivers_in_background() const override {
    return std::any_of(all_.begin(), all_.end(), [](auto& writer) {
      return writer->delivers_in_background();
    });
  }

private:
  std::vector<std::unique_ptr<record_writer<T>>> all_;
};

} // namespace eddy
