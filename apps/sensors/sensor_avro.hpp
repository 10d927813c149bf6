// A reading as the seed's producer writes it in Avro: one raw binary record
// of SensorData.avsc (no container header, no registry prefix), decoded on
// the job's hot path and encoded for the generator and the tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "caf/error.hpp"
#include "caf/expected.hpp"

#include "apps/sensors/sensor_reading.hpp"

namespace eddy::sensors {

/// The eight fields of SensorData.avsc, in its order.
struct avro_fields {
  int32_t sensor_id = 0;
  int32_t sensor_type = 0;
  double temperature = 0.0;
  double humidity = 0.0;
  double pressure = 0.0;
  double battery_level = 0.0;
  int32_t status = 0;
  int64_t timestamp_ms = 0; // timestamp (timestamp-millis)

  friend bool operator==(const avro_fields&, const avro_fields&) = default;
};

/// SensorData.avsc as it was at build time (the build embeds the file, so
/// that the programs need none at run time).
std::string_view avro_schema_json();

/// Checks that `schema_json` is an Avro schema (read by Avro C) of a record
/// with exactly the fields of avro_fields, names and types in its order.
/// Fails with ec::invalid_config naming the first difference.
[[nodiscard]] caf::error check_avro_schema(std::string_view schema_json);

/// The fields of one binary record. Fails with ec::malformed_record naming
/// the field and what is wrong: too few bytes, a varint longer than 10 bytes
/// or overflowing 64 bits, an int field out of the 32-bit range; or bytes
/// left after the record. Any double is accepted, NaN too.
[[nodiscard]] caf::expected<avro_fields> decode_avro(std::string_view bytes);

/// The reading of `fields` as the seed's Avro constructor maps it:
/// device_id "sensor_<sensorId>", device_type_of(sensorType),
/// site_of(sensorId), customer "customer_0001", the measurements, status and
/// timestamp as they are, every other field the struct's default.
reading reading_of(const avro_fields& fields);

/// Appends the binary record of `fields` to `out`, encoded by Avro C with
/// the embedded schema. Safe to call from several threads (each encodes
/// with a record value of its own). The schema must pass
/// check_avro_schema, as avro_decoder::make and the unit tests check: if it
/// does not, this logs why and aborts, a build defect rather than a
/// run-time error.
void encode_avro(const avro_fields& fields, std::string& out);

/// Reads the job's Avro input. Copyable and safe to call from several
/// threads: it holds no state, the schema is checked once by make().
class avro_decoder {
public:
  /// A decoder, once the embedded schema is the one it decodes. Fails with
  /// ec::invalid_config if the schema does not read or differs.
  [[nodiscard]] static caf::expected<avro_decoder> make();

  /// The reading of one binary record; fails as decode_avro.
  [[nodiscard]] caf::expected<reading> operator()(std::string_view bytes) const;

private:
  avro_decoder() = default;
};

} // namespace eddy::sensors
