// Job settings as key/value pairs: the same list goes to settings::set for
// an in-process job and to --set for the eddy program.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace eddy::bench {

using setting_list = std::vector<std::pair<std::string, std::string>>;

} // namespace eddy::bench
