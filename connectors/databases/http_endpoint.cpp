// Parses base URLs and percent-encodes query values.
#include "connectors/databases/http_endpoint.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"

namespace eddy {

namespace {

constexpr std::string_view expected_form = "http://host[:port][/path]";

std::string lowercase(std::string_view text) {
  std::string result{text};
  std::transform(result.begin(), result.end(), result.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  return result;
}

bool is_host_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' ||
         c == '_';
}

bool is_ipv6_char(char c) {
  return std::isxdigit(static_cast<unsigned char>(c)) || c == ':' || c == '.';
}

// Printable ASCII but space: anything else must come percent-encoded.
bool is_path_char(char c) {
  return c > ' ' && c < 0x7f;
}

// Splits "host", "host:port", "[v6]" or "[v6]:port" into `host` and
// `port` (left alone without one); answers why it cannot, or nullptr.
const char* split_authority(std::string_view authority, std::string& host,
                            uint16_t& port) {
  std::string_view rest;
  if (!authority.empty() && authority.front() == '[') {
    auto close = authority.find(']');
    if (close == std::string_view::npos)
      return "an IPv6 address misses its closing ]";
    auto address = authority.substr(1, close - 1);
    if (!std::all_of(address.begin(), address.end(), is_ipv6_char))
      return "the IPv6 address in [] is not one";
    host = address;
    rest = authority.substr(close + 1);
  } else {
    auto colon = std::min(authority.find(':'), authority.size());
    host = authority.substr(0, colon);
    if (!std::all_of(host.begin(), host.end(), is_host_char))
      return "the host name has a character a host name cannot have";
    rest = authority.substr(colon);
  }
  if (host.empty())
    return "no host";
  if (rest.empty())
    return nullptr;
  if (rest.front() != ':')
    return "expected :port after the host";
  auto digits = rest.substr(1);
  unsigned value = 0;
  auto [end, err] =
      std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || err != std::errc{} ||
      end != digits.data() + digits.size() || value == 0 || value > 65535)
    return "the port must be a number from 1 to 65535";
  port = static_cast<uint16_t>(value);
  return nullptr;
}

} // namespace

std::string http_endpoint::authority() const {
  auto shown_host =
      host.find(':') == std::string::npos ? host : "[" + host + "]";
  return shown_host + ":" + std::to_string(port);
}

std::string http_endpoint::url() const {
  return "http://" + authority() + base_path;
}

caf::expected<http_endpoint> http_endpoint::parse(std::string_view url) {
  auto invalid = [](std::string_view shown, std::string_view why) {
    return make_error(ec::invalid_config,
                      "bad URL " + quoted_excerpt(shown, 200) + ": " +
                          std::string{why} + " (expected " +
                          std::string{expected_form} + ")");
  };
  auto separator = url.find("://");
  if (separator == std::string_view::npos)
    return invalid(url, "no scheme");
  auto scheme = lowercase(url.substr(0, separator));
  if (scheme == "https")
    return invalid(url, "https is not supported (this client speaks no "
                        "TLS): use http://, or a TLS-terminating proxy");
  if (scheme != "http")
    return invalid(url, "the scheme " + quoted_excerpt(scheme) +
                            " is not supported, only http");
  auto rest = url.substr(separator + 3);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  auto path = rest.substr(authority.size());
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    // Named without the credentials: error messages end up in logs.
    auto masked = std::string{url.substr(0, separator + 3)} + "***@" +
                  std::string{rest.substr(at + 1)};
    return invalid(masked, "credentials in the URL are not supported (they "
                           "would show in logs): give user and password as "
                           "options");
  }
  if (path.find_first_of("?#") != std::string_view::npos)
    return invalid(url, "a base URL takes no query or fragment");
  if (!std::all_of(path.begin(), path.end(), is_path_char))
    return invalid(url, "the path has a character that must be "
                        "percent-encoded");
  http_endpoint result;
  if (auto why = split_authority(authority, result.host, result.port))
    return invalid(url, why);
  while (!path.empty() && path.back() == '/')
    path.remove_suffix(1);
  result.base_path = path;
  return result;
}

std::string percent_encode(std::string_view text) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string result;
  result.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      result.push_back(static_cast<char>(c));
    } else {
      result.push_back('%');
      result.push_back(hex[c >> 4]);
      result.push_back(hex[c & 0x0f]);
    }
  }
  return result;
}

} // namespace eddy
