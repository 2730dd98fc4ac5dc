// Lost-child matching measured through the service: case-service and redis-server as real
// processes (AOF, fsync always). Every missing report of a description set (the children's and
// the distractors', in a shuffled order so case ids say nothing) is filed with FileMissingReport
// at its own zone and last-seen time; then each child's found report is filed with
// FileFoundReport and its candidates read with ListCandidates. Prints top-1 / top-3 / MRR, the
// client-side p50/p99 of both calls, the top-1 misses by the noise the pair carries, and
// (--idle-seconds) the idle CPU of case-service and Redis with everything open.
//
// Top-1 is strict: a true child tied with another candidate at the top is a miss (the service
// says it is a tie and shows both; a person must choose).
//
// Run from the repo root (after building case-service):
//   build/release/bin/cases_service_match_bench --set ../shared/data/descriptions/pairs.json
//   build/release/bin/cases_service_match_bench --set <file> --idle-seconds 30
//   build/release/bin/cases_service_match_bench --set <hand-written set> \
//       --pad-with /tmp/desc_10000.json --open 10000    # a hand-written set at 10,000 open
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <atomic>
#include <map>
#include <mutex>
#include <numeric>
#include <random>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "bench/cases_descriptions.h"
#include "bench/cases_miss_analysis.h"
#include "common/config.h"
#include "common/grpc/time_convert.h"
#include "common/redis/hiredis_client.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

namespace {
namespace v1 = crowdsafe::v1;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

v1::Actor Who(const char* id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

google::protobuf::Timestamp At(std::chrono::system_clock::time_point base, double minutes) {
  return cs::ToProtoTime(base + std::chrono::milliseconds(static_cast<int64_t>(minutes * 60000)));
}

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * v.size()))];
}

// utime + stime of a process, in clock ticks (/proc/<pid>/stat fields 14 and 15).
int64_t CpuTicks(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  const size_t close = text.rfind(')');  // the command name may hold spaces
  if (close == std::string::npos) return -1;
  std::vector<std::string> f = absl::StrSplit(text.substr(close + 2), ' ');
  int64_t utime = 0, stime = 0;
  if (f.size() < 13 || !absl::SimpleAtoi(f[11], &utime) || !absl::SimpleAtoi(f[12], &stime))
    return -1;
  return utime + stime;
}

pid_t RedisPid(const cs::testing::RedisServer& redis) {
  cs::HiredisClient client(redis.Config());
  auto info = client.Command({"INFO", "server"});
  if (!info.ok()) return -1;
  for (absl::string_view line : absl::StrSplit(info->str, "\r\n")) {
    int pid = 0;
    if (absl::ConsumePrefix(&line, "process_id:") && absl::SimpleAtoi(line, &pid)) return pid;
  }
  return -1;
}

std::string ServiceConfig(const cs::testing::RedisServer& redis) {
  std::string path = redis.dir() + "/cases.yaml";
  std::ofstream(path) << "service: cases\nserver:\n  listen: 127.0.0.1:0\nredis:\n  port: "
                      << redis.port() << "\nlog:\n  level: warn\nvenue_file: "
                      << cs::testing::SourcePath("config/venues/ocean.yaml") << "\n";
  return path;
}

struct Args {
  std::string set;
  std::string pad_with;  // a generated set whose missing reports pad the open ones up to --open
  int children = 0;  // 0: every child of the set
  int open = 0;      // 0: every missing report of the set
  int idle_seconds = 0;
  int explain = 0;
  unsigned seed = 13;
  int filing_threads = 8;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"lost-child matching through case-service's gRPC API on a real Redis"};
  Args a;
  a.set = cs::testing::SourcePath("../shared/data/descriptions/pairs.json");
  app.add_option("--set", a.set, "description set in pairs.json's shape");
  app.add_option("--pad-with", a.pad_with,
                 "pad the open reports up to --open with this set's missing reports (descgen)");
  app.add_option("--children", a.children, "children to query (default: all)");
  app.add_option("--open", a.open, "open missing reports: the children's plus distractors");
  app.add_option("--idle-seconds", a.idle_seconds, "measure idle CPU for this long at the end");
  app.add_option("--explain", a.explain, "print this many top-1 misses with their features");
  app.add_option("--seed", a.seed, "shuffle of the filing order");
  app.add_option("--filing-threads", a.filing_threads, "client threads filing the open reports");
  CLI11_PARSE(app, argc, argv);

  auto venue = cs::LoadVenue(cs::testing::SourcePath("config/venues/ocean.yaml"));
  auto set = cs::bench::LoadDescriptionSet(a.set);
  if (!venue.ok() || !set.ok()) {
    std::fprintf(stderr, "%s\n", (venue.ok() ? set.status() : venue.status()).ToString().c_str());
    return 1;
  }
  if (a.children > 0 && static_cast<size_t>(a.children) < set->children.size())
    set->children.resize(a.children);
  const size_t want_open = a.open > 0 ? a.open : set->children.size() + set->distractors.size();
  size_t padded = 0;
  if (!a.pad_with.empty() && want_open > set->children.size() + set->distractors.size()) {
    auto pad = cs::bench::LoadDescriptionSet(a.pad_with);
    if (!pad.ok()) {
      std::fprintf(stderr, "%s\n", pad.status().ToString().c_str());
      return 1;
    }
    padded = cs::bench::PadDistractors(&*set, *pad, want_open - set->children.size());
  }
  if (want_open < set->children.size() ||
      want_open - set->children.size() > set->distractors.size()) {
    std::fprintf(stderr, "--open %zu needs %zu children and %zu distractors; the set has %zu\n",
                 want_open, set->children.size(), want_open - set->children.size(),
                 set->distractors.size());
    return 2;
  }

  cs::testing::RedisServer redis;
  if (auto s = redis.Start(); !s.ok()) {
    std::fprintf(stderr, "redis: %s\n", s.ToString().c_str());
    return 1;
  }
  cs::testing::ChildProcess service;
  if (!service.Start({cs::testing::BinaryPath("case-service"), "--config", ServiceConfig(redis)},
                     redis.dir() + "/cases.log").ok()) {
    std::fprintf(stderr, "could not start case-service (build it; run from the repo root)\n");
    return 1;
  }
  // case-service took 25 s to listen at load 14 on 2 cores (session 11); 20 s was too short.
  auto port = service.WaitForListening(120s);
  if (!port.ok()) {
    std::fprintf(stderr, "case-service did not listen: %s\n", port.status().ToString().c_str());
    return 1;
  }
  auto stub = v1::CaseService::NewStub(grpc::CreateChannel(
      "127.0.0.1:" + std::to_string(*port), grpc::InsecureChannelCredentials()));

  // Minutes in the set are after opening; opening is placed so the latest report is now.
  const auto base = std::chrono::system_clock::now() -
                    std::chrono::milliseconds(static_cast<int64_t>((set->max_minutes + 1) * 60000));
  // The open missing reports in a shuffled order: -1 - i is child i, j >= 0 distractor j.
  std::vector<int> order;
  for (size_t i = 0; i < set->children.size(); ++i) order.push_back(-1 - static_cast<int>(i));
  for (size_t j = 0; j + set->children.size() < want_open; ++j) order.push_back(static_cast<int>(j));
  std::shuffle(order.begin(), order.end(), std::mt19937(a.seed));
  std::vector<std::string> truth(set->children.size());
  std::vector<double> missing_ms;
  std::atomic<int> refused{0};
  std::mutex mu;
  // Filed from several client threads at once (the desk has many operators); the figures that
  // matter, FileFoundReport and ListCandidates, are measured one at a time below.
  std::atomic<size_t> next{0};
  auto file = [&] {
    for (size_t n = next++; n < order.size(); n = next++) {
      const int k = order[n];
      const cs::bench::DescribedReport& r =
          k < 0 ? set->children[-1 - k].missing : set->distractors[k];
      v1::FileMissingReportRequest req;
      auto* m = req.mutable_report();
      m->set_venue_id(venue->id);
      *m->mutable_child() = r.child;
      m->set_last_seen_zone_id(r.zone_id);
      *m->mutable_last_seen_at() = At(base, r.last_seen_minutes);
      *req.mutable_actor() = Who("desk.bench", v1::ROLE_DESK);
      grpc::ClientContext ctx;
      v1::Case out;
      const auto t0 = Clock::now();
      if (auto s = stub->FileMissingReport(&ctx, req, &out); !s.ok()) {
        ++refused;
        std::fprintf(stderr, "missing report refused: %s\n", s.error_message().c_str());
        continue;
      }
      std::lock_guard lock(mu);
      missing_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (k < 0) truth[-1 - k] = out.case_id();
    }
  };
  std::vector<std::thread> filers;
  for (int t = 0; t < std::max(1, a.filing_threads); ++t) filers.emplace_back(file);
  for (auto& t : filers) t.join();

  std::vector<double> found_ms, list_ms;
  int top1 = 0, top3 = 0, tied_top = 0, queried = 0;
  double rr = 0;
  std::map<std::string, int> miss_causes, pair_causes;
  int misses = 0;
  cs::bench::MissAnalysis by_feature;
  for (size_t i = 0; i < set->children.size(); ++i) {
    const cs::bench::DescribedChild& child = set->children[i];
    if (truth[i].empty()) continue;  // its missing report was refused
    v1::FileFoundReportRequest req;
    auto* f = req.mutable_report();
    f->set_venue_id(venue->id);
    *f->mutable_child() = child.found.child;
    f->set_found_zone_id(child.found.zone_id);
    *f->mutable_found_at() = At(base, child.found.minutes_after_open);
    f->set_held_at("走失儿童中心");
    *req.mutable_actor() = Who("patrol.bench", v1::ROLE_PATROL);
    grpc::ClientContext fctx;
    v1::Case found;
    auto t0 = Clock::now();
    if (auto s = stub->FileFoundReport(&fctx, req, &found); !s.ok()) {
      ++refused;
      std::fprintf(stderr, "found report refused: %s\n", s.error_message().c_str());
      continue;
    }
    found_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    v1::ListCandidatesRequest list;
    list.set_case_id(found.case_id());
    list.set_limit(5);  // the default the desk dashboard uses
    *list.mutable_actor() = Who("desk.bench", v1::ROLE_DESK);
    grpc::ClientContext lctx;
    v1::ListCandidatesResponse cands;
    t0 = Clock::now();
    if (auto s = stub->ListCandidates(&lctx, list, &cands); !s.ok()) {
      std::fprintf(stderr, "ListCandidates failed: %s\n", s.error_message().c_str());
      return 1;
    }
    list_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    ++queried;
    int rank = -1;
    for (int r = 0; r < cands.candidates_size(); ++r)
      if (cands.candidates(r).case_id() == truth[i]) rank = r;
    const bool first = rank == 0 && !cands.candidates(0).tied();
    if (rank == 0 && cands.candidates(0).tied()) ++tied_top;
    top1 += first;
    top3 += rank >= 0 && rank < 3;
    if (rank >= 0) rr += 1.0 / (rank + 1);
    const auto noise = cs::bench::NoiseOf(child, *venue);
    for (const auto& n : noise) ++pair_causes[n];
    if (first) continue;
    ++misses;
    for (const auto& n : noise) ++miss_causes[n];
    if (rank < 0) {
      by_feature.AddAbsent();
    } else if (rank == 0) {
      by_feature.AddTied();
    } else {
      // The evidence per feature, as the service returns it: score = 0.5 + strength / 2 and
      // weight the one that applied, so evidence = (score - 0.5) × 2 × weight.
      auto evidence_of = [](const v1::Candidate& c) {
        cs::bench::FeatureEvidence e;
        for (const auto& fs : c.features()) e[fs.feature()] = (fs.score() - 0.5) * 2 * fs.weight();
        return e;
      };
      by_feature.AddRanked(evidence_of(cands.candidates(0)), evidence_of(cands.candidates(rank)));
    }
    if (a.explain-- > 0) {
      std::printf("MISS %s (true %s at rank %d)\n", child.id.c_str(), truth[i].c_str(), rank + 1);
      for (int r = 0; r < cands.candidates_size() && r < 3; ++r) {
        const auto& c = cands.candidates(r);
        if (r > 0 && c.case_id() != truth[i] && rank >= 0 && r != rank) continue;
        std::printf("  #%d %s%s score %.4f %s%s\n", r + 1, c.case_id().c_str(),
                    c.case_id() == truth[i] ? " (true)" : "", c.score(), c.label().c_str(),
                    c.tied() ? " tied" : "");
        for (const auto& fs : c.features())
          std::printf("    %-9s %.2f w%.1f %s\n", fs.feature().c_str(), fs.score(), fs.weight(),
                      fs.explanation().c_str());
      }
    }
  }

  std::printf("set: %s\n", a.set.c_str());
  std::printf("open missing reports: %zu (children %zu, distractors %zu), refused %d\n",
              missing_ms.size(), set->children.size(), want_open - set->children.size(),
              refused.load());
  if (padded > 0)
    std::printf("of the distractors, %zu padded from %s (times scaled onto the set's span)\n",
                padded, a.pad_with.c_str());
  if (queried == 0) return 1;
  std::printf("found reports queried: %d\n", queried);
  std::printf("top1 %.1f%%  top3 %.1f%%  MRR@5 %.3f  (true child tied at the top: %d)\n",
              100.0 * top1 / queried, 100.0 * top3 / queried, rr / queried, tied_top);
  std::printf("FileMissingReport p50 %.2f ms p99 %.2f ms (%d client threads)\n",
              Pct(missing_ms, 0.5), Pct(missing_ms, 0.99), a.filing_threads);
  std::printf("FileFoundReport   p50 %.2f ms p99 %.2f ms\n", Pct(found_ms, 0.5),
              Pct(found_ms, 0.99));
  std::printf("ListCandidates    p50 %.2f ms p99 %.2f ms (limit 5)\n", Pct(list_ms, 0.5),
              Pct(list_ms, 0.99));
  std::printf("top-1 misses by the noise the pair carries (share of misses; share of pairs):\n");
  for (const auto& [cause, n] : miss_causes)
    std::printf("  %-46s %3d  %5.1f%%  (%5.1f%% of pairs)\n", cause.c_str(), n,
                100.0 * n / std::max(1, misses), 100.0 * pair_causes[cause] / queried);

  by_feature.Print();

  if (a.idle_seconds > 0) {
    const pid_t redis_pid = RedisPid(redis);
    std::this_thread::sleep_for(2s);  // let the last writes settle
    const int64_t s0 = CpuTicks(service.pid()), r0 = CpuTicks(redis_pid);
    const auto t0 = Clock::now();
    std::this_thread::sleep_for(std::chrono::seconds(a.idle_seconds));
    const double secs = std::chrono::duration<double>(Clock::now() - t0).count();
    const double hz = static_cast<double>(sysconf(_SC_CLK_TCK));
    const int64_t s1 = CpuTicks(service.pid()), r1 = CpuTicks(redis_pid);
    std::printf("idle CPU over %.0f s with %zu open missing + %d found: case-service %.2f%% of a "
                "core, redis-server %.2f%%\n",
                secs, missing_ms.size(), queried, 100.0 * (s1 - s0) / hz / secs,
                100.0 * (r1 - r0) / hz / secs);
  }
  return 0;
}
