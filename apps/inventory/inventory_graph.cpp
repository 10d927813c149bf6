// Builds the inventory job's graph; see inventory_graph.hpp.
#include "apps/inventory/inventory_graph.hpp"

namespace eddy {

job_graph inventory_graph(const inventory_graph_parts& parts) {
  const std::string partitions = "partitions";
  const std::string windows = "windows";
  auto sink = [](const std::string& name) { return "sink/" + name; };
  job_graph graph;
  for (auto& src : parts.sources)
    graph.nodes.push_back({"source/" + src.name, "source", 1});
  graph.nodes.push_back({partitions, "partition", parts.partitions});
  graph.nodes.push_back({windows, "window", parts.partitions});
  for (auto& name : parts.result_sinks)
    graph.nodes.push_back({sink(name), "sink", 1});
  graph.nodes.push_back({sink(parts.alerts_sink), "sink", 1});
  graph.nodes.push_back({sink(parts.dead_letters_sink), "sink", 1});

  for (auto& src : parts.sources) {
    graph.edges.push_back({"source/" + src.name, partitions, "by key"});
    if (src.sends_dead_letters)
      graph.edges.push_back(
          {"source/" + src.name, sink(parts.dead_letters_sink), "merge"});
  }
  graph.edges.push_back({partitions, windows, "one to one"});
  for (auto& name : parts.result_sinks)
    graph.edges.push_back({partitions, sink(name), "merge"});
  graph.edges.push_back({windows, sink(parts.alerts_sink), "merge"});
  return graph;
}

} // namespace eddy
