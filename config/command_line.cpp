// Parses the eddy command line and renders --help from the key table.
#include "config/command_line.hpp"

#include <string_view>

#include "config/keys.hpp"
#include "messages/error.hpp"
#include "messages/quoted_excerpt.hpp"

namespace eddy {

namespace {

caf::error usage_error(std::string problem) {
  return make_error(ec::invalid_config, std::move(problem) + "; try --help");
}

/// Splits `--name=value` into name and value; `value` is empty and
/// `has_value` false for a plain `--name`.
struct option {
  std::string_view name;
  std::string_view value;
  bool has_value = false;
};

option split_option(std::string_view arg) {
  auto equals = arg.find('=');
  if (equals == std::string_view::npos)
    return {arg, {}, false};
  return {arg.substr(0, equals), arg.substr(equals + 1), true};
}

} // namespace

caf::expected<command_line>
parse_command_line(int argc, const char* const* argv, const char* const* envp) {
  command_line result;
  bool has_config = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      result.wants_help = true;
      continue;
    }
    auto opt = split_option(arg);
    if (opt.name != "--config" && opt.name != "--set" &&
        opt.name != "--from-savepoint") {
      if (arg.starts_with('-'))
        return usage_error("unknown option " + quoted_excerpt(arg));
      return usage_error("unexpected argument " + quoted_excerpt(arg));
    }
    if (!opt.has_value) {
      if (i + 1 == argc)
        return usage_error("option " + std::string{opt.name} +
                           " needs a value");
      opt.value = argv[++i];
    }
    if (opt.name == "--config") {
      if (has_config)
        return usage_error("option --config given twice");
      if (opt.value.empty())
        return usage_error("option --config needs a file name");
      has_config = true;
      result.sources.config_file = opt.value;
      continue;
    }
    if (opt.name == "--from-savepoint") {
      if (!result.savepoint.empty())
        return usage_error("option --from-savepoint given twice");
      if (opt.value.empty())
        return usage_error("option --from-savepoint needs a directory");
      result.savepoint = opt.value;
      continue;
    }
    auto equals = opt.value.find('=');
    if (equals == std::string_view::npos || equals == 0)
      return usage_error("option --set expects key=value, got " +
                         quoted_excerpt(opt.value));
    result.sources.overrides.emplace_back(opt.value.substr(0, equals),
                                          opt.value.substr(equals + 1));
  }
  for (auto env = envp; env != nullptr && *env != nullptr; ++env)
    result.sources.environment.emplace_back(*env);
  return result;
}

std::string help_text(const key_registry& registry) {
  std::string text =
      "usage: eddy [--config FILE] [--set key=value]... "
      "[--from-savepoint [JOB=]DIR] [--help]\n"
      "\n"
      "Runs Eddy's stream-processing jobs (jobs=...) and their HTTP API.\n"
      "\n"
      "options:\n"
      "  --config FILE      read settings from a .properties file\n"
      "  --set key=value    set one setting; repeatable, the last one wins\n"
      "  --from-savepoint [JOB=]DIR\n"
      "                     start job JOB (inventory if not named) from a\n"
      "                     savepoint (POST /v1/jobs/{job}/savepoints):\n"
      "                     copies it into the job's empty directory in\n"
      "                     state.dir, then resumes from its positions\n"
      "  --help, -h         print this text and exit\n"
      "\n"
      "Each setting takes its value from, in increasing precedence: its\n"
      "default, the --config file, its EDDY_* environment variable, --set.\n"
      "Durations take a unit: 500ms, 30s, 5min, 1h or 1d; a plain integer is\n"
      "milliseconds.\n"
      "\n"
      "Each job's keys begin with its name (the inventory keeps the seed's).\n";
  for (const auto& table : registry) {
    text += table.section.empty()
                ? std::string{"\nsettings of the server and every job:\n"}
                : "\nsettings of job " + std::string{table.section} + ":\n";
    for (const auto& spec : table.keys) {
      text += "  ";
      text += spec.name;
      text += " = ";
      text += spec.default_value;
      text += "\n      ";
      text += spec.description;
      text += "\n      (";
      text += accepted_values(spec);
      text += "; ";
      text += environment_name(spec.name);
      text += ")\n";
    }
  }
  return text;
}

} // namespace eddy
