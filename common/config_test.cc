#include "common/config.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace cs {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("cs-config-test-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
    Write("venue.yaml", R"(venue:
  id: ocean
  name_zh: 海洋公园
  name_en: Ocean Park
  max_capacity: 1000
zones:
  - {id: plaza, name_zh: 广场, name_en: Plaza, capacity: 500, area_m2: 1000}
  - {id: penguin, name_zh: 企鹅馆, name_en: Penguin, capacity: 200, area_m2: 300}
gates:
  - {id: main, from: outside, to: plaza, width_m: 4}
  - {id: pp, from: plaza, to: penguin, width_m: 3}
)");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

  std::string Service(const std::string& body) {
    return Write("svc.yaml", "service: crowd\nserver:\n  listen: 127.0.0.1:0\nvenue_file: venue.yaml\n" + body);
  }

  std::filesystem::path dir_;
};

TEST_F(ConfigTest, LoadsAServiceAndItsVenue) {
  auto c = LoadServiceConfig(Service("redis:\n  port: 6390\nlog:\n  level: debug\n"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->service, "crowd");
  EXPECT_EQ(c->redis.port, 6390);
  EXPECT_EQ(c->log.level, "debug");
  EXPECT_EQ(c->venue.id, "ocean");
  ASSERT_EQ(c->venue.zones.size(), 2u);
  EXPECT_EQ(c->venue.zones[1].name_zh, "企鹅馆");
  EXPECT_EQ(c->venue.best_capacity, 800);  // defaults to 80 % of the maximum
}

// Issue 16: identity key files default to key_dir/<issuer>.key and .pub, relative to the
// config; CS_IDENTITY_KEY_DIR replaces key_dir; bad entries are refused by name.
TEST_F(ConfigTest, IdentityKeyFilesComeFromKeyDirOrTheEnvironment) {
  std::string body =
      "identity:\n  key_dir: keys\n  issuer: appeals\n  trusted:\n"
      "    - {issuer: api, roles: [patrol, desk]}\n"
      "    - {issuer: vision, public_key_file: /etc/cs/vision.pub, roles: [system]}\n"
      "    - {issuer: sim, public_key_files: [sim-old.pub, /etc/cs/sim-new.pub], roles: [system]}\n"
      "upstream_tls: {ca_file: tls/ca.pem, cert_file: tls/appeals.pem, key_file: tls/appeals.key}\n";
  unsetenv("CS_IDENTITY_KEY_DIR");
  auto c = LoadServiceConfig(Service(body));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->identity.signing_key_file, (dir_ / "keys" / "appeals.key").string());
  ASSERT_EQ(c->identity.trusted.size(), 3u);
  using Files = std::vector<std::string>;
  EXPECT_EQ(c->identity.trusted[0].public_key_files, Files{(dir_ / "keys" / "api.pub").string()});
  EXPECT_EQ(c->identity.trusted[1].public_key_files, Files{"/etc/cs/vision.pub"});
  // Key rotation: both keys of an issuer, each relative to the config file.
  EXPECT_EQ(c->identity.trusted[2].public_key_files,
            (Files{(dir_ / "sim-old.pub").string(), "/etc/cs/sim-new.pub"}));
  EXPECT_EQ(c->upstream_tls.ca_file, (dir_ / "tls" / "ca.pem").string());
  setenv("CS_IDENTITY_KEY_DIR", "/run/cs-keys", 1);
  c = LoadServiceConfig(Service(body));
  unsetenv("CS_IDENTITY_KEY_DIR");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->identity.signing_key_file, "/run/cs-keys/appeals.key");

  for (const char* bad :
       {"identity:\n  trusted:\n    - {issuer: api, roles: [superuser]}\n",
        "identity:\n  key_dir: k\n  trusted:\n    - {issuer: api, roles: [desk]}\n"
        "    - {issuer: api, roles: [patrol]}\n",
        "identity:\n  key_dir: k\n  trusted:\n    - {issuer: api, roles: []}\n",
        "identity:\n  key_dir: k\n  assertion_ttl_ms: 3600000\n",
        "identity:\n  trusted:\n    - {issuer: api, public_key_file: a.pub, "
        "public_key_files: [b.pub], roles: [desk]}\n",
        "identity:\n  signing_key_file: a.key\n",
        "upstream_tls: {ca_file: ca.pem, cert_file: a.pem}\n"}) {
    EXPECT_EQ(LoadServiceConfig(Service(bad)).status().code(), absl::StatusCode::kInvalidArgument)
        << bad;
  }
  // No key_dir and nothing in the environment: the trusted key cannot be found.
  EXPECT_EQ(LoadServiceConfig(Service("identity:\n  trusted:\n    - {issuer: api, roles: [desk]}\n"))
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

// Issue 16: an upstream is one address, "a,b", a YAML list, or a dns: name; a list becomes the
// ipv4: target the client channel balances over (common/grpc/client_channel.h).
TEST_F(ConfigTest, UpstreamsTakeOneAddressAListOrADnsName) {
  auto c = LoadServiceConfig(Service(
      "upstreams:\n  crowd: 127.0.0.1:50051\n  cases: [10.0.0.5:50052, 10.0.0.6:50052]\n"
      "  appeals: dns:appeals.crowdsafe.svc:50053\n"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->upstreams.at("crowd"), "127.0.0.1:50051");
  EXPECT_EQ(c->upstreams.at("cases"), "ipv4:10.0.0.5:50052,10.0.0.6:50052");
  EXPECT_EQ(c->upstreams.at("appeals"), "dns:appeals.crowdsafe.svc:50053");
  auto joined = LoadServiceConfig(Service("upstreams:\n  cases: 10.0.0.5:50052,10.0.0.6:50052\n"));
  ASSERT_TRUE(joined.ok()) << joined.status();
  EXPECT_EQ(joined->upstreams.at("cases"), "ipv4:10.0.0.5:50052,10.0.0.6:50052");
}

TEST_F(ConfigTest, AnUpstreamListOfNamesIsRefusedWithItsLine) {
  auto c = LoadServiceConfig(Service("upstreams:\n  cases: [cases-a:50052, cases-b:50052]\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("svc.yaml:6: upstreams.cases: a list"));
  EXPECT_THAT(std::string(c.status().message()), Not(HasSubstr("cases-a")));
}

TEST_F(ConfigTest, UnknownKeyIsRejectedWithFileAndLine) {
  auto c = LoadServiceConfig(Service("redis:\n  port: 6390\n  colour: blue\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("svc.yaml:7: redis.colour: unknown key"));
}

// Found by fuzz/config_yaml_fuzzer.cc: a complex key made the reader throw past Finish(), so a
// typo'd config file ended the service with std::terminate instead of an error naming the line.
TEST_F(ConfigTest, AComplexKeyIsRefusedNotThrown) {
  auto c = LoadServiceConfig(Service("? [a, b]\n: x\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("a key must be a plain scalar"));
  auto parsed = ParseServiceConfig(
      "service: crowd\nserver: {listen: 127.0.0.1:0}\nvenue_file: v.yaml\n? [a]\n: x\n", "t.yaml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(std::string(parsed.status().message()), HasSubstr("t.yaml:4"));
}

TEST_F(ConfigTest, UnknownTopLevelKeyIsRejected) {
  auto c = LoadServiceConfig(Service("serverr:\n  listen: x\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("svc.yaml:5: serverr: unknown key"));
}

TEST_F(ConfigTest, MissingRequiredKeyIsReported) {
  std::string path = Write("svc.yaml", "service: crowd\nserver:\n  max_message_bytes: 4096\nvenue_file: venue.yaml\n");
  auto c = LoadServiceConfig(path);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("server.listen: required key is missing"));
}

TEST_F(ConfigTest, BadTypeIsReportedWithItsLocation) {
  auto c = LoadServiceConfig(Service("redis:\n  port: six-three-seven-nine\n"));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("svc.yaml:6: redis.port: wrong type"));
}

TEST_F(ConfigTest, LiteralPasswordIsRefusedAndEnvironmentIsUsed) {
  auto bad = LoadServiceConfig(Service("redis:\n  password: hunter2\n"));
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), HasSubstr("use password_env"));
  EXPECT_THAT(std::string(bad.status().message()), ::testing::Not(HasSubstr("hunter2")));

  ::setenv("CS_TEST_REDIS_PASSWORD", "from-env", 1);
  auto good = LoadServiceConfig(Service("redis:\n  password_env: CS_TEST_REDIS_PASSWORD\n"));
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ(good->redis.password, "from-env");
}

TEST_F(ConfigTest, ServiceSectionParserMakesItsKeysKnown) {
  int window = 0;
  auto c = LoadServiceConfig(Service("crowd:\n  window: 64\n"), [&](YamlReader& root) {
    auto section = root.Child("crowd");
    window = section.Required<int>("window");
  });
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(window, 64);
}

TEST_F(ConfigTest, VenueGateToUnknownZoneIsRejected) {
  Write("venue.yaml", R"(venue: {id: v, name_zh: 场, name_en: V, max_capacity: 10}
zones:
  - {id: a, name_zh: 甲, name_en: A, capacity: 5, area_m2: 10}
gates:
  - {id: g, from: outside, to: b, width_m: 1}
)");
  auto c = LoadServiceConfig(Service(""));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("gates[0].to: unknown zone 'b'"));
}

TEST_F(ConfigTest, LostChildCentreInAnUnknownZoneIsRejected) {
  Write("venue.yaml", R"(venue:
  id: v
  name_zh: 场
  name_en: V
  max_capacity: 10
  lost_child_centre: {name_zh: 中心, name_en: Centre, zone: b}
zones:
  - {id: a, name_zh: 甲, name_en: A, capacity: 5, area_m2: 10}
)");
  auto c = LoadServiceConfig(Service(""));
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()),
              HasSubstr("lost_child_centre.zone: unknown zone 'b'"));
}

TEST_F(ConfigTest, SyntaxErrorNamesTheLine) {
  std::string path = Write("broken.yaml", "service: crowd\nserver: [unclosed\n");
  auto c = LoadServiceConfig(path);
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("broken.yaml:"));
  EXPECT_THAT(std::string(c.status().message()), HasSubstr("syntax error"));
}

TEST(ShippedConfigTest, EveryServiceConfigInTheRepositoryLoads) {
  const char* src = std::getenv("CS_SOURCE_DIR");
  ASSERT_NE(src, nullptr) << "ctest sets CS_SOURCE_DIR";
  int loaded = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(src) + "/config/services")) {
    // Service sections (crowd:, vision:) are checked by their services' own config tests;
    // Has() marks them known here without adopting their contents.
    auto c = LoadServiceConfig(entry.path().string(), [](YamlReader& root) {
      root.Has("crowd");
      root.Has("vision");
      root.Has("appeals");
      root.Has("cases");
      root.Has("api");
    });
    EXPECT_TRUE(c.ok()) << entry.path() << ": " << c.status();
    if (c.ok()) {
      EXPECT_EQ(c->venue.id, "ocean");
      EXPECT_EQ(c->venue.lost_child_centre.zone_id, "plaza");
      EXPECT_FALSE(c->venue.lost_child_centre.name_zh.empty());
      EXPECT_EQ(c->redis.mode, RedisConfig::Mode::kStandalone);  // the embedded default
    }
    ++loaded;
  }
  EXPECT_GE(loaded, 5);
}

TEST_F(ConfigTest, RedisIsStandaloneByDefault) {
  auto c = LoadServiceConfig(Service("redis:\n  host: 10.0.0.5\n  port: 6390\n"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->redis.mode, RedisConfig::Mode::kStandalone);
  EXPECT_EQ(c->redis.host, "10.0.0.5");
  EXPECT_TRUE(c->redis.seeds.empty());
  EXPECT_EQ(c->redis.wait_replicas, 0);  // no WAIT unless asked for
  auto none = LoadServiceConfig(Service(""));
  ASSERT_TRUE(none.ok()) << none.status();
  EXPECT_EQ(none->redis.mode, RedisConfig::Mode::kStandalone);
}

TEST_F(ConfigTest, ClusterModeReadsSeeds) {
  auto c = LoadServiceConfig(Service(
      "redis:\n  mode: cluster\n  seeds: [10.0.0.1:7000, 'redis-1.redis:7001']\n"
      "  slot_refresh_interval_ms: 2000\n  wait_replicas: 1\n  wait_timeout_ms: 250\n"));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->redis.wait_replicas, 1);
  EXPECT_EQ(c->redis.wait_timeout_ms, 250);
  EXPECT_EQ(c->redis.mode, RedisConfig::Mode::kCluster);
  EXPECT_THAT(c->redis.seeds, ::testing::ElementsAre("10.0.0.1:7000", "redis-1.redis:7001"));
  EXPECT_EQ(c->redis.slot_refresh_interval_ms, 2000);
}

TEST_F(ConfigTest, ClusterModeNeedsValidSeedsAndNoHostOrPort) {
  auto no_seeds = LoadServiceConfig(Service("redis:\n  mode: cluster\n"));
  ASSERT_FALSE(no_seeds.ok());
  EXPECT_THAT(std::string(no_seeds.status().message()), HasSubstr("redis.seeds"));
  auto bad_seed = LoadServiceConfig(Service("redis:\n  mode: cluster\n  seeds: [10.0.0.1]\n"));
  ASSERT_FALSE(bad_seed.ok());
  EXPECT_THAT(std::string(bad_seed.status().message()), HasSubstr("host:port"));
  auto with_port =
      LoadServiceConfig(Service("redis:\n  mode: cluster\n  seeds: [h:1]\n  port: 6390\n"));
  ASSERT_FALSE(with_port.ok());
  EXPECT_THAT(std::string(with_port.status().message()), HasSubstr("redis.port: not used"));
}

TEST_F(ConfigTest, UnknownRedisModeAndStrayClusterKeysAreRejected) {
  auto mode = LoadServiceConfig(Service("redis:\n  mode: sentinel\n"));
  ASSERT_FALSE(mode.ok());
  EXPECT_THAT(std::string(mode.status().message()), HasSubstr("redis.mode: must be standalone or cluster"));
  auto wait = LoadServiceConfig(Service("redis:\n  wait_replicas: -1\n"));
  ASSERT_FALSE(wait.ok());
  EXPECT_THAT(std::string(wait.status().message()), HasSubstr("redis.wait_replicas: must be 0..5"));
  auto seeds = LoadServiceConfig(Service("redis:\n  seeds: [h:1]\n"));
  ASSERT_FALSE(seeds.ok());
  EXPECT_THAT(std::string(seeds.status().message()), HasSubstr("redis.seeds: only used with mode: cluster"));
}

}  // namespace
}  // namespace cs
