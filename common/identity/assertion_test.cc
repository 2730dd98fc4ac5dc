#include "common/identity/assertion.h"
#include "common/testing/actor.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

namespace cs {
namespace {

namespace v1 = crowdsafe::v1;
constexpr char kCases[] = "crowdsafe.v1.CaseService";
constexpr int64_t kNow = 1'800'000'000'000;

using testing::Who;

class AssertionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    gateway_ = GenerateIdentityKeyPair();
    vision_ = GenerateIdentityKeyPair();
    std::map<std::string, AssertionVerifier::Issuer> issuers;
    issuers["api"] = {gateway_.public_key, {v1::ROLE_PATROL, v1::ROLE_DESK}};
    issuers["vision"] = {vision_.public_key, {v1::ROLE_SYSTEM}};
    verifier_ = std::make_unique<AssertionVerifier>(issuers);
  }
  AssertionSigner Signer(const std::string& issuer, const IdentityKeyPair& keys,
                         int64_t ttl_ms = 60000) {
    return *AssertionSigner::FromSeed(issuer, keys.seed, ttl_ms);
  }

  IdentityKeyPair gateway_, vision_;
  std::unique_ptr<AssertionVerifier> verifier_;
};

TEST_F(AssertionTest, AValidAssertionProvesItsActor) {
  v1::Actor patrol = Who("patrol.li", v1::ROLE_PATROL);
  patrol.add_zone_ids("penguin");
  std::string token = Signer("api", gateway_).Sign(patrol, kCases, kNow);
  auto who = verifier_->Verify(token, kCases, kNow + 1000);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->user_id(), "patrol.li");
  EXPECT_EQ(who->role(), v1::ROLE_PATROL);
  ASSERT_EQ(who->zone_ids_size(), 1);
  EXPECT_EQ(who->zone_ids(0), "penguin");
}

void ExpectRefused(const absl::StatusOr<v1::Actor>& who, const std::string& reason) {
  ASSERT_FALSE(who.ok());
  EXPECT_EQ(who.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(who.status().message().find(reason), std::string_view::npos) << who.status();
  EXPECT_EQ(who.status().message().find("patrol.li"), std::string_view::npos)
      << "the claimed user must not be echoed";
}

TEST_F(AssertionTest, MissingAndMalformedAreRefused) {
  ExpectRefused(verifier_->Verify("", kCases, kNow), "missing");
  ExpectRefused(verifier_->Verify("no-dot-here", kCases, kNow), "malformed");
  ExpectRefused(verifier_->Verify("!!!.???", kCases, kNow), "malformed");
  ExpectRefused(verifier_->Verify(std::string(5000, 'a') + ".b", kCases, kNow), "malformed");
}

TEST_F(AssertionTest, AChangedPayloadBreaksTheSignature) {
  std::string token = Signer("api", gateway_).Sign(Who("patrol.li", v1::ROLE_PATROL), kCases, kNow);
  // Re-encode the payload with the role raised to desk, keeping the old signature.
  v1::Actor desk = Who("patrol.li", v1::ROLE_DESK);
  std::string forged_payload = Signer("api", vision_).Sign(desk, kCases, kNow);
  std::string forged = forged_payload.substr(0, forged_payload.find('.')) +
                       token.substr(token.find('.'));
  ExpectRefused(verifier_->Verify(forged, kCases, kNow), "bad signature");
}

TEST_F(AssertionTest, AKeyNotTrustedForTheIssuerIsABadSignature) {
  // Signed with vision's key but naming the gateway as issuer.
  std::string token = Signer("api", vision_).Sign(Who("patrol.li", v1::ROLE_PATROL), kCases, kNow);
  ExpectRefused(verifier_->Verify(token, kCases, kNow), "bad signature");
}

TEST_F(AssertionTest, AnUnknownIssuerIsRefused) {
  auto stranger = GenerateIdentityKeyPair();
  std::string token = Signer("tool", stranger).Sign(Who("patrol.li", v1::ROLE_PATROL), kCases, kNow);
  ExpectRefused(verifier_->Verify(token, kCases, kNow), "unknown issuer");
}

TEST_F(AssertionTest, AnAssertionForAnotherServiceIsRefused) {
  std::string token = Signer("api", gateway_).Sign(Who("patrol.li", v1::ROLE_PATROL),
                                                   "crowdsafe.v1.CrowdService", kNow);
  ExpectRefused(verifier_->Verify(token, kCases, kNow), "wrong audience");
}

TEST_F(AssertionTest, TimeBoundsAreEnforced) {
  auto signer = Signer("api", gateway_, 60000);
  std::string token = signer.Sign(Who("patrol.li", v1::ROLE_PATROL), kCases, kNow);
  EXPECT_TRUE(verifier_->Verify(token, kCases, kNow + 59999).ok());
  ExpectRefused(verifier_->Verify(token, kCases, kNow + 60000), "expired");
  // The caller's clock may run a few seconds fast, not more.
  EXPECT_TRUE(verifier_->Verify(token, kCases, kNow - 4000).ok());
  ExpectRefused(verifier_->Verify(token, kCases, kNow - 6000), "not yet valid");
  std::string long_lived = Signer("api", gateway_, 3'600'000)
                               .Sign(Who("patrol.li", v1::ROLE_PATROL), kCases, kNow);
  ExpectRefused(verifier_->Verify(long_lived, kCases, kNow), "lifetime too long");
}

TEST_F(AssertionTest, AnIssuerMayAssertOnlyItsRoles) {
  // vision-worker's key speaks for vision-worker, not for the desk.
  std::string token = Signer("vision", vision_).Sign(Who("patrol.li", v1::ROLE_DESK), kCases, kNow);
  ExpectRefused(verifier_->Verify(token, kCases, kNow), "role not allowed");
  std::string own = Signer("vision", vision_).Sign(Who("vision", v1::ROLE_SYSTEM), kCases, kNow);
  EXPECT_TRUE(verifier_->Verify(own, kCases, kNow).ok());
  std::string nobody = Signer("api", gateway_).Sign(Who("", v1::ROLE_PATROL), kCases, kNow);
  ExpectRefused(verifier_->Verify(nobody, kCases, kNow), "no user");
}

TEST_F(AssertionTest, TheActorOfAVerifiedTokenIsReadBackAndJunkIsNot) {
  std::string token = Signer("api", gateway_).Sign(Who("patrol.li", v1::ROLE_PATROL), kCases, kNow);
  auto actor = AssertionVerifier::ActorOfVerified(token);
  ASSERT_TRUE(actor.has_value());
  EXPECT_EQ(actor->user_id(), "patrol.li");
  EXPECT_FALSE(AssertionVerifier::ActorOfVerified("junk").has_value());
  EXPECT_FALSE(AssertionVerifier::ActorOfVerified("!!.x").has_value());
}

TEST(IdentityKeyFileTest, KeysRoundTripAndASeedIsPrivate) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cs_keys_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto pair = GenerateIdentityKeyPair();
  ASSERT_TRUE(WriteIdentityKeyFile((dir / "a.key").string(), pair.seed, true).ok());
  ASSERT_TRUE(WriteIdentityKeyFile((dir / "a.pub").string(), pair.public_key, false).ok());
  struct stat st {};
  ASSERT_EQ(stat((dir / "a.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto seed = ReadIdentityKeyFile((dir / "a.key").string());
  ASSERT_TRUE(seed.ok()) << seed.status();
  EXPECT_EQ(*seed, pair.seed);
  EXPECT_EQ(*PublicKeyFromSeed(*seed), pair.public_key);

  std::ofstream((dir / "bad.key").string()) << "c2VjcmV0LXZhbHVl\n";  // 12 bytes, not 32
  auto bad = ReadIdentityKeyFile((dir / "bad.key").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::string(bad.status().message()).find("c2VjcmV0"), std::string::npos);
  EXPECT_EQ(ReadIdentityKeyFile((dir / "none.key").string()).status().code(),
            absl::StatusCode::kNotFound);
  std::filesystem::remove_all(dir);
}

TEST(IdentityConfigTest, VerifierLoadsTrustedKeysFromFiles) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cs_keys_cfg_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto pair = GenerateIdentityKeyPair();
  ASSERT_TRUE(WriteIdentityKeyFile((dir / "api.key").string(), pair.seed, true).ok());
  ASSERT_TRUE(WriteIdentityKeyFile((dir / "api.pub").string(), pair.public_key, false).ok());
  IdentityConfig config;
  config.issuer = "api";
  config.signing_key_file = (dir / "api.key").string();
  config.trusted.push_back({"api", (dir / "api.pub").string(), {"patrol"}});
  auto signer = AssertionSigner::FromConfig(config);
  auto verifier = AssertionVerifier::FromConfig(config);
  ASSERT_TRUE(signer.ok()) << signer.status();
  ASSERT_TRUE(verifier.ok()) << verifier.status();
  std::string token = signer->Sign(Who("patrol.li", v1::ROLE_PATROL), kCases, NowUnixMs());
  EXPECT_TRUE(verifier->Verify(token, kCases, NowUnixMs()).ok());
  // The seed from the environment instead of the file (a secret store's variable).
  IdentityConfig from_env = config;
  from_env.signing_key_file = (dir / "none.key").string();
  from_env.signing_key_env = "CS_TEST_IDENTITY_SEED";
  std::string line;
  std::getline(std::ifstream((dir / "api.key").string()), line);
  setenv("CS_TEST_IDENTITY_SEED", line.c_str(), 1);
  auto env_signer = AssertionSigner::FromConfig(from_env);
  ASSERT_TRUE(env_signer.ok()) << env_signer.status();
  EXPECT_TRUE(verifier->Verify(env_signer->Sign(Who("patrol.li", v1::ROLE_PATROL), kCases, NowUnixMs()),
                               kCases, NowUnixMs()).ok());
  setenv("CS_TEST_IDENTITY_SEED", "not-a-seed", 1);
  EXPECT_FALSE(AssertionSigner::FromConfig(from_env).ok());
  unsetenv("CS_TEST_IDENTITY_SEED");
  config.trusted[0].public_key_file = (dir / "missing.pub").string();
  EXPECT_FALSE(AssertionVerifier::FromConfig(config).ok());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace cs
