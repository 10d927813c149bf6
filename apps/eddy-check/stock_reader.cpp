// The stock from a file of item_info lines, or from the job over HTTP
// (http_stock.cpp).
#include "apps/eddy-check/stock_reader.hpp"

#include "apps/eddy-check/record_log.hpp"
#include "messages/error.hpp"
#include "messages/tab_codec.hpp"

namespace eddy::check {

caf::expected<stock_map> read_stock(const std::string& source,
                                    const std::vector<std::string>& items) {
  if (source.starts_with("http://"))
    return read_stock_over_http(source, items);
  return read_stock_file(source);
}

caf::expected<stock_map> read_stock_file(const std::string& path) {
  stock_map stock;
  auto lines = read_file_lines(path, [&stock](std::string_view line) {
    auto info = parse_item_info(line);
    if (!info)
      return info.error();
    auto [at, is_new] = stock.try_emplace(info->item_id, info->quantity);
    if (!is_new)
      return make_error(ec::malformed_record,
                        "item '" + info->item_id + "' has a stock already");
    return caf::error{};
  });
  if (!lines)
    return lines.error();
  return stock;
}

} // namespace eddy::check
