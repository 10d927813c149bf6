// Keyed process functions, as Flink's KeyedProcessFunction: a job's logic
// per record of one key, with that key's value state (which may expire
// after a time-to-live), timers in event or processing time, and outputs.
// process_logic turns one into what a partition runs (partition_state's
// Logic), so a job never writes codecs, checkpoints or timer bookkeeping.
//
// A process function is a class with
//   using value = ...;  // the state per key; value_codec<value> must exist
//   // for each record; `ctx` is a keyed_context (take it as `auto&`)
//   // (the record is the ingress's, kept for a resend: read, not moved)
//   void process(const Input& record, auto& ctx);
// and optionally
//   // a timer of the key the context names is due at `time`
//   void on_timer(int64_t time, auto& ctx);
//   // every key's value expires this long after it was last written
//   static constexpr state_ttl time_to_live{std::chrono::hours{24}};
//   // map state: per key, entries of this type by id (ctx.entry and
//   // ctx.put_entry), each expiring this long after it was put
//   using entry = ...;  // value_codec<entry> must exist
//   state_ttl entry_time_to_live() const;
// For two inputs (connect), `Input` is a std::variant of both and process
// may take each alternative in an overload of its own.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "caf/expected.hpp"

#include "actors/expiry_index.hpp"
#include "actors/keyed_state.hpp"
#include "actors/partition_state.hpp"
#include "actors/state_layout.hpp"
#include "actors/state_store.hpp"
#include "messages/error.hpp"
#include "runtime/map_state.hpp"
#include "runtime/state_ttl.hpp"
#include "runtime/value_codec.hpp"

namespace eddy {

template <class Process>
concept has_time_to_live = requires {
  { Process::time_to_live } -> std::convertible_to<state_ttl>;
};

template <class Process>
concept has_map_state = requires(const Process& process) {
  typename Process::entry;
  { process.entry_time_to_live() } -> std::convertible_to<state_ttl>;
};

namespace detail {

template <class Process>
struct map_state_of {
  using type = std::monostate;
};

template <has_map_state Process>
struct map_state_of<Process> {
  using type = map_state<typename Process::entry>;
};

} // namespace detail

/// What a process function keeps besides its values: its map state, if it
/// has one.
template <class Process>
using map_state_t = typename detail::map_state_of<Process>::type;

namespace detail {

/// The pending timers of one partition, by time then key.
class timer_set {
public:
  void add(int64_t time, std::string_view key) {
    if (timers_.emplace(time, std::string{key}).second)
      is_changed_ = true;
  }

  /// Takes the timers due at `now` in time order.
  std::vector<std::pair<int64_t, std::string>> take_due(int64_t now) {
    std::vector<std::pair<int64_t, std::string>> due;
    for (auto i = timers_.begin(); i != timers_.end() && i->first <= now;)
      due.push_back(std::move(timers_.extract(i++).value()));
    if (!due.empty())
      is_changed_ = true;
    return due;
  }

  bool empty() const noexcept { return timers_.empty(); }

  /// Whether timers were added or fired since the last take_change().
  bool take_change() { return std::exchange(is_changed_, false); }

  std::vector<std::pair<int64_t, std::string>> all() const {
    return {timers_.begin(), timers_.end()};
  }

  void assign(const std::vector<std::pair<int64_t, std::string>>& timers) {
    timers_ = {timers.begin(), timers.end()};
    is_changed_ = false;
  }

private:
  std::set<std::pair<int64_t, std::string>> timers_;
  bool is_changed_ = false;
};

} // namespace detail

/// What a process function sees while it handles one record (or timer) of
/// one key: that key's value, the time, timers and the outputs.
template <class Process, class Stored, class Out>
class keyed_context {
public:
  using value_type = typename Process::value;

  keyed_context(std::string_view key, keyed_state<Stored>& state,
                std::vector<Out>& out, const partition_clock& clock,
                detail::timer_set& event_timers,
                detail::timer_set& processing_timers, expiry_index* expiry,
                map_state_t<Process>* entries)
      : key_(key), state_(state), out_(out), clock_(clock),
        event_timers_(event_timers), processing_timers_(processing_timers),
        expiry_(expiry), entries_(entries) {}

  /// The key this record or timer belongs to.
  std::string_view key() const noexcept { return key_; }

  /// The key's value, or nullptr if it has none (never written, erased or
  /// expired).
  const value_type* value() {
    auto* stored = cursor().value();
    if (stored == nullptr)
      return nullptr;
    if constexpr (has_time_to_live<Process>) {
      if (stored->expires_at <= now_of(Process::time_to_live.domain))
        return nullptr;
      return &stored->value;
    } else {
      return stored;
    }
  }

  /// The key's value for writing, value-initialized if it has none; it is
  /// persisted with the next checkpoint and lives its time-to-live anew
  /// from now (in event time: from the watermark; before the first
  /// watermark it does not expire until written again).
  value_type& write() {
    if constexpr (has_time_to_live<Process>)
      return write(now_of(Process::time_to_live.domain));
    else
      return cursor().write();
  }

  /// The same, living its time-to-live from `time` (e.g. the record's own
  /// event time).
  value_type& write(int64_t time) requires has_time_to_live<Process> {
    constexpr auto ttl = Process::time_to_live;
    auto& stored = cursor().write();
    if (stored.expires_at <= now_of(ttl.domain))
      stored.value = value_type{};
    stored.expires_at = time == no_watermark
                            ? std::numeric_limits<int64_t>::max()
                            : time + ttl.duration.count();
    expiry_->schedule(key_, stored.expires_at);
    return stored.value;
  }

  /// Deletes the key's value.
  void erase() {
    cursor_.reset();
    state_.erase(key_);
  }

  /// The key's map state entry `id`, or nullptr if it has none (never
  /// put, or expired).
  const auto* entry(std::string_view id) requires has_map_state<Process> {
    return entries_->find(key_, id, entry_now());
  }

  /// Puts the key's map state entry `id`: it is persisted with the next
  /// checkpoint and lives its time-to-live from now.
  template <class Entry>
  void put_entry(std::string_view id,
                 Entry&& value) requires has_map_state<Process> {
    entries_->put(key_, id, std::forward<Entry>(value), entry_now());
  }

  /// The same, living its time-to-live from `time` on the map state's
  /// clock (e.g. the record's own event time).
  template <class Entry>
  void put_entry(std::string_view id, Entry&& value,
                 int64_t time) requires has_map_state<Process> {
    entries_->put(key_, id, std::forward<Entry>(value), time);
  }

  /// Sends `record` downstream.
  void emit(Out record) { out_.push_back(std::move(record)); }

  /// The event time every input of this partition reached; no_watermark
  /// before any.
  int64_t watermark() const noexcept { return clock_.watermark; }

  /// The wall clock in ms as the batch began.
  int64_t processing_time() const noexcept { return clock_.processing_time; }

  /// Calls the process function's on_timer for this key once the
  /// watermark reaches `time` (ms).
  void timer_at(int64_t time) { event_timers_.add(time, key_); }

  /// The same once the wall clock reaches `time` (ms).
  void wall_timer_at(int64_t time) { processing_timers_.add(time, key_); }

private:
  typename keyed_state<Stored>::cursor& cursor() {
    if (!cursor_)
      cursor_.emplace(state_.lookup(key_));
    return *cursor_;
  }

  int64_t now_of(time_domain domain) const noexcept {
    return domain == time_domain::event ? clock_.watermark
                                        : clock_.processing_time;
  }

  int64_t entry_now() const { return now_of(entries_->domain()); }

  std::string_view key_;
  keyed_state<Stored>& state_;
  std::vector<Out>& out_;
  const partition_clock& clock_;
  detail::timer_set& event_timers_;
  detail::timer_set& processing_timers_;
  expiry_index* expiry_;
  map_state_t<Process>* entries_;
  std::optional<typename keyed_state<Stored>::cursor> cursor_;
};

/// How partition logic stores its values: in the value codec's bytes,
/// and as their JSON for state queries.
template <class Value>
struct values_in_codec {
  using value = Value;

  static void encode(const value& x, std::string& out) { encode_value(x, out); }

  static caf::expected<value> decode(std::string_view bytes) {
    return decode_value<value>(bytes);
  }

  static nlohmann::json to_json(const value& x) {
    return value_codec<value>::to_json(x);
  }
};

/// What a process function keeps per key: its value, with an expiry if it
/// has a time to live.
template <class Process>
using stored_value_t = std::conditional_t<has_time_to_live<Process>,
                                          expiring<typename Process::value>,
                                          typename Process::value>;

/// A process function as partition logic (see partition_state.hpp):
/// records of input `In`, outputs `Out`, keyed by `KeyOf`.
template <class In, class Out, class Process, class KeyOf>
class process_logic : public values_in_codec<stored_value_t<Process>> {
public:
  using input = In;
  using output = Out;
  using value = stored_value_t<Process>;
  using context = keyed_context<Process, value, Out>;

  /// Whether the process function has timers (an on_timer).
  static constexpr bool has_timers = requires(Process & process, context& ctx) {
    process.on_timer(int64_t{0}, ctx);
  };

  process_logic(Process process, KeyOf key)
      : process_(std::move(process)), key_(std::move(key)),
        entries_(make_map_state(process_)) {}

  std::string_view key_of(const In& record) const {
    return std::invoke(key_, record);
  }

  void apply(const In& record, keyed_state<value>& state, std::vector<Out>& out,
             const partition_clock& clock) {
    context ctx{key_of(record),     state,    out,      clock, event_timers_,
                processing_timers_, &expiry_, &entries_};
    call_process(record, ctx);
  }

  void on_time(const partition_clock& clock, keyed_state<value>& state,
               std::vector<Out>& out) requires(has_timers ||
                                               has_time_to_live<Process> ||
                                               has_map_state<Process>) {
    if constexpr (has_timers) {
      fire(event_timers_, clock.watermark, clock, state, out);
      fire(processing_timers_, clock.processing_time, clock, state, out);
    }
    if constexpr (has_time_to_live<Process>) {
      constexpr auto ttl = Process::time_to_live;
      auto now = ttl.domain == time_domain::event ? clock.watermark
                                                  : clock.processing_time;
      expiry_.expire_until(now, [&](std::string_view key) {
        // Written again since it was scheduled: it lives on.
        if (auto* stored = state.find(key); stored && stored->expires_at <= now)
          state.erase(key);
      });
    }
    if constexpr (has_map_state<Process>)
      entries_.expire_until(entries_.domain() == time_domain::event
                                ? clock.watermark
                                : clock.processing_time);
  }

  void write_extra(state_store::batch& writes, const std::string& family,
                   int32_t partition,
                   const key_groups& groups) requires(has_timers ||
                                                      has_map_state<Process>) {
    if constexpr (has_map_state<Process>)
      entries_.write_changes(writes, family, groups);
    if constexpr (has_timers)
      write_timers(writes, family, partition);
  }

  caf::expected<void>
  restore_extra(const state_store& store, const std::string& family,
                int32_t partition, const key_groups& groups,
                keyed_state<value>& state) requires(has_timers ||
                                                    has_time_to_live<Process> ||
                                                    has_map_state<Process>) {
    if constexpr (has_time_to_live<Process>)
      state.for_each([&](std::string_view key, const value& stored) {
        expiry_.schedule(key, stored.expires_at);
      });
    if constexpr (has_map_state<Process>)
      if (auto ok = entries_.restore(
              store, family,
              groups.groups_of(static_cast<uint32_t>(partition)));
          !ok)
        return ok;
    if constexpr (has_timers)
      return restore_timers(store, family, partition);
    return caf::unit;
  }

private:
  void write_timers(state_store::batch& writes, const std::string& family,
                    int32_t partition) {
    auto event_changed = event_timers_.take_change();
    auto processing_changed = processing_timers_.take_change();
    if (!event_changed && !processing_changed)
      return;
    std::string bytes;
    encode_value(std::pair{event_timers_.all(), processing_timers_.all()},
                 bytes);
    writes.put(family, timers_key(partition), bytes);
  }

  caf::expected<void> restore_timers(const state_store& store,
                                     const std::string& family,
                                     int32_t partition) {
    auto stored = store.get(family, timers_key(partition));
    if (!stored)
      return stored.error();
    if (*stored) {
      using timers = std::vector<std::pair<int64_t, std::string>>;
      auto decoded = decode_value<std::pair<timers, timers>>(**stored);
      if (!decoded)
        return make_error(ec::storage_failure,
                          "cannot decode the timers of partition " +
                              std::to_string(partition) + ": " +
                              describe(decoded.error()));
      event_timers_.assign(decoded->first);
      processing_timers_.assign(decoded->second);
    }
    return caf::unit;
  }

  static map_state_t<Process> make_map_state(const Process& process) {
    if constexpr (has_map_state<Process>)
      return map_state_t<Process>{process.entry_time_to_live()};
    else
      return {};
  }

  // Where a partition's pending timers live in its column family.
  static std::string timers_key(int32_t partition) {
    auto out = std::string{"t"};
    layout::append_u32(out, static_cast<uint32_t>(partition));
    return out;
  }

  void call_process(const In& record, context& ctx) {
    if constexpr (requires { process_.process(record, ctx); })
      process_.process(record, ctx);
    else
      std::visit(
          [&](const auto& alternative) { process_.process(alternative, ctx); },
          record);
  }

  void fire(detail::timer_set& timers, int64_t now,
            const partition_clock& clock, keyed_state<value>& state,
            std::vector<Out>& out) {
    if (timers.empty() || now == no_watermark)
      return;
    for (auto& [time, key] : timers.take_due(now)) {
      context ctx{key,      state,         out,
                  clock,    event_timers_, processing_timers_,
                  &expiry_, &entries_};
      process_.on_timer(time, ctx);
    }
  }

  Process process_;
  KeyOf key_;
  detail::timer_set event_timers_;
  detail::timer_set processing_timers_;
  // Coarse buckets: a second late at most, for 10M keys in little memory.
  expiry_index expiry_{std::chrono::seconds{1}};
  [[no_unique_address]] map_state_t<Process> entries_;
};

/// A keyed stage without a process function of its own: the records pass
/// to the stage's window as they came (what key_by → window runs).
template <class In, class KeyOf>
class passthrough_logic : public values_in_codec<uint8_t> {
public:
  using input = In;
  using output = In;
  /// Never written: the partition keeps only its positions.
  using value = uint8_t;

  explicit passthrough_logic(KeyOf key) : key_(std::move(key)) {}

  std::string_view key_of(const In& record) const {
    return std::invoke(key_, record);
  }

  void apply(const In& record, keyed_state<value>&, std::vector<In>& out,
             const partition_clock&) {
    out.push_back(record);
  }

private:
  KeyOf key_;
};

} // namespace eddy
