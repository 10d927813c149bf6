// The JSON bodies of the HTTP API's built-in routes: errors, job reports and
// the admin endpoints' answers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "messages/job_status.hpp"

namespace eddy::web {

/// Renders `body` compactly. Invalid UTF-8 (e.g. in a percent-decoded item
/// id) becomes U+FFFD instead of throwing, so this never fails.
std::string dump_body(const nlohmann::json& body);

/// Returns {"error":code,"detail":detail}.
std::string error_body(std::string_view code, std::string_view detail);

/// Returns the report of one job: {"name","state","failure","delivery",
/// "partitions":[{"id","state","recordsProcessed","restarts",
/// "lastRestartReason"},...],"sources":[{"name","state","records",
/// "malformed","lag","reason"},...],"sinks":[{"name","state","written","failures",
/// "lastError"},...],"checkpoints":[{"id","kind","outcome","reason",
/// "startedMs","durationMs","bytes","positions":[{"source","partition",
/// "offset"},...],"path"},...],"figures":[{"id","title","unit",
/// "kind":"bars"|"ranking"|"list"|"series","points":[[label,value],...]},
/// ...]}.
std::string job_body(const job_status& job);

/// {"jobs":[...]} with one report as in job_body per job, as a document
/// (the live feed compares consecutive ones).
nlohmann::json jobs_document(const std::vector<job_status>& jobs);

/// Returns jobs_document as text.
std::string jobs_body(const std::vector<job_status>& jobs);

/// Returns {"path":path}: where a savepoint was written.
std::string savepoint_body(std::string_view path);

/// Returns {"done":what}: what an injected fault did.
std::string fault_body(std::string_view what);

} // namespace eddy::web
