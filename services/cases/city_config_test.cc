// cases.city_file and escalation.city_wide_after_s (issue 17): read from the cases section, and
// the city file shipped beside the venues lists the venue of the shipped cases config.
#include <gtest/gtest.h>

#include <cstdlib>

#include "common/city.h"
#include "services/cases/case_config.h"

namespace cs::cases {
namespace {

absl::StatusOr<CaseConfig> Parse(const std::string& yaml) {
  auto root = YamlReader::LoadString(yaml, "cases.yaml");
  if (!root.ok()) return root.status();
  CaseConfig out;
  ParseCasesSection(*root, out);
  if (auto s = root->Finish(); !s.ok()) return s;
  return out;
}

TEST(CasesCityConfig, CityFileAndWideningDelayAreRead) {
  auto c = Parse("cases:\n  city_file: zhuhai.yaml\n  escalation: {city_wide_after_s: 1200}\n");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->city_file, "zhuhai.yaml");
  EXPECT_EQ(c->loop.schedule.city_wide_after, std::chrono::minutes(20));
}

TEST(CasesCityConfig, WithoutACityNothingWidens) {
  auto c = Parse("cases: {retention_days: 30}\n");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_TRUE(c->city_file.empty());
  EXPECT_EQ(c->loop.schedule.city, nullptr);
  EXPECT_EQ(c->loop.schedule.city_wide_after, std::chrono::minutes(30));
}

TEST(CasesCityConfig, ANegativeWideningDelayIsRefusedNamingTheField) {
  auto c = Parse("cases:\n  escalation: {city_wide_after_s: -5}\n");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("city_wide_after_s"), std::string::npos) << c.status();
}

TEST(CasesCityConfig, TheShippedCityListsTheShippedVenue) {
  const char* src = std::getenv("CS_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "ctest sets CS_SOURCE_DIR";
  auto city = LoadCity(std::string(src) + "/config/venues/zhuhai.yaml");
  ASSERT_TRUE(city.ok()) << city.status();
  EXPECT_NE(city->FindVenue("ocean"), nullptr);
}

}  // namespace
}  // namespace cs::cases
