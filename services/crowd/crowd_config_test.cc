#include "services/crowd/crowd_config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/config.h"
#include "common/testing/child_process.h"

namespace cs::crowd {
namespace {

using namespace std::chrono_literals;

absl::StatusOr<CrowdConfig> Load(const std::string& relative) {
  CrowdConfig crowd;
  auto c = LoadServiceConfig(testing::SourcePath(relative),
                             [&](YamlReader& root) { ParseCrowdSection(root, crowd); });
  if (!c.ok()) return c.status();
  return crowd;
}

TEST(CrowdConfigTest, ShippedConfigKeepsTheDesignDefaults) {
  auto c = Load("config/services/crowd.yaml");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->alerts.persist, Duration(30s));
  EXPECT_EQ(c->alerts.cooldown, Duration(120s));
  EXPECT_EQ(c->alerts.escalate_after, Duration(60s));
  EXPECT_DOUBLE_EQ(c->alerts.hysteresis, 0.9);
}

TEST(CrowdConfigTest, DemoConfigScalesAlertTimesDown) {
  auto c = Load("config/demo/crowd.yaml");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->alerts.persist, Duration(500ms));
}

TEST(CrowdConfigTest, BadValuesNameTheirKey) {
  auto r = YamlReader::LoadString("crowd:\n  alerts: {persist_s: -1, hysteresis: 2, colour: red}\n",
                                  "crowd.yaml");
  ASSERT_TRUE(r.ok());
  CrowdConfig c;
  ParseCrowdSection(*r, c);
  auto s = r->Finish();
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("crowd.alerts.persist_s: must be 0..86400"));
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("crowd.alerts.hysteresis"));
  EXPECT_THAT(std::string(s.message()), ::testing::HasSubstr("crowd.alerts.colour: unknown key"));
}

}  // namespace
}  // namespace cs::crowd
