// A job that could not start, kept in the process's job set so that its
// report says why and /readyz names it, while the other jobs run on.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "messages/error.hpp"
#include "runtime/job.hpp"

namespace eddy {

class failed_job final : public job {
public:
  failed_job(std::string name, std::string reason)
      : name_(std::move(name)), reason_(std::move(reason)) {}

  const std::string& name() const override { return name_; }

  job_graph graph() const override { return {}; }

  job_status status() const override {
    job_status result;
    result.name = name_;
    result.state = run_state::failed;
    result.failure = reason_;
    result.delivery = "at-least-once";
    return result;
  }

  void checkpoint(callback<checkpoint_status> done) override {
    done(unavailable());
  }

  void savepoint(callback<std::string> done) override { done(unavailable()); }

  void inject_fault(fault_request, callback<std::string> done) override {
    done(unavailable());
  }

  caf::expected<nlohmann::json> state_of(std::string_view) override {
    return unavailable();
  }

  void stop() override {
    // Nothing runs.
  }

private:
  caf::error unavailable() const {
    return make_error(ec::unavailable,
                      "job " + name_ + " did not start: " + reason_);
  }

  std::string name_;
  std::string reason_;
};

} // namespace eddy
