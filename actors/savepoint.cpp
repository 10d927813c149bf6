// Copies a savepoint into a fresh state directory; see savepoint.hpp.
#include "actors/savepoint.hpp"

#include <filesystem>

#include "messages/error.hpp"

namespace eddy {

caf::expected<void> restore_savepoint(const std::string& savepoint,
                                      const std::string& state_dir) {
  namespace fs = std::filesystem;
  std::error_code err;
  if (!fs::is_regular_file(fs::path{savepoint} / "CURRENT", err))
    return make_error(ec::invalid_config,
                      "--from-savepoint: " + savepoint +
                          " is not a savepoint (no RocksDB CURRENT file)");
  if (fs::exists(state_dir, err) && !fs::is_empty(state_dir, err))
    return make_error(ec::invalid_config,
                      "--from-savepoint: state.dir " + state_dir +
                          " already holds state; start from a savepoint with "
                          "an empty or new state.dir");
  fs::create_directories(state_dir, err);
  if (!err)
    fs::copy(savepoint, state_dir, fs::copy_options::recursive, err);
  if (err)
    return make_error(ec::invalid_config, "--from-savepoint: cannot copy " +
                                              savepoint + " to " + state_dir +
                                              ": " + err.message());
  return caf::unit;
}

} // namespace eddy
