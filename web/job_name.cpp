// Decodes and validates job names taken from URLs.
#include "web/job_name.hpp"

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"
#include "messages/tab_codec.hpp"
#include "web/percent_decode.hpp"

namespace eddy::web {

caf::expected<std::string> decode_job_name(std::string_view raw) {
  auto name = percent_decode(raw);
  if (!name)
    return name;
  if (name->empty())
    return make_error(ec::malformed_record, "the job name is empty");
  // Job names follow the rule for item ids: they end up in the same JSON
  // bodies and log lines.
  if (!is_valid_item_id(*name))
    return make_error(ec::malformed_record,
                      "the job name must be UTF-8 text without control "
                      "characters, got " +
                          quoted_excerpt(*name));
  return name;
}

} // namespace eddy::web
