// In a cluster, the HTTP front answers a request about a key that another
// member owns with that member's answer: it forwards the request there, one
// hop, and says 503 with Retry-After while the key's partition has no owner.
#pragma once

#include "runtime/cluster_membership.hpp"
#include "runtime/request_forwarder.hpp"
#include "web/key_forwarding.hpp"

namespace eddy {

/// The HTTP server's key_forwarder for `cluster`, sending requests through
/// `forwarder`; both must outlive the server. A forwarded answer carries
/// the header Eddy-Served-By naming the member that answered.
web::key_forwarder forward_to_owners(const cluster_membership& cluster,
                                     request_forwarder& forwarder);

} // namespace eddy
