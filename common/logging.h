// Logging on spdlog: one structured line per event, "key=value" pairs after the message, level
// from config. Personal data is wrapped in Redacted<T>, whose formatter prints "***", so it cannot
// reach a log line by accident: printing the real value needs an explicit .Reveal().
//
// Example:
//   CS_LOG_INFO("case filed case_id={} guardian={}", id, Redacted(guardian_name));
//   → "... case filed case_id=c-12 guardian=***"
//
// Thread-safety: spdlog's loggers are thread-safe; InitLogging is called once from main.
#pragma once

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>

namespace cs {

struct LogConfig {
  std::string level = "info";  // trace, debug, info, warn, error, critical, off
};

// Sets the default logger: stderr, the service name on every line, the level from config.
// Returns false (and keeps "info") when the level name is unknown. Every line goes through
// SafeLogFormatter, so a value from outside cannot forge a line or flood the log.
bool InitLogging(const std::string& service, const LogConfig& config);

// The longest message a log line carries; the rest is replaced by a note of how much was cut.
inline constexpr size_t kMaxLogMessageBytes = 2048;

// `text` made safe for one log line: control characters (CR, LF, TAB, ESC, ...) and the Unicode
// line separators and bidi overrides become visible escapes (\n, \x1b, \u2028), and the text is
// cut at a UTF-8 boundary after `max_bytes`.
std::string EscapeLogText(std::string_view text, size_t max_bytes = kMaxLogMessageBytes);

// An spdlog formatter that escapes each message with EscapeLogText before the pattern is applied.
std::unique_ptr<spdlog::formatter> SafeLogFormatter(const std::string& pattern);

// Holds a value that must never be logged. Not convertible to anything; formats as "***".
template <typename T>
class Redacted {
 public:
  explicit Redacted(T value) : value_(std::move(value)) {}
  // The one way to get at the value: searchable in review.
  const T& Reveal() const { return value_; }

 private:
  T value_;
};

template <typename T>
Redacted(T) -> Redacted<T>;

}  // namespace cs

template <typename T>
struct fmt::formatter<cs::Redacted<T>> : fmt::formatter<fmt::string_view> {
  template <typename FormatContext>
  auto format(const cs::Redacted<T>&, FormatContext& ctx) const {
    return fmt::formatter<fmt::string_view>::format("***", ctx);
  }
};

#define CS_LOG_DEBUG(...) SPDLOG_DEBUG(__VA_ARGS__)
#define CS_LOG_INFO(...) SPDLOG_INFO(__VA_ARGS__)
#define CS_LOG_WARN(...) SPDLOG_WARN(__VA_ARGS__)
#define CS_LOG_ERROR(...) SPDLOG_ERROR(__VA_ARGS__)
