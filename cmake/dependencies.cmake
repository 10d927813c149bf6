# Finds the Debian-packaged libraries Eddy builds on and wraps the ones that
# ship no CMake config in IMPORTED targets.
find_package(Threads REQUIRED)
find_package(PkgConfig REQUIRED)

find_path(CAF_INCLUDE_DIR caf/all.hpp REQUIRED)
find_library(CAF_CORE_LIBRARY caf_core REQUIRED)
find_library(CAF_IO_LIBRARY caf_io REQUIRED)
add_library(caf::core UNKNOWN IMPORTED)
set_target_properties(caf::core PROPERTIES
  IMPORTED_LOCATION ${CAF_CORE_LIBRARY}
  INTERFACE_INCLUDE_DIRECTORIES ${CAF_INCLUDE_DIR}
  INTERFACE_LINK_LIBRARIES Threads::Threads)

pkg_check_modules(RDKAFKA REQUIRED IMPORTED_TARGET rdkafka)
pkg_check_modules(RDKAFKAXX REQUIRED IMPORTED_TARGET rdkafka++)
find_package(PahoMqttCpp REQUIRED)
find_package(nlohmann_json 3.11 REQUIRED)
find_package(RocksDB REQUIRED)
find_package(Boost 1.81 REQUIRED)
find_package(spdlog REQUIRED)
# libpq (libpq-dev 15): CMake's own FindPostgreSQL makes PostgreSQL::PostgreSQL.
find_package(PostgreSQL REQUIRED)
if(EDDY_TESTS)
  find_package(doctest REQUIRED)
endif()
