// The untyped half of a running pipeline job: store, checkpoints, sinks and
// reports.
#include "runtime/job_core.hpp"

#include <filesystem>
#include <utility>

#include "caf/event_based_actor.hpp"
#include "caf/scoped_actor.hpp"
#include "caf/send.hpp"

#include "actors/state_layout.hpp"
#include "messages/error.hpp"
#include "messages/log.hpp"

namespace eddy {

job_core::job_core(caf::actor_system& sys, engine_options options)
    : sys_(sys), options_(std::move(options)),
      groups_(options_.key_groups, options_.partitions) {}

caf::error job_core::open(const std::vector<std::string>& families,
                          const std::string& shape_family) {
  if (options_.partitions > options_.key_groups)
    return make_error(ec::invalid_config,
                      "partitions: " + std::to_string(options_.partitions) +
                          " exceeds key.groups (" +
                          std::to_string(options_.key_groups) +
                          "); a partition owns at least one key group");
  std::error_code err;
  std::filesystem::create_directories(options_.state_dir, err);
  if (err)
    return make_error(ec::storage_failure,
                      "cannot create the state directory " +
                          options_.state_dir + ": " + err.message());
  auto store = state_store::open(options_.state_dir, families);
  if (!store)
    return store.error();
  store_ = std::move(*store);
  store_writer_ = spawn_store_writer(sys_, store_);
  keep(store_writer_);
  auto shape = std::to_string(groups_.partitions()) + " partitions, " +
               std::to_string(groups_.groups()) + " key groups";
  auto stored = store_->get(shape_family, layout::shape_key());
  if (!stored)
    return stored.error();
  if (!*stored) {
    if (auto ok = store_->write({{shape_family, layout::shape_key(), shape}});
        !ok)
      return ok.error();
  } else if (**stored != shape) {
    return make_error(ec::invalid_config,
                      "partitions/key.groups: the state in " + store_->dir() +
                          " was written with " + **stored + ", not " + shape +
                          "; start with the same values (rescaling state is "
                          "not supported yet)");
  }
  auto restored = latest_checkpoint(*store_);
  if (!restored)
    return restored.error();
  restored_ = std::move(*restored);
  return {};
}

std::vector<std::string> job_core::sinks_of(const std::string& output) const {
  std::vector<std::string> result;
  for (auto& entry : sinks_)
    if (entry.output == output)
      result.push_back(entry.name);
  return result;
}

void job_core::set_coordinator(coordinator_actor coordinator) {
  std::lock_guard guard{mtx_};
  coordinator_ = std::move(coordinator);
}

coordinator_actor job_core::current_coordinator() const {
  std::lock_guard guard{mtx_};
  return coordinator_;
}

void job_core::checkpoint_completed() {
  std::lock_guard guard{mtx_};
  for (auto& f : on_checkpoint_)
    f();
}

void job_core::on_checkpoint(std::function<void()> f) {
  std::lock_guard guard{mtx_};
  on_checkpoint_.push_back(std::move(f));
}

void job_core::request_checkpoint() {
  if (auto handle = current_coordinator())
    caf::anon_send(handle, checkpoint_atom::value);
}

checkpoint_status job_core::checkpoint_now() {
  checkpoint_status result;
  result.outcome = checkpoint_outcome::failed;
  auto handle = current_coordinator();
  if (!handle) {
    result.reason = "the job has stopped";
    return result;
  }
  caf::scoped_actor self{sys_};
  // The coordinator fails a checkpoint after its timeout; wait for that
  // answer rather than give up at the same moment.
  self->request(handle, options_.checkpoint_timeout + std::chrono::seconds{10},
                checkpoint_atom::value)
      .receive([&](checkpoint_status& cp) { result = std::move(cp); },
               [&](caf::error& err) { result.reason = describe(err); });
  return result;
}

void job_core::checkpoint_or_report(std::string_view when) {
  auto cp = checkpoint_now();
  if (cp.outcome != checkpoint_outcome::completed)
    log::warn(options_.job, "coordinator",
              "the checkpoint " + std::string{when} + " failed: " + cp.reason);
}

namespace {

// A one-shot actor that asks the coordinator for a savepoint.
void take_savepoint(caf::event_based_actor* self, coordinator_actor coordinator,
                    std::chrono::milliseconds timeout,
                    callback<std::string> done) {
  self->request(coordinator, timeout, savepoint_atom::value)
      .then([=](const std::string& path) { done(path); },
            [=](caf::error& err) {
              if (err == caf::sec::request_timeout)
                done(make_error(ec::timeout,
                                "the savepoint did not answer in time"));
              else if (err.category() == caf::atom("eddy"))
                done(err);
              else
                done(make_error(ec::unavailable, "the savepoint is "
                                                 "unavailable: " +
                                                     describe(err)));
            });
}

} // namespace

void job_core::savepoint(callback<std::string> done) {
  auto coordinator = current_coordinator();
  if (!coordinator)
    return done(make_error(ec::unavailable,
                           "the " + options_.job + " job has stopped"));
  sys_.spawn(take_savepoint, coordinator, options_.checkpoint_timeout,
             std::move(done));
}

caf::expected<std::string>
job_core::stall_sink(int32_t index, std::chrono::milliseconds duration) {
  if (index < 0 || static_cast<size_t>(index) >= sinks_.size())
    return make_error(ec::unknown_key,
                      "there is no sink " + std::to_string(index) +
                          "; the job has " + std::to_string(sinks_.size()));
  caf::anon_send(caf::actor_cast<sink_control_actor>(sinks_[index].actor),
                 stall_atom::value, static_cast<int64_t>(duration.count()));
  return "sink " + sinks_[index].name + " stalled for " +
         std::to_string(duration.count()) + " ms";
}

void job_core::stop_actors(std::vector<caf::actor> also) {
  if (is_stopped_)
    return;
  is_stopped_ = true;
  caf::scoped_actor self{sys_};
  const auto drain_timeout = std::chrono::seconds{10};
  for (auto& entry : sinks_)
    self->request(caf::actor_cast<sink_control_actor>(entry.actor),
                  drain_timeout, flush_atom::value)
        .receive([](uint64_t) {},
                 [&](caf::error& err) {
                   log::warn(options_.job, "sink/" + entry.name,
                             "while stopping, the sink did not flush: " +
                                 describe(err));
                 });
  for (auto& handle : actors_)
    self->send_exit(handle, caf::exit_reason::user_shutdown);
  for (auto& handle : also)
    self->send_exit(handle, caf::exit_reason::user_shutdown);
  self->wait_for(actors_, also);
  actors_.clear();
  set_coordinator(coordinator_actor{});
}

void job_core::report_source(std::function<source_status()> report) {
  source_reports_.push_back(std::move(report));
}

void job_core::report_ingress_as_source(
    const std::string& name, std::shared_ptr<actor_load> load,
    std::shared_ptr<const std::atomic<uint64_t>> malformed) {
  source_reports_.push_back([name, load, malformed] {
    return source_status{name,
                         source_state::running,
                         load->records_in.load(),
                         malformed ? malformed->load() : 0,
                         {},
                         {},
                         {},
                         {}};
  });
}

std::shared_ptr<actor_load> job_core::ingress_load(const std::string& name) {
  auto& load = ingress_loads_[name];
  if (!load)
    load = std::make_shared<actor_load>();
  return load;
}

std::vector<source_status> job_core::source_statuses() const {
  std::vector<source_status> result;
  for (auto& report : source_reports_) {
    result.push_back(report());
    auto& source = result.back();
    if (auto load = ingress_loads_.find(source.name);
        load != ingress_loads_.end())
      source.load = load->second->report();
  }
  return result;
}

std::vector<sink_status> job_core::sink_statuses() const {
  std::vector<sink_status> result;
  for (auto& entry : sinks_)
    result.push_back(
        {entry.name,
         entry.counters->failing ? sink_health::retrying : sink_health::ok,
         entry.counters->written.load(), entry.counters->failures.load(),
         entry.counters->last_error(), entry.load->report()});
  return result;
}

} // namespace eddy
