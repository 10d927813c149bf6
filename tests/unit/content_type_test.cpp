// The media types of the dashboard's files, which decide whether a browser
// runs a script or applies a stylesheet at all.
#include "web/content_type.hpp"

#include <doctest/doctest.h>

using eddy::web::content_type_of;

TEST_CASE("dashboard files get the media type a browser uses them as") {
  CHECK(content_type_of("index.html") == "text/html; charset=utf-8");
  CHECK(content_type_of("dashboard.js") == "text/javascript; charset=utf-8");
  CHECK(content_type_of("graph.mjs") == "text/javascript; charset=utf-8");
  CHECK(content_type_of("vendor/uPlot.min.css") == "text/css; charset=utf-8");
  CHECK(content_type_of("logo.svg") == "image/svg+xml");
  CHECK(content_type_of("icon.png") == "image/png");
  CHECK(content_type_of("data.json") == "application/json");
  CHECK(content_type_of("dashboard.js.map") == "application/json");
  CHECK(content_type_of("vendor/uPlot.LICENSE.txt") ==
        "text/plain; charset=utf-8");
}

TEST_CASE("a file of an unknown kind is served as bytes a browser does not "
          "run") {
  CHECK(content_type_of("archive.tar.gz") == "application/octet-stream");
  CHECK(content_type_of("README") == "application/octet-stream");
  CHECK(content_type_of("notes.jsx") == "application/octet-stream");
}
