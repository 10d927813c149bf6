// Describes the inventory job.
#include "apps/inventory/inventory_pipeline.hpp"

#include <optional>
#include <string_view>
#include <type_traits>
#include <variant>

#include "apps/inventory/stock_process.hpp"
#include "apps/inventory/summary_counts.hpp"
#include "connectors/transaction_generator.hpp"
#include "messages/json_codec.hpp"
#include "messages/tab_codec.hpp"
#include "runtime/pipeline.hpp"

namespace eddy {

namespace {

// A transaction from a transport that may deliver it again.
inventory_input repeatable(item_transaction tx) {
  tx.may_be_repeated = true;
  return inventory_input{std::move(tx)};
}

// A line on the seed's socket (or MQTT in text) is a query (`123 item_2`)
// or, if it has tabs, a transaction.
caf::expected<inventory_input> parse_socket_line(std::string_view line) {
  if (line.find('\t') == std::string_view::npos) {
    auto q = parse_query(line);
    if (!q)
      return q.error();
    return inventory_input{std::move(*q)};
  }
  auto tx = parse_transaction(line);
  if (!tx)
    return tx.error();
  return repeatable(std::move(*tx));
}

// The seed's topics: tab-delimited transactions and `123 item_2` queries.
source_plan<inventory_input> kafka_source_of(const inventory_options& opts) {
  auto tx_topic = opts.kafka.transaction_topic;
  return kafka_input<inventory_input>(
      {tx_topic, opts.kafka.query_topic},
      one_record{[tx_topic](const kafka_message_view& msg)
                     -> caf::expected<inventory_input> {
        if (msg.topic == tx_topic) {
          auto tx = parse_transaction(msg.payload);
          if (!tx)
            return tx.error();
          return inventory_input{std::move(*tx)};
        }
        auto q = parse_query(msg.payload);
        if (!q)
          return q.error();
        return inventory_input{std::move(*q)};
      }});
}

// Transactions on MQTT: JSON objects as the HTTP API takes them, or
// tab-delimited lines.
source_plan<inventory_input> mqtt_source_of(const inventory_options& opts) {
  return mqtt_input<inventory_input>(
      opts.mqtt.client_id, opts.mqtt.topic,
      one_record{
          [json = opts.mqtt.is_json](std::string_view, std::string_view payload)
              -> caf::expected<inventory_input> {
            if (!json)
              return parse_socket_line(payload);
            auto tx = transaction_from_json_text(payload);
            if (!tx)
              return tx.error();
            return repeatable(std::move(*tx));
          }});
}

source_plan<inventory_input> generator_of(const inventory_options& opts) {
  auto& gen = opts.generator;
  transaction_generator make{gen.seed, gen.num_items};
  return generator_input<inventory_input>(
      gen.rate, [make, with_queries = gen.with_queries](
                    offset_t i, int64_t now_ms, emitter<inventory_input>& out) {
        if (with_queries && i % 10 == 9)
          out.emit(inventory_input{make.make_query(i)});
        else
          out.emit(inventory_input{make(i, now_ms)});
      });
}

// Picks one alternative of the stock's outputs; a repeated transaction's
// result was written the first time.
template <class T>
auto only() {
  return [](const inventory_output& out, emitter<T>& to) {
    if (auto* x = std::get_if<T>(&out)) {
      if constexpr (std::is_same_v<T, transaction_result>)
        if (x->is_repeat)
          return;
      to.emit(*x);
    }
  };
}

// Counts each result's outcome for the figures, then passes on the first
// results as only<transaction_result> does. On the windows' feed, which
// every partition has once (the results' sinks may be none or many).
auto counted_results(std::shared_ptr<inventory_tallies> tallies) {
  return [tallies = std::move(tallies), pass = only<transaction_result>()](
             const inventory_output& out, emitter<transaction_result>& to) {
    if (auto* result = std::get_if<transaction_result>(&out))
      tallies->outcomes.count(*result);
    pass(out, to);
  };
}

} // namespace

caf::expected<job_plan>
inventory_plan(const inventory_options& opts,
               std::shared_ptr<inventory_tallies> tallies) {
  pipeline p{"inventory"};
  std::optional<stream<inventory_input>> input;
  auto add = [&](source_plan<inventory_input> src) {
    auto s = p.source(std::move(src));
    input = input ? input->merge(s) : s;
  };
  if (opts.generator.enabled)
    add(generator_of(opts));
  if (opts.socket)
    add(socket_input<inventory_input>(*opts.socket,
                                      one_record{parse_socket_line}));
  if (opts.kafka.enabled)
    add(kafka_source_of(opts));
  if (opts.mqtt.enabled)
    add(mqtt_source_of(opts));
  // A posted transaction shows in the dead letters as JSON.
  add(request_input<inventory_input>("http", [](const inventory_input& in) {
    return std::visit([](const auto& x) { return to_json(x).dump(); }, in);
  }));
  add(manual_input<inventory_input>({"transactions", "queries"}));
  if (opts.window.is_event_time)
    input = input->event_time(
        [](const inventory_input& in) {
          auto* tx = std::get_if<item_transaction>(&in);
          return tx ? tx->ts : no_watermark;
        },
        opts.window.out_of_orderness);
  auto results = input->key_by(item_of).process(
      "partitions", stock_process{opts.dedup_window});
  results
      .flat_map<transaction_result>("transaction results",
                                    only<transaction_result>())
      .sink(transaction_results_output);
  results.flat_map<query_result>("query results", only<query_result>())
      .sink(query_results_output);
  // The seed's SummaryAlertingCondition.
  auto alert = [min_tx = opts.min_transactions,
                min_rate = opts.min_failure_rate,
                tallies](std::string_view item, window_bounds w,
                         int64_t succeeded, int64_t failed,
                         int64_t volume) -> std::optional<transaction_summary> {
    tallies->failures.record(item, w.end, failed);
    auto total = succeeded + failed;
    if (total <= min_tx ||
        static_cast<double>(failed) / static_cast<double>(total) <= min_rate)
      return std::nullopt;
    return transaction_summary{std::string{item}, w.start, w.end,
                               succeeded,         failed,  volume};
  };
  auto time = opts.window.is_event_time ? window_options::time_mode::event
                                        : window_options::time_mode::processing;
  results
      .flat_map<transaction_result>("transaction results",
                                    counted_results(tallies))
      .key_by([](const transaction_result& r) -> std::string_view {
        return r.transaction.item_id;
      })
      .event_time([](const transaction_result& r) { return r.transaction.ts; })
      .window("windows", tumbling(opts.window.size).in(time))
      .aggregate(summary_counts(), alert)
      .sink(alerts_output);
  return std::move(p).build();
}

} // namespace eddy
