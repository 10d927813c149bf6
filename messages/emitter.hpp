// Where a parse or a stateless step puts the records it makes: zero, one or
// many per input (filter, map, flat_map), without knowing where they go.
#pragma once

#include <utility>
#include <vector>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "messages/stream.hpp"

namespace eddy {

template <class T>
class emitter {
public:
  virtual ~emitter() = default;

  /// Takes one record.
  virtual void emit(T&& record) = 0;

  void emit(const T& record) {
    T copy = record;
    emit(std::move(copy));
  }
};

/// An emitter that appends to a vector.
template <class T>
class vector_emitter final : public emitter<T> {
public:
  using emitter<T>::emit;

  explicit vector_emitter(std::vector<T>& out) : out_(out) {}

  void emit(T&& record) override { out_.push_back(std::move(record)); }

private:
  std::vector<T>& out_;
};

/// An emitter that appends records at one offset to a batch's records:
/// what a source makes of one message.
template <class T>
class offset_emitter final : public emitter<T> {
public:
  using emitter<T>::emit;

  offset_emitter(std::vector<sequenced<T>>& out, offset_t offset)
      : out_(out), offset_(offset) {}

  void emit(T&& record) override {
    out_.push_back({offset_, std::move(record)});
  }

private:
  std::vector<sequenced<T>>& out_;
  offset_t offset_;
};

/// An emitter that passes each record through `step(T&&, emitter<U>&)` to
/// `next`: how stateless steps chain.
template <class T, class U, class Step>
class chained_emitter final : public emitter<T> {
public:
  using emitter<T>::emit;

  chained_emitter(const Step& step, emitter<U>& next)
      : step_(step), next_(next) {}

  void emit(T&& record) override { step_(std::move(record), next_); }

private:
  const Step& step_;
  emitter<U>& next_;
};

/// A parse that makes one record, `caf::expected<T>(args...)`, as one that
/// emits it, `caf::error(args..., emitter<T>&)`: what the connectors take.
template <class Parse>
struct one_record {
  Parse parse;

  template <class A, class T>
  caf::error operator()(const A& a, emitter<T>& out) const {
    return emit_made(parse(a), out);
  }

  template <class A, class B, class T>
  caf::error operator()(const A& a, const B& b, emitter<T>& out) const {
    return emit_made(parse(a, b), out);
  }

private:
  template <class T>
  static caf::error emit_made(caf::expected<T> made, emitter<T>& out) {
    if (!made)
      return std::move(made.error());
    out.emit(std::move(*made));
    return {};
  }
};

template <class Parse>
one_record(Parse) -> one_record<Parse>;

} // namespace eddy
