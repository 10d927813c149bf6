// Client properties handed to librdkafka unchanged ("bootstrap.servers",
// "group.id", ...): the `kafka.*` keys of the configuration without prefix.
#pragma once

#include <map>
#include <string>

namespace eddy {

using kafka_properties = std::map<std::string, std::string>;

/// `properties` without those only consumers take: one property set serves
/// a job's consumer and its producers, and librdkafka warns about each
/// consumer property a producer is given.
inline kafka_properties producer_properties(kafka_properties properties) {
  for (auto key :
       {"group.id", "auto.offset.reset", "enable.auto.commit",
        "session.timeout.ms", "heartbeat.interval.ms", "max.poll.interval.ms",
        "partition.assignment.strategy", "isolation.level"})
    properties.erase(key);
  return properties;
}

} // namespace eddy
