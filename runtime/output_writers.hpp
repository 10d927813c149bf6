// The writers behind a job's named outputs ("transaction results",
// "alerts", "dead letters"): built from the settings by the job's app, or
// given by a test, and handed to the runtime, which spawns a sink per
// writer.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "caf/expected.hpp"

#include "actors/record_writer.hpp"
#include "messages/error.hpp"

namespace eddy {

/// Writers of one output, each named for the job status ("stdout",
/// "kafka query.output.log.1", ...).
template <class T>
using named_writers =
    std::vector<std::pair<std::string, std::unique_ptr<record_writer<T>>>>;

/// Adds the writer `made` (a database writer's make(), say) to `out` under
/// its own name(), or answers why it could not be made.
template <class T, class Writer>
caf::error add_made(named_writers<T>& out,
                    caf::expected<std::unique_ptr<Writer>> made) {
  if (!made)
    return std::move(made.error());
  auto name = (*made)->name();
  out.emplace_back(std::move(name), std::move(*made));
  return {};
}

class output_writers {
public:
  /// Adds a writer called `name` to the output `output` of records `T`.
  template <class T>
  void add(const std::string& output, std::string name,
           std::unique_ptr<record_writer<T>> writer) {
    outputs_[output].push_back(
        std::make_unique<holder<T>>(std::move(name), std::move(writer)));
  }

  /// Adds every writer of `writers` to `output`.
  template <class T>
  void add_all(const std::string& output, named_writers<T> writers) {
    for (auto& [name, writer] : writers)
      add<T>(output, std::move(name), std::move(writer));
  }

  /// Takes the writers of `output` (none if nothing was added). Fails with
  /// ec::invalid_config if one was added for records of another type.
  template <class T>
  caf::expected<named_writers<T>> take(const std::string& output) {
    named_writers<T> result;
    auto i = outputs_.find(output);
    if (i == outputs_.end())
      return result;
    for (auto& held : i->second) {
      auto* typed = dynamic_cast<holder<T>*>(held.get());
      if (typed == nullptr)
        return make_error(ec::invalid_config,
                          "the writer '" + held->name + "' of output '" +
                              output +
                              "' writes other records than the output has");
      result.emplace_back(typed->name, std::move(typed->writer));
    }
    outputs_.erase(i);
    return result;
  }

  /// The outputs that still have writers no job took (a misspelt name).
  std::vector<std::string> untaken() const {
    std::vector<std::string> result;
    for (auto& [output, writers] : outputs_)
      result.push_back(output);
    return result;
  }

private:
  struct holder_base {
    explicit holder_base(std::string name) : name(std::move(name)) {}
    virtual ~holder_base() = default;
    std::string name;
  };

  template <class T>
  struct holder final : holder_base {
    holder(std::string name, std::unique_ptr<record_writer<T>> writer)
        : holder_base(std::move(name)), writer(std::move(writer)) {}
    std::unique_ptr<record_writer<T>> writer;
  };

  std::map<std::string, std::vector<std::unique_ptr<holder_base>>> outputs_;
};

} // namespace eddy
