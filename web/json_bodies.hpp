// The JSON bodies of the HTTP API that messages/json_codec.hpp does not
// cover: errors, batch reads and job reports.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "messages/inventory_records.hpp"
#include "messages/job_status.hpp"

namespace eddy::web {

/// Renders `body` compactly. Invalid UTF-8 (e.g. in a percent-decoded item
/// id) becomes U+FFFD instead of throwing, so this never fails.
std::string dump_body(const nlohmann::json& body);

/// Returns {"error":code,"detail":detail}.
std::string error_body(std::string_view code, std::string_view detail);

/// Returns {"items":[{"itemId","quantity"},...],"missing":[ids...]}.
std::string stock_batch_body(const std::vector<item_info>& items,
                             const std::vector<std::string>& missing);

/// Returns {"jobs":[{"name","state","partitions":[{"id","state",
/// "recordsProcessed","restarts","lastRestartReason"},...]},...]}.
std::string jobs_body(const std::vector<job_status>& jobs);

} // namespace eddy::web
