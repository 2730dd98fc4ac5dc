// The cost of proven identity per call (issue 16): signing an assertion (the caller) and
// verifying it (the processor and the interceptor each verify once per call).
#include <benchmark/benchmark.h>

#include "common/grpc/client_channel.h"
#include "common/grpc/server_runner.h"
#include "common/identity/assertion.h"
#include "common/identity/assertion_cache.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

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

// What the client interceptor pays per call with reuse (common/identity/assertion_cache.h): the
// same officer calling the same service, the assertion signed once and handed out again.
void BM_SignAssertionReused(benchmark::State& state) {
  auto keys = cs::GenerateIdentityKeyPair();
  cs::AssertionCache cache(std::make_shared<const cs::AssertionSigner>(
      *cs::AssertionSigner::FromSeed("api", keys.seed, 60000)));
  v1::Actor actor = Patrol();
  for (auto _ : state) {
    benchmark::DoNotOptimize(cache.Get(actor, "crowdsafe.v1.CaseService", cs::NowUnixMs()));
  }
}
BENCHMARK(BM_SignAssertionReused);

void BM_VerifyAssertion(benchmark::State& state) {
  auto keys = cs::GenerateIdentityKeyPair();
  auto signer = *cs::AssertionSigner::FromSeed("api", keys.seed, 60000);
  cs::AssertionVerifier verifier({{"api", {{keys.public_key}, {v1::ROLE_PATROL}}}});
  std::string token = signer.Sign(Patrol(), "crowdsafe.v1.CaseService", cs::NowUnixMs());
  for (auto _ : state) {
    auto who = verifier.Verify(token, "crowdsafe.v1.CaseService", cs::NowUnixMs());
    if (!who.ok()) state.SkipWithError("verification failed");
    benchmark::DoNotOptimize(who);
  }
}
BENCHMARK(BM_VerifyAssertion);

// A loopback unary call to a GetCase that answers at once, with identity off (arg 0: insecure
// server, unsigned channel), signed only (arg 2: the client's share) and on (arg 1: signed,
// verified, actor replaced): the whole cost a call pays for proven identity, against the same
// call without it. Args 3 and 4 are 2 and 1 with every call signed anew (no reuse of the
// assertion): the signer cache's before.
class InstantCases final : public v1::CaseService::Service {
  grpc::Status GetCase(grpc::ServerContext*, const v1::GetCaseRequest* req, v1::Case* out) override {
    out->set_case_id(req->case_id());
    return grpc::Status::OK;
  }
};

void BM_LoopbackUnaryCall(benchmark::State& state) {
  bool identity = state.range(0) == 1 || state.range(0) == 4;
  bool sign_only = state.range(0) == 2 || state.range(0) == 3;  // the server does not verify
  bool reuse = state.range(0) <= 2;
  auto keys = cs::GenerateIdentityKeyPair();
  auto signer = std::make_shared<const cs::AssertionSigner>(
      *cs::AssertionSigner::FromSeed("api", keys.seed, 60000));
  InstantCases service;
  cs::GrpcServerRunner runner(cs::ServerConfig{});
  runner.AddService(&service, "crowdsafe.v1.CaseService");
  if (identity) {
    runner.VerifyIdentity(std::make_shared<cs::AssertionVerifier>(
        std::map<std::string, cs::AssertionVerifier::Issuer>{
            {"api", {{keys.public_key}, {v1::ROLE_PATROL}}}}));
  }
  if (!runner.Start().ok()) {
    state.SkipWithError("server did not start");
    return;
  }
  cs::ClientChannelOptions options;
  if (identity || sign_only) options.signer = signer;
  options.reuse_assertions = reuse;
  auto stub = v1::CaseService::NewStub(
      *cs::MakeClientChannel("127.0.0.1:" + std::to_string(runner.port()), options));
  v1::GetCaseRequest req;
  req.set_case_id("c1");
  *req.mutable_actor() = Patrol();
  for (auto _ : state) {
    grpc::ClientContext ctx;
    v1::Case out;
    if (!stub->GetCase(&ctx, req, &out).ok()) {
      state.SkipWithError("call failed");
      break;
    }
  }
  runner.Shutdown();
}
BENCHMARK(BM_LoopbackUnaryCall)->Arg(0)->Arg(3)->Arg(2)->Arg(4)->Arg(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
