// A fresh directory under /tmp for one test, removed when it goes away.
#pragma once

#include <string>

namespace eddy::test {

class temp_dir {
public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;

  const std::string& path() const { return path_; }

private:
  std::string path_;
};

/// Writes `content` to the file `name` in `dir`; answers its path.
std::string write_file(const temp_dir& dir, const std::string& name,
                       const std::string& content);

/// The text of the file at `path` (empty if there is none).
std::string file_text(const std::string& path);

} // namespace eddy::test
