#include "common/logging.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>

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
