#include "common/identity/assertion.h"
#include "common/identity/assertion_cache.h"
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
    issuers["api"] = {{gateway_.public_key}, {v1::ROLE_PATROL, v1::ROLE_DESK}};
    issuers["vision"] = {{vision_.public_key}, {v1::ROLE_SYSTEM}};
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
  config.trusted.push_back({"api", {(dir / "api.pub").string()}, {"patrol"}});
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
  config.trusted[0].public_key_files = {(dir / "missing.pub").string()};
  EXPECT_FALSE(AssertionVerifier::FromConfig(config).ok());
  std::filesystem::remove_all(dir);
}

// Key rotation (docs/identity.md, "Rotating a key"): while an issuer lists its old and its new
// public key, assertions signed with either verify; once the old one is withdrawn, an assertion
// signed with it is refused.
TEST(IdentityConfigTest, RotationAcceptsBothListedKeysAndRefusesAWithdrawnOne) {
  auto dir = std::filesystem::temp_directory_path() /
             ("cs_keys_rot_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto old_pair = GenerateIdentityKeyPair();
  auto new_pair = GenerateIdentityKeyPair();
  ASSERT_TRUE(WriteIdentityKeyFile((dir / "api.pub").string(), old_pair.public_key, false).ok());
  ASSERT_TRUE(WriteIdentityKeyFile((dir / "api-2.pub").string(), new_pair.public_key, false).ok());
  auto old_signer = *AssertionSigner::FromSeed("api", old_pair.seed, 60000);
  auto new_signer = *AssertionSigner::FromSeed("api", new_pair.seed, 60000);
  const auto patrol = Who("patrol.li", v1::ROLE_PATROL);
  const int64_t now = NowUnixMs();
  const std::string by_old = old_signer.Sign(patrol, kCases, now);
  const std::string by_new = new_signer.Sign(patrol, kCases, now);

  IdentityConfig both;
  both.trusted.push_back(
      {"api", {(dir / "api.pub").string(), (dir / "api-2.pub").string()}, {"patrol"}});
  auto during = AssertionVerifier::FromConfig(both);
  ASSERT_TRUE(during.ok()) << during.status();
  auto who = during->Verify(by_old, kCases, now);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->user_id(), "patrol.li");
  who = during->Verify(by_new, kCases, now);
  ASSERT_TRUE(who.ok()) << who.status();
  EXPECT_EQ(who->user_id(), "patrol.li");

  IdentityConfig after;
  after.trusted.push_back({"api", {(dir / "api-2.pub").string()}, {"patrol"}});
  auto withdrawn = AssertionVerifier::FromConfig(after);
  ASSERT_TRUE(withdrawn.ok()) << withdrawn.status();
  EXPECT_TRUE(withdrawn->Verify(by_new, kCases, now).ok());
  auto refused = withdrawn->Verify(by_old, kCases, now);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(refused.status().message().find("bad signature"), std::string_view::npos);
  // A stranger's key is not accepted just because there are several to try.
  auto stranger = *AssertionSigner::FromSeed("api", GenerateIdentityKeyPair().seed, 60000);
  EXPECT_FALSE(during->Verify(stranger.Sign(patrol, kCases, now), kCases, now).ok());
  std::filesystem::remove_all(dir);
}

// Signer caching (issue 16): the same (actor, audience) gets the same assertion until its
// refresh point (half its life, at most 15 s before expiry), then a newly signed one; another
// actor or audience gets its own; every handed-out assertion verifies.
TEST_F(AssertionTest, TheCacheReusesAnAssertionUntilShortlyBeforeItExpires) {
  auto signer = std::make_shared<const AssertionSigner>(Signer("api", gateway_));
  AssertionCache cache(signer);
  const auto patrol = Who("patrol.li", v1::ROLE_PATROL);
  const std::string first = cache.Get(patrol, kCases, kNow);
  EXPECT_EQ(cache.Get(patrol, kCases, kNow + 10), first);
  EXPECT_EQ(cache.Get(patrol, kCases, kNow + 44999), first);  // 60 s life, 15 s margin
  EXPECT_EQ(cache.signed_count(), 1u);
  EXPECT_NE(cache.Get(Who("desk.wang", v1::ROLE_DESK), kCases, kNow + 10), first);
  EXPECT_NE(cache.Get(patrol, "crowdsafe.v1.CrowdService", kNow + 10), first);
  auto zoned = patrol;
  zoned.add_zone_ids("penguin");
  EXPECT_NE(cache.Get(zoned, kCases, kNow + 10), first);
  EXPECT_EQ(cache.signed_count(), 4u);
  const std::string renewed = cache.Get(patrol, kCases, kNow + 45000);
  EXPECT_NE(renewed, first);
  EXPECT_EQ(cache.signed_count(), 5u);
  // The renewed one is valid well past the first one's expiry.
  EXPECT_TRUE(verifier_->Verify(first, kCases, kNow + 44999).ok());
  EXPECT_TRUE(verifier_->Verify(renewed, kCases, kNow + 100000).ok());
  EXPECT_FALSE(verifier_->Verify(first, kCases, kNow + 60000).ok());
  // A short-lived signer keeps half its life as the margin.
  AssertionCache brief(std::make_shared<const AssertionSigner>(Signer("api", gateway_, 2000)));
  const std::string b = brief.Get(patrol, kCases, kNow);
  EXPECT_EQ(brief.Get(patrol, kCases, kNow + 999), b);
  EXPECT_NE(brief.Get(patrol, kCases, kNow + 1000), b);
}

// Full: expired entries go first, and the cache never grows past its bound.
TEST_F(AssertionTest, TheCacheStaysWithinItsBound) {
  AssertionCache cache(std::make_shared<const AssertionSigner>(Signer("api", gateway_)), 2);
  const auto a = Who("patrol.a", v1::ROLE_PATROL);
  const auto b = Who("patrol.b", v1::ROLE_PATROL);
  const auto c = Who("patrol.c", v1::ROLE_PATROL);
  const std::string ta = cache.Get(a, kCases, kNow);
  cache.Get(b, kCases, kNow + 50000);
  cache.Get(c, kCases, kNow + 50000);  // a was past its refresh point: dropped, b kept
  EXPECT_EQ(cache.signed_count(), 3u);
  cache.Get(b, kCases, kNow + 50001);
  EXPECT_EQ(cache.signed_count(), 3u);
  EXPECT_NE(cache.Get(a, kCases, kNow + 50002), ta);
}

}  // namespace
}  // namespace cs
