// Fuzzes the sensor job's Avro decoder (apps/sensors/sensor_avro, by hand)
// against Avro C's generic reader of the same schema: what the decoder
// accepts, Avro C reads to the same fields with no byte left, and encodes
// back to a record that decodes the same; what it refuses, Avro C refuses
// too, but for bytes left after the record (which Avro C does not see) and
// a varint overflowing 64 bits (whose high bits Avro C drops).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <avro.h>

#include "apps/sensors/sensor_avro.hpp"
#include "messages/error.hpp"
#include "tests/fuzz/fuzz_check.hpp"

namespace {

using eddy::fuzz::check;
using eddy::sensors::avro_fields;

// Avro C's reading of one record; single-threaded here, so its
// process-wide error text does no harm.
class avro_c_reader {
public:
  avro_c_reader() {
    auto json = eddy::sensors::avro_schema_json();
    avro_schema_t schema = nullptr;
    check(avro_schema_from_json_length(json.data(), json.size(), &schema) == 0,
          "Avro C reads the embedded schema");
    iface_ = avro_generic_class_from_schema(schema);
    avro_schema_decref(schema);
    check(avro_generic_value_new(iface_, &value_) == 0,
          "Avro C makes a record value");
    reader_ = avro_reader_memory(nullptr, 0);
  }

  /// Whether Avro C reads `bytes`; `fields` what it read, `rest_left`
  /// whether bytes are left after the record.
  bool read(std::string_view bytes, avro_fields& fields, bool& rest_left) {
    avro_reader_memory_set_source(reader_, bytes.data(),
                                  static_cast<int64_t>(bytes.size()));
    if (avro_value_read(reader_, &value_) != 0)
      return false;
    rest_left = avro_skip(reader_, 1) == 0;
    get_int(0, fields.sensor_id);
    get_int(1, fields.sensor_type);
    get_double(2, fields.temperature);
    get_double(3, fields.humidity);
    get_double(4, fields.pressure);
    get_double(5, fields.battery_level);
    get_int(6, fields.status);
    check(avro_value_get_long(&field_at(7), &fields.timestamp_ms) == 0,
          "Avro C reads the long field");
    return true;
  }

private:
  avro_value_t& field_at(size_t index) {
    check(avro_value_get_by_index(&value_, index, &field_, nullptr) == 0,
          "Avro C has every field of the record");
    return field_;
  }

  void get_int(size_t index, int32_t& out) {
    check(avro_value_get_int(&field_at(index), &out) == 0,
          "Avro C reads an int field");
  }

  void get_double(size_t index, double& out) {
    check(avro_value_get_double(&field_at(index), &out) == 0,
          "Avro C reads a double field");
  }

  avro_value_iface_t* iface_ = nullptr;
  avro_value_t value_{};
  avro_value_t field_{};
  avro_reader_t reader_ = nullptr;
};

// Bit for bit, so that a NaN equals itself.
bool same(const avro_fields& a, const avro_fields& b) {
  auto same_double = [](double x, double y) {
    return std::memcmp(&x, &y, sizeof x) == 0;
  };
  return a.sensor_id == b.sensor_id && a.sensor_type == b.sensor_type &&
         same_double(a.temperature, b.temperature) &&
         same_double(a.humidity, b.humidity) &&
         same_double(a.pressure, b.pressure) &&
         same_double(a.battery_level, b.battery_level) &&
         a.status == b.status && a.timestamp_ms == b.timestamp_ms;
}

bool says(const caf::error& err, std::string_view text) {
  return eddy::describe(err).find(text) != std::string::npos;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static avro_c_reader avro_c;
  auto input = eddy::fuzz::text_of(data, size);
  auto decoded = eddy::sensors::decode_avro(input);
  avro_fields read{};
  bool rest_left = false;
  auto avro_c_reads = avro_c.read(input, read, rest_left);
  if (decoded) {
    check(avro_c_reads && !rest_left,
          "what the decoder accepts, Avro C reads whole");
    check(same(*decoded, read), "the decoder and Avro C read the same fields");
    std::string again;
    eddy::sensors::encode_avro(*decoded, again);
    auto redecoded = eddy::sensors::decode_avro(again);
    check(redecoded && same(*decoded, *redecoded),
          "a decoded record encodes to one that decodes the same");
    return 0;
  }
  check(decoded.error() == eddy::ec::malformed_record,
        "a refused record is a malformed record");
  check(!avro_c_reads || rest_left ||
            says(decoded.error(), "overflows 64 bits"),
        "what the decoder refuses, Avro C refuses, but for bytes left over "
        "and overflowing varints");
  return 0;
}
