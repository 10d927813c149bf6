// Client properties handed to librdkafka unchanged ("bootstrap.servers",
// "group.id", ...): the `kafka.*` keys of the configuration without prefix.
#pragma once

#include <map>
#include <string>

namespace eddy {

using kafka_properties = std::map<std::string, std::string>;

} // namespace eddy
