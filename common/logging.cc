#include "common/logging.h"

#include <spdlog/sinks/stdout_sinks.h>

namespace cs {

bool InitLogging(const std::string& service, const LogConfig& config) {
  // Re-initialising (tests do) replaces the logger of the same name.
  spdlog::drop(service);
  auto logger = spdlog::stderr_logger_mt(service);
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ level=%l svc=" + service + " %v",
                      spdlog::pattern_time_type::utc);
  spdlog::level::level_enum level = spdlog::level::from_str(config.level);
  bool known = level != spdlog::level::off || config.level == "off";
  logger->set_level(known ? level : spdlog::level::info);
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  // SPDLOG_DEBUG compiles away below SPDLOG_ACTIVE_LEVEL; the runtime level does the rest.
  spdlog::set_level(logger->level());
  return known;
}

}  // namespace cs
