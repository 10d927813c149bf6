// How the server reads a request with Beast (its parser and limits) and what
// it takes from a parsed one: the origin checks' answer and the plain request
// the routes see. Internal to web/, like session.hpp; the sessions and the
// HTTP fuzz target (tests/fuzz/http_request_fuzz.cpp) share it.
#pragma once

#include <cstddef>
#include <optional>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include "web/origin_policy.hpp"
#include "web/request.hpp"
#include "web/response.hpp"

namespace eddy::web {

/// A request as Beast parses it: its head and a string body.
using beast_request =
    boost::beast::http::request<boost::beast::http::string_body>;

/// Parses one request; a parser is single-use.
using request_parser =
    boost::beast::http::request_parser<boost::beast::http::string_body>;

/// Sets the server's limits on `parser`: the request line and header fields
/// at most `header_limit` bytes (http.header.limit, at most 2^32 - 1: Beast
/// counts in 32 bits), the body at most `body_limit` bytes
/// (http.body.limit). Over either, parsing fails with
/// http::error::header_limit or http::error::body_limit.
void limit(request_parser& parser, size_t header_limit, size_t body_limit);

/// What `policy` answers `message` before it is routed: a CORS preflight's
/// answer, or a refusal (403 for a page of another origin, 415 for a body
/// that is not JSON); nothing when the request may be routed.
std::optional<response> screen(const origin_policy& policy,
                               const beast_request& message);

/// Moves `message` into the plain request the routes see: method and target
/// as sent, header names in lower case, repeated fields joined into one
/// list by ", " (as RFC 9110 section 5.3 allows), the body.
request to_request(beast_request&& message);

} // namespace eddy::web
