// The cost of proven identity per call (issue 16): signing an assertion (the caller) and
// verifying it (the processor and the interceptor each verify once per call).
#include <benchmark/benchmark.h>

#include "common/identity/assertion.h"

namespace {

namespace v1 = crowdsafe::v1;

v1::Actor Patrol() {
  v1::Actor a;
  a.set_user_id("patrol.zhou");
  a.set_role(v1::ROLE_PATROL);
  a.add_zone_ids("penguin");
  a.add_zone_ids("main-gate");
  return a;
}

void BM_SignAssertion(benchmark::State& state) {
  auto keys = cs::GenerateIdentityKeyPair();
  auto signer = *cs::AssertionSigner::FromSeed("api", keys.seed, 60000);
  v1::Actor actor = Patrol();
  for (auto _ : state) {
    benchmark::DoNotOptimize(signer.Sign(actor, "crowdsafe.v1.CaseService", cs::NowUnixMs()));
  }
}
BENCHMARK(BM_SignAssertion);

void BM_VerifyAssertion(benchmark::State& state) {
  auto keys = cs::GenerateIdentityKeyPair();
  auto signer = *cs::AssertionSigner::FromSeed("api", keys.seed, 60000);
  cs::AssertionVerifier verifier({{"api", {keys.public_key, {v1::ROLE_PATROL}}}});
  std::string token = signer.Sign(Patrol(), "crowdsafe.v1.CaseService", cs::NowUnixMs());
  for (auto _ : state) {
    auto who = verifier.Verify(token, "crowdsafe.v1.CaseService", cs::NowUnixMs());
    if (!who.ok()) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(who);
  }
}
BENCHMARK(BM_VerifyAssertion);

}  // namespace

BENCHMARK_MAIN();
