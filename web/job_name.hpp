// Turns the percent-encoded job name of a URL such as /v1/jobs/{job} into
// the name the job goes by.
#pragma once

#include <string>
#include <string_view>

#include "caf/expected.hpp"

namespace eddy::web {

/// Percent-decodes `raw`. Fails with ec::malformed_record saying whether the
/// name is empty, badly encoded or not UTF-8 text without control
/// characters.
[[nodiscard]] caf::expected<std::string> decode_job_name(std::string_view raw);

} // namespace eddy::web
