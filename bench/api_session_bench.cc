// Issue 16: what moving sessions and rate limits to Redis adds to each authenticated request of
// the gateway. In one run, one calling thread, the same tokens:
// - SessionStore::Lookup: the in-memory store of before (MemorySessionStore) against
//   RedisSessionStore (one GET and a decode);
// - Lookup plus the per-token rate limit, which is what Gateway::Dispatch does per request:
//   MemorySessionStore + LocalRateLimiter against RedisSessionStore + RedisRateLimiter (one
//   EVALSHA).
// Redis is a private redis-server started here on loopback (AOF on, appendfsync always, as in
// production and the tests), reached through HiredisClient as the gateway reaches it.
//
// Run from the repository root: build/release/bin/api_session_bench [--lookups 20000]
//   [--sessions 1000]
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"
#include "mobile-api/memory_session_store.h"
#include "mobile-api/redis_rate_limiter.h"
#include "mobile-api/redis_session_store.h"

namespace {

using Steady = std::chrono::steady_clock;

struct Figures {
  double p50_us = 0;
  double p99_us = 0;
  double mean_us = 0;
};

// Times each call; false from a call stops the run and marks it failed.
Figures Measure(int calls, const std::function<bool(int)>& call, bool* failed) {
  std::vector<double> us;
  us.reserve(calls);
  for (int i = 0; i < calls && !*failed; ++i) {
    const auto t0 = Steady::now();
    if (!call(i)) {
      std::fprintf(stderr, "call %d failed\n", i);
      *failed = true;
      break;
    }
    us.push_back(std::chrono::duration<double, std::micro>(Steady::now() - t0).count());
  }
  if (us.empty()) return {};
  double sum = 0;
  for (double v : us) sum += v;
  std::sort(us.begin(), us.end());
  return Figures{us[us.size() / 2], us[us.size() * 99 / 100], sum / us.size()};
}

void Row(const char* what, const Figures& f) {
  std::printf("| %-44s | %8.2f | %8.2f | %8.2f |\n", what, f.p50_us, f.p99_us, f.mean_us);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("mobile-api session lookup: in memory vs Redis");
  int lookups = 20000;
  int sessions = 1000;
  app.add_option("--lookups", lookups, "timed calls per variant");
  app.add_option("--sessions", sessions, "live sessions in each store");
  CLI11_PARSE(app, argc, argv);

  cs::testing::RedisServer server;
  if (auto s = server.Start(); !s.ok()) {
    std::fprintf(stderr, "redis-server: %s\n", s.ToString().c_str());
    return 1;
  }
  cs::HiredisClient redis(server.Config());
  const cs::Clock& clock = *cs::SystemClock::Default();
  const auto ttl = std::chrono::hours(8);
  cs::api::MemorySessionStore memory(clock, ttl);
  cs::api::RedisSessionStore shared(redis, "ocean", clock, ttl);
  cs::api::LocalRateLimiter local_limit(clock, 1e9, 1e9);  // never empty: time the take only
  cs::api::RedisRateLimiter shared_limit(redis, "ocean", "token", clock, 1e9, 1e9);

  std::vector<std::string> memory_tokens, redis_tokens;
  for (int i = 0; i < sessions; ++i) {
    cs::api::User u;
    u.username = "patrol" + std::to_string(i);
    u.zones = {"penguin", "plaza"};
    memory_tokens.push_back(memory.Issue(u)->token);
    auto s = shared.Issue(u);
    if (!s.ok()) {
      std::fprintf(stderr, "issue: %s\n", s.status().ToString().c_str());
      return 1;
    }
    redis_tokens.push_back(s->token);
  }
  bool failed = false;
  auto found = [](const absl::StatusOr<std::optional<cs::api::Session>>& s) {
    return s.ok() && s->has_value();
  };
  auto memory_lookup = [&](int i) { return found(memory.Lookup(memory_tokens[i % sessions])); };
  auto redis_lookup = [&](int i) { return found(shared.Lookup(redis_tokens[i % sessions])); };
  auto memory_request = [&](int i) {
    const std::string& t = memory_tokens[i % sessions];
    auto ok = local_limit.Allow(t);
    return found(memory.Lookup(t)) && ok.ok() && *ok;
  };
  auto redis_request = [&](int i) {
    const std::string& t = redis_tokens[i % sessions];
    if (!found(shared.Lookup(t))) return false;
    auto ok = shared_limit.Allow(t);
    return ok.ok() && *ok;
  };
  // Warm-up (connections, script cache, branch predictors), then the timed runs.
  Measure(2000, redis_request, &failed);
  Measure(2000, memory_request, &failed);
  const Figures ml = Measure(lookups, memory_lookup, &failed);
  const Figures rl = Measure(lookups, redis_lookup, &failed);
  const Figures mr = Measure(lookups, memory_request, &failed);
  const Figures rr = Measure(lookups, redis_request, &failed);
  if (failed) return 1;
  std::printf("sessions=%d lookups=%d (one thread, loopback redis-server, AOF always)\n\n",
              sessions, lookups);
  std::printf("| %-44s | p50 (µs) | p99 (µs) | mean (µs) |\n", "per authenticated request");
  std::printf("|%s|---:|---:|---:|\n", std::string(46, '-').c_str());
  Row("Lookup, in memory (before issue 16)", ml);
  Row("Lookup, Redis (GET + decode)", rl);
  Row("Lookup + token limit, in memory (before)", mr);
  Row("Lookup + token limit, Redis (GET + EVALSHA)", rr);
  std::printf("\nadded per request: p50 %+.2f µs, p99 %+.2f µs\n", rr.p50_us - mr.p50_us,
              rr.p99_us - mr.p99_us);
  return 0;
}
