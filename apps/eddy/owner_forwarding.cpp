// Decides, per request, whether it is answered here, forwarded whole to one
// owner, split among several, or refused while a key moves.
#include "apps/eddy/owner_forwarding.hpp"

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "messages/cluster_status.hpp"
#include "messages/error.hpp"
#include "web/service_error.hpp"

namespace eddy {

namespace {

std::string subject_of(const web::route_keys& about,
                       const std::vector<std::string>& keys) {
  if (keys.size() == 1)
    return "key '" + keys.front() + "' of job '" + about.job + "'";
  return std::to_string(keys.size()) + " keys of job '" + about.job + "'";
}

web::response refuse_while_moving(int32_t partition,
                                  const std::string& subject) {
  return web::service_error(
      make_error(ec::unavailable,
                 "partition " + std::to_string(partition) +
                     " of its input has no owner now: it moves between "
                     "members"),
      subject);
}

web::response answer_of(const std::string& instance, const std::string& subject,
                        caf::expected<http_reply> reply) {
  if (!reply)
    return web::service_error(reply.error(), subject);
  web::response result{.status = reply->status, .body = std::move(reply->body)};
  result.headers.emplace_back("Eddy-Served-By", instance);
  // The client does not pass the owner's Retry-After on: its 503s mean the
  // same wait.
  if (reply->status == 503)
    result.headers.emplace_back("Retry-After",
                                std::string{web::retry_after_seconds});
  return result;
}

// The keys one member owns.
struct owned_keys {
  std::string instance;
  std::vector<std::string> keys;
};

// The answers of the owners of a split request, joined once all are in.
class gathering {
public:
  gathering(web::route_keys about, std::vector<std::string> keys, size_t parts,
            web::response_handler done)
      : about_(std::move(about)), keys_(std::move(keys)), waiting_(parts),
        done_(std::move(done)) {}

  void take(web::response part) {
    std::unique_lock guard{mtx_};
    if (part.status != 200 && !failure_)
      failure_ = std::move(part);
    else
      parts_.push_back(std::move(part));
    if (--waiting_ > 0)
      return;
    guard.unlock();
    done_(failure_ ? std::move(*failure_)
                   : about_.merge(keys_, std::move(parts_)));
  }

private:
  web::route_keys about_;
  std::vector<std::string> keys_;
  std::mutex mtx_;
  size_t waiting_; // guarded by mtx_
  std::vector<web::response> parts_;
  std::optional<web::response> failure_;
  web::response_handler done_;
};

} // namespace

web::key_forwarder forward_to_owners(const cluster_membership& cluster,
                                     request_forwarder& forwarder) {
  return [&cluster, &forwarder](
             const web::route_keys& about, const std::vector<std::string>& keys,
             const web::request& req, const web::reply_later& later) {
    std::map<std::string, owned_keys> by_url;
    // The partition of the first key owned elsewhere, if any.
    std::optional<int32_t> elsewhere;
    auto subject = subject_of(about, keys);
    auto owners = cluster.owners_of(about.job);
    for (auto& key : keys) {
      auto owner = owners.of(key);
      if (owner.where == key_owner::place::nobody) {
        later()(refuse_while_moving(owner.partition, subject));
        return true;
      }
      if (owner.where == key_owner::place::member && !elsewhere)
        elsewhere = owner.partition;
      auto [group, added] = by_url.try_emplace(owner.url);
      if (added)
        group->second.instance = owner.instance;
      group->second.keys.push_back(key);
    }
    if (!elsewhere)
      return false;
    // A forwarded request that finds a key elsewhere was sent on an older
    // view of the owners: the key is moving, and one hop is all it gets.
    if (req.headers.contains(std::string{forwarded_by_header})) {
      later()(refuse_while_moving(*elsewhere, subject));
      return true;
    }
    if (by_url.size() == 1) {
      auto& [url, owner] = *by_url.begin();
      forwarder.forward(url, {req.method, req.target, req.body},
                        [done = later(), instance = owner.instance,
                         subject](caf::expected<http_reply> reply) {
                          done(answer_of(instance, subject, std::move(reply)));
                        });
      return true;
    }
    // Its own share goes through this process's server too, as a forwarded
    // request: answered here, by the route itself.
    auto joined =
        std::make_shared<gathering>(about, keys, by_url.size(), later());
    for (auto& [url, owner] : by_url)
      forwarder.forward(url, {"GET", about.target_for(owner.keys), {}},
                        [joined, instance = owner.instance,
                         subject](caf::expected<http_reply> reply) {
                          joined->take(
                              answer_of(instance, subject, std::move(reply)));
                        });
    return true;
  };
}

} // namespace eddy
