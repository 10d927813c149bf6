// The checks every parse figure's parser shares.
#include "bench/ipdr/ipdr_fields.hpp"

#include "messages/error.hpp"

namespace eddy::bench {

namespace {

caf::error missing(std::string_view field) {
  return malformed("field '" + std::string{field} + "' is missing");
}

} // namespace

caf::error malformed(std::string why) {
  return make_error(ec::malformed_record, std::move(why));
}

caf::error wrong_type(std::string_view field, std::string_view expected) {
  return malformed("field '" + std::string{field} + "': expected " +
                   std::string{expected});
}

caf::expected<ipdr::record> record_of(const ipdr_fields& fields,
                                      const ipdr::local_time_zone& zone) {
  if (!fields.mac)
    return missing("cmMacAddr");
  if (!fields.scn)
    return missing("dsScn");
  if (!fields.octets)
    return missing("dsOctets");
  if (*fields.octets < 0)
    return malformed("field 'dsOctets' is negative");
  if (!fields.from)
    return missing("fromTime");
  auto time = zone.read(*fields.from);
  if (!time)
    return time.error();
  return ipdr::record{ipdr::key_of(*fields.mac, time->hour),
                      std::string{fields.host.value_or("")},
                      std::string{*fields.scn},
                      *fields.octets,
                      time->epoch_ms,
                      time->hour};
}

} // namespace eddy::bench
