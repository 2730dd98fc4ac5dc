#include "common/logging.h"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <algorithm>

namespace cs {
namespace {

class SafeFormatter : public spdlog::formatter {
 public:
  explicit SafeFormatter(std::string pattern)
      : pattern_(pattern), inner_(std::make_unique<spdlog::pattern_formatter>(
                               std::move(pattern), spdlog::pattern_time_type::utc)) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string safe =
        EscapeLogText(std::string_view(msg.payload.data(), msg.payload.size()));
    spdlog::details::log_msg copy = msg;
    copy.payload = spdlog::string_view_t(safe.data(), safe.size());
    inner_->format(copy, dest);
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<SafeFormatter>(pattern_);
  }

 private:
  std::string pattern_;
  std::unique_ptr<spdlog::pattern_formatter> inner_;
};

}  // namespace

std::string EscapeLogText(std::string_view text, size_t max_bytes) {
  std::string out;
  out.reserve(std::min(text.size(), max_bytes) + 16);
  size_t i = 0;
  for (; i < text.size() && out.size() < max_bytes; ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else if (c == 0xe2 && i + 2 < text.size() &&
               ((static_cast<unsigned char>(text[i + 1]) == 0x80 &&
                 static_cast<unsigned char>(text[i + 2]) >= 0xa8 &&
                 static_cast<unsigned char>(text[i + 2]) <= 0xae) ||
                (static_cast<unsigned char>(text[i + 1]) == 0x81 &&
                 static_cast<unsigned char>(text[i + 2]) >= 0xa6 &&
                 static_cast<unsigned char>(text[i + 2]) <= 0xa9))) {
      // U+2028/2029 (line and paragraph separators), U+202A-202E and U+2066-2069 (bidi controls).
      const unsigned cp = 0x2000u | ((static_cast<unsigned char>(text[i + 1]) & 0x3fu) << 6) |
                          (static_cast<unsigned char>(text[i + 2]) & 0x3fu);
      out += fmt::format("\\u{:04x}", cp);
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  if (i < text.size()) {
    // Do not end inside a UTF-8 sequence: drop trailing continuation bytes and their lead byte.
    while (!out.empty() && (static_cast<unsigned char>(out.back()) & 0xc0) == 0x80) {
      out.pop_back();
      --i;
    }
    if (!out.empty() && static_cast<unsigned char>(out.back()) >= 0xc0) {
      out.pop_back();
      --i;
    }
    out += fmt::format("...[{} bytes cut]", text.size() - i);
  }
  return out;
}

std::unique_ptr<spdlog::formatter> SafeLogFormatter(const std::string& pattern) {
  return std::make_unique<SafeFormatter>(pattern);
}

bool InitLogging(const std::string& service, const LogConfig& config) {
  // Re-initialising (tests do) replaces the logger of the same name.
  spdlog::drop(service);
  auto logger = spdlog::stderr_logger_mt(service);
  logger->set_formatter(SafeLogFormatter("%Y-%m-%dT%H:%M:%S.%eZ level=%l svc=" + service + " %v"));
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
