// Reads the stock a run ended with: from a file of `itemId\tquantity` lines
// or from the running job's HTTP API.
#pragma once

#include <string>
#include <vector>

#include "caf/expected.hpp"

#include "apps/eddy-check/run_comparison.hpp"

namespace eddy::check {

/// Reads the stock of `items` from `source`: `http://HOST:PORT` asks the
/// job (see read_stock_over_http), anything else is a file whose every line
/// is read (see read_stock_file).
[[nodiscard]] caf::expected<stock_map>
read_stock(const std::string& source, const std::vector<std::string>& items);

/// Reads every `itemId\tquantity` line of the file at `path`. Fails with
/// ec::connector_failure when it cannot be read, ec::malformed_record
/// naming the file and line of a line that does not parse or names an item
/// a second time.
[[nodiscard]] caf::expected<stock_map> read_stock_file(const std::string& path);

/// Asks the job at `url` (`http://HOST:PORT`) for the stock of `items`
/// with `GET /v1/items?ids=...`, http_ids_per_request ids at a time, on one
/// kept-alive connection; items the job reports missing are left out.
/// Fails with ec::invalid_config for a malformed url, ec::connector_failure
/// when the job cannot be reached, does not answer within http_timeout or
/// answers another status than 200 (the text names the request and quotes
/// the body), ec::malformed_record when the body is not the expected JSON.
[[nodiscard]] caf::expected<stock_map>
read_stock_over_http(const std::string& url,
                     const std::vector<std::string>& items);

} // namespace eddy::check
