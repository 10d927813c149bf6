// A record_writer that writes every record to several writers, for outputs
// that one actor feeds (a window's alerts, a source's dead letters).
#pragma once

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
  caf::expected<void> write(const std::vector<T>& records) override {
    for (auto& writer : all_)
      if (auto ok = writer->write(records); !ok)
        return ok;
    return caf::unit;
  }

  caf::expected<void> flush() override {
    for (auto& writer : all_)
      if (auto ok = writer->flush(); !ok)
        return ok;
    return caf::unit;
  }

private:
  std::vector<std::unique_ptr<record_writer<T>>> all_;
};

} // namespace eddy
