#include "common/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

#include <algorithm>
#include <sstream>

namespace cs {
namespace {

TEST(RedactedTest, FormatsAsStarsWhateverItHolds) {
  EXPECT_EQ(fmt::format("{}", Redacted(std::string("王小明"))), "***");
  std::string line =
      fmt::format("guardian={} phone={}", Redacted(std::string("李")), Redacted(13812345678LL));
  EXPECT_EQ(line, "guardian=*** phone=***");
  Redacted<std::string> secret("13812345678");
  EXPECT_EQ(secret.Reveal(), "13812345678");
}

TEST(RedactedTest, NeverReachesALogLine) {
  std::ostringstream out;
  auto logger = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  logger->info("case filed case_id={} guardian_phone={}", "c-1",
               Redacted(std::string("13812345678")));
  logger->flush();
  EXPECT_NE(out.str().find("case_id=c-1 guardian_phone=***"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("13812345678"), std::string::npos);
}

TEST(LoggingTest, UnknownLevelFallsBackToInfo) {
  EXPECT_FALSE(InitLogging("test", LogConfig{"loud"}));
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::info);
  EXPECT_TRUE(InitLogging("test", LogConfig{"warn"}));
  EXPECT_EQ(spdlog::default_logger()->level(), spdlog::level::warn);
}

}  // namespace
}  // namespace cs

namespace cs {
namespace {

// Issue 18 (7): a value from outside (a login name) must not forge a second log line.
TEST(SafeLogFormatterTest, ControlCharactersCannotForgeALine) {
  std::ostringstream out;
  auto logger = std::make_shared<spdlog::logger>(
      "capture-safe", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  logger->set_formatter(SafeLogFormatter("level=%l %v"));
  logger->info("login failed user={}", "bob\n2026-12-01T00:00:00Z level=error svc=x forged\r\x1b[2J");
  logger->flush();
  const std::string line = out.str();
  EXPECT_EQ(std::count(line.begin(), line.end(), '\n'), 1) << line;  // the line's own end only
  EXPECT_NE(line.find("user=bob\\n2026"), std::string::npos) << line;
  EXPECT_NE(line.find("forged\\r\\x1b[2J"), std::string::npos) << line;
}

TEST(SafeLogFormatterTest, LongValuesAreCutAtACharacterBoundary) {
  std::string huge;
  for (int i = 0; i < 5000; ++i) huge += "儿";  // 3 bytes each
  const std::string safe = EscapeLogText(huge);
  EXPECT_LE(safe.size(), kMaxLogMessageBytes + 32);
  EXPECT_NE(safe.find("bytes cut]"), std::string::npos);
  const std::string kept = safe.substr(0, safe.find("...["));
  EXPECT_EQ(kept.size() % 3, 0u) << "cut inside a character";
}

TEST(SafeLogFormatterTest, LineSeparatorsAndBidiOverridesAreVisible) {
  EXPECT_EQ(EscapeLogText("a\u2028b\u202ec"), "a\\u2028b\\u202ec");
  EXPECT_EQ(EscapeLogText("普通 text"), "普通 text");
  EXPECT_EQ(EscapeLogText(std::string("nul\0x", 5)), "nul\\x00x");
}

}  // namespace
}  // namespace cs
