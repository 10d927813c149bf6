// GET /metrics: the job reports for Prometheus.
#pragma once

#include "web/response.hpp"

namespace eddy {
class inventory_service;
} // namespace eddy

namespace eddy::web {

/// Answers 200 with metrics_text of the service's jobs, or the mapped
/// service failure (see service_error). Calls `done` exactly once, possibly
/// on a thread of `service`.
void get_metrics(inventory_service& service, response_handler done);

} // namespace eddy::web
