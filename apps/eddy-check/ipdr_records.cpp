// Reads IPDR input and output lines with nlohmann::json (never the job's
// parser), and the input's wall-clock times by hand.
#include "apps/eddy-check/ipdr_records.hpp"

#include <charconv>
#include <limits>

#include <nlohmann/json.hpp>

#include "messages/error.hpp"

namespace eddy::check {

namespace {

using nlohmann::json;

caf::error malformed(std::string why) {
  return make_error(ec::malformed_record, std::move(why));
}

caf::expected<json> parse_object(std::string_view line) {
  auto value = json::parse(line, nullptr, false);
  if (value.is_discarded())
    return malformed("not JSON");
  if (!value.is_object())
    return malformed("not a JSON object");
  return value;
}

caf::expected<std::string> string_field(const json& record, const char* name) {
  auto field = record.find(name);
  if (field == record.end())
    return malformed(std::string{"no field '"} + name + "'");
  if (!field->is_string())
    return malformed(std::string{"field '"} + name + "' is not a string");
  return field->get<std::string>();
}

// An integer of 64 bits; 5.0 or 1e3 are not, as the job reads longs.
caf::expected<int64_t> integer_field(const json& record, const char* name) {
  auto field = record.find(name);
  if (field == record.end())
    return malformed(std::string{"no field '"} + name + "'");
  auto fits =
      field->is_number_integer() &&
      (!field->is_number_unsigned() ||
       field->get<uint64_t>() <= uint64_t{std::numeric_limits<int64_t>::max()});
  if (fits)
    return field->get<int64_t>();
  return malformed(std::string{"field '"} + name +
                   "' is not an integer of 64 bits");
}

int64_t days_from_civil(int64_t year, int64_t month, int64_t day) {
  year -= month <= 2 ? 1 : 0;
  auto era = (year >= 0 ? year : year - 399) / 400;
  auto year_of_era = year - era * 400;
  auto day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  auto day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

int days_in_month(int64_t year, int64_t month) {
  constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  auto is_leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
  return month == 2 && is_leap ? 29 : days[month - 1];
}

// The digits at [from, from + count) of `text` as a number, or -1.
int64_t digits_at(std::string_view text, size_t from, size_t count) {
  int64_t value = 0;
  auto part = text.substr(from, count);
  auto [end, err] = std::from_chars(part.data(), part.data() + count, value);
  return err == std::errc{} && end == part.data() + count && part[0] != '-' &&
                 part[0] != '+'
             ? value
             : -1;
}

} // namespace

caf::expected<int64_t> parse_wall_time(std::string_view text) {
  constexpr std::string_view shape = "yyyy-MM-dd HH:mm:ss";
  auto bad = [text] {
    return malformed("fromTime '" + std::string{text} +
                     "' is not a time yyyy-MM-dd HH:mm:ss");
  };
  if (text.size() != shape.size() || text[4] != '-' || text[7] != '-' ||
      text[10] != ' ' || text[13] != ':' || text[16] != ':')
    return bad();
  auto year = digits_at(text, 0, 4);
  auto month = digits_at(text, 5, 2);
  auto day = digits_at(text, 8, 2);
  auto hour = digits_at(text, 11, 2);
  auto minute = digits_at(text, 14, 2);
  auto second = digits_at(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 ||
      day > days_in_month(year, month) || hour < 0 || hour > 23 || minute < 0 ||
      minute > 59 || second < 0 || second > 59)
    return bad();
  return days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 +
         second;
}

caf::expected<ipdr_input> read_ipdr_input(std::string_view line) {
  auto record = parse_object(line);
  if (!record)
    return record.error();
  ipdr_input input;
  auto mac = string_field(*record, "cmMacAddr");
  if (!mac)
    return mac.error();
  auto scn = string_field(*record, "dsScn");
  if (!scn)
    return scn.error();
  auto octets = integer_field(*record, "dsOctets");
  if (!octets)
    return octets.error();
  auto from = string_field(*record, "fromTime");
  if (!from)
    return from.error();
  auto from_seconds = parse_wall_time(*from);
  if (!from_seconds)
    return from_seconds.error();
  // The job dead-letters a host that is not a string; a missing one is
  // empty.
  auto host = record->find("cmtsHostName");
  if (host != record->end() && !host->is_string())
    return string_field(*record, "cmtsHostName").error();
  if (host != record->end())
    input.host = host->get<std::string>();
  input.mac = std::move(*mac);
  input.scn = std::move(*scn);
  input.octets = *octets;
  input.from_wall_seconds = *from_seconds;
  return input;
}

caf::expected<ipdr_output> read_ipdr_output(std::string_view line) {
  auto record = parse_object(line);
  if (!record)
    return record.error();
  if (record->size() != 5)
    return malformed("not the five fields hourUsage, cmtshost, scn, mac, "
                     "usage");
  auto hour = integer_field(*record, "hourUsage");
  if (!hour)
    return hour.error();
  auto host = string_field(*record, "cmtshost");
  if (!host)
    return host.error();
  auto scn = string_field(*record, "scn");
  if (!scn)
    return scn.error();
  auto mac = string_field(*record, "mac");
  if (!mac)
    return mac.error();
  auto usage = integer_field(*record, "usage");
  if (!usage)
    return usage.error();
  if (*hour < 0 || *hour > 23)
    return malformed("hourUsage " + std::to_string(*hour) +
                     " is not an hour 0-23");
  return ipdr_output{std::move(*mac), static_cast<int>(*hour), std::move(*host),
                     std::move(*scn), *usage};
}

} // namespace eddy::check
