// Adapts a writer of one record type to a stream of variants: forwards the
// alternatives of type T and drops the others (they belong to other sinks).
#pragma once

#include <memory>
#include <variant>
#include <vector>

#include "actors/record_writer.hpp"

namespace eddy {

template <class Variant, class T>
class select_writer final : public record_writer<Variant> {
public:
  explicit select_writer(std::unique_ptr<record_writer<T>> inner)
      : inner_(std::move(inner)) {}

  caf::expected<void> write(const std::vector<Variant>& records) override {
    selected_.clear();
    for (auto& rec : records)
      if (auto* x = std::get_if<T>(&rec))
        selected_.push_back(*x);
    if (selected_.empty())
      return caf::unit;
    return inner_->write(selected_);
  }

  caf::expected<void> flush() override { return inner_->flush(); }

  bool delivers_in_background() const override {
    return inner_->delivers_in_background();
  }

  bool transactional() const override { return inner_->transactional(); }

  caf::expected<void> commit() override { return inner_->commit(); }

  caf::expected<void> abort() override { return inner_->abort(); }

private:
  std::unique_ptr<record_writer<T>> inner_;
  std::vector<T> selected_;
};

} // namespace eddy
