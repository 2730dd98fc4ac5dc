// crowd-service as a real process on a real Redis, driven like a turnstile controller: batches
// on a stream, resume from the acknowledgement after a crash, exact totals at the end.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <ctime>
#include <thread>

#include "common/testing/child_process.h"
#include "common/testing/identity_keys.h"
#include "common/testing/redis_server.h"
#include "common/grpc/time_convert.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

constexpr int kGates = 24;  // main-t01..main-t24 of config/venues/ocean.yaml

std::string Gate(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "main-t%02d", i + 1);
  return buf;
}

google::protobuf::Timestamp Now() { return ProtoNow(); }

// A turnstile controller: numbers events per gate from 1, and after any failure resends
// everything above what the service acknowledged.
class Controller {
 public:
  // The next batch: `per_gate` events of count 1 on every gate, starting after what was acked.
  v1::GateEventBatch NextBatch(int per_gate) {
    v1::GateEventBatch batch;
    batch.set_venue_id("ocean");
    batch.set_controller_id("test");
    for (int g = 0; g < kGates; ++g) {
      for (int k = 1; k <= per_gate; ++k) {
        auto* e = batch.add_events();
        e->set_gate_id(Gate(g));
        e->set_direction(v1::DIRECTION_IN);
        e->set_count(1);
        e->set_seq(acked_[g] + k);
        *e->mutable_event_time() = Now();
      }
    }
    return batch;
  }
  void Ack(const v1::GateEventAck& ack) {
    for (const auto& g : ack.gates()) {
      int i = std::stoi(g.gate_id().substr(6)) - 1;
      acked_[i] = std::max<uint64_t>(acked_[i], g.contiguous_seq());
    }
  }
  uint64_t Acked() const {
    uint64_t total = 0;
    for (auto a : acked_) total += a;
    return total;
  }

 private:
  std::array<uint64_t, kGates> acked_{};
};

class CrowdIngestTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(redis_.Start().ok()); }

  void StartService() {
    service_ = std::make_unique<testing::ChildProcess>();
    // A fixed port so the client's channel finds the restarted service again.
    if (port_ == 0) port_ = testing::RedisServer::PickFreePort();
    ASSERT_TRUE(service_
                    ->Start({testing::BinaryPath("crowd-service"), "--config",
                             testing::SourcePath("config/services/crowd.yaml"), "--listen",
                             "127.0.0.1:" + std::to_string(port_), "--redis-port",
                             std::to_string(redis_.port()), "--redis-wait", "5"},
                            redis_.dir() + "/crowd.log")
                    .ok());
    ASSERT_TRUE(service_->WaitForListening(15s).ok());
    // The turnstiles and readers sign as the simulator; the desk's corrections come through
    // the gateway's key, which speaks for users.
    stub_ = v1::CrowdService::NewStub(
        testing::SignedChannel("127.0.0.1:" + std::to_string(port_), "sim"));
    desk_stub_ = v1::CrowdService::NewStub(
        testing::SignedChannel("127.0.0.1:" + std::to_string(port_), "api"));
  }

  // Sends `batches` batches on one stream; stops at the first failure. Returns the final status.
  grpc::Status Stream(Controller& c, int batches, int per_gate,
                      const std::function<void(int)>& after_batch = nullptr) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 20s);
    auto stream = stub_->IngestGateEvents(&ctx);
    for (int b = 0; b < batches; ++b) {
      v1::GateEventAck ack;
      if (!stream->Write(c.NextBatch(per_gate)) || !stream->Read(&ack)) break;
      c.Ack(ack);
      if (after_batch) after_batch(b);
    }
    stream->WritesDone();
    return stream->Finish();
  }

  int64_t Occupancy() {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    v1::GetOccupancyRequest req;
    req.set_venue_id("ocean");
    v1::VenueOccupancy occ;
    auto s = stub_->GetOccupancy(&ctx, req, &occ);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return occ.occupancy();
  }

  testing::RedisServer redis_;
  std::unique_ptr<testing::ChildProcess> service_;
  std::unique_ptr<v1::CrowdService::Stub> stub_;
  std::unique_ptr<v1::CrowdService::Stub> desk_stub_;
  int port_ = 0;
};

TEST_F(CrowdIngestTest, ExactTotalsAfterServiceIsKilledMidStream) {
  StartService();
  Controller c;
  // The service dies (SIGKILL) after the 5th acknowledged batch; the stream breaks.
  auto s = Stream(c, 20, 10, [&](int b) {
    if (b == 4) service_->Signal(SIGKILL);
  });
  EXPECT_FALSE(s.ok());
  ASSERT_TRUE(service_->Wait(5s).has_value());
  uint64_t acked_before_restart = c.Acked();
  EXPECT_GE(acked_before_restart, 5u * kGates * 10);

  StartService();
  // Resume from the acknowledgement; replays of anything stored but unacked count once.
  ASSERT_TRUE(Stream(c, 10, 10).ok());
  EXPECT_EQ(c.Acked(), acked_before_restart + 10u * kGates * 10);
  EXPECT_EQ(Occupancy(), static_cast<int64_t>(c.Acked()));
}

TEST_F(CrowdIngestTest, RedisRestartMidStreamIsUnavailableThenExact) {
  StartService();
  Controller c;
  ASSERT_TRUE(Stream(c, 5, 10).ok());
  redis_.Kill();
  auto down = Stream(c, 1, 10);
  EXPECT_EQ(down.error_code(), grpc::StatusCode::UNAVAILABLE) << down.error_message();
  uint64_t acked = c.Acked();
  ASSERT_TRUE(redis_.Restart().ok());
  auto back = std::chrono::steady_clock::now();
  grpc::Status s = Stream(c, 1, 10);
  while (!s.ok() && std::chrono::steady_clock::now() - back < 5s) {
    std::this_thread::sleep_for(100ms);
    s = Stream(c, 1, 10);
  }
  ASSERT_TRUE(s.ok()) << "not recovered within 5 s: " << s.error_message();
  ASSERT_TRUE(Stream(c, 4, 10).ok());
  EXPECT_EQ(c.Acked(), acked + 5u * kGates * 10);
  EXPECT_EQ(Occupancy(), static_cast<int64_t>(c.Acked()));
}

TEST_F(CrowdIngestTest, BadBatchesAreRejectedNamingTheFieldAndCountNothing) {
  StartService();
  Controller c;
  ASSERT_TRUE(Stream(c, 1, 1).ok());
  int64_t before = Occupancy();
  auto send = [&](const std::function<void(v1::GateEventBatch&)>& spoil) {
    v1::GateEventBatch batch = c.NextBatch(1);
    spoil(batch);
    grpc::ClientContext ctx;
    auto stream = stub_->IngestGateEvents(&ctx);
    stream->Write(batch);
    stream->WritesDone();
    v1::GateEventAck ack;
    while (stream->Read(&ack)) {
    }
    return stream->Finish();
  };
  struct Case {
    const char* field;
    std::function<void(v1::GateEventBatch&)> spoil;
  };
  std::vector<Case> cases = {
      {"events[3].count", [](auto& b) { b.mutable_events(3)->set_count(0); }},
      {"events[2].count", [](auto& b) { b.mutable_events(2)->set_count(-4); }},
      {"events[5].gate_id", [](auto& b) { b.mutable_events(5)->set_gate_id("nowhere"); }},
      {"venue_id", [](auto& b) { b.set_venue_id("river"); }},
      {"events[1].event_time", [](auto& b) { b.mutable_events(1)->mutable_event_time()->set_seconds(Now().seconds() + 86400); }},
      {"events[1].event_time", [](auto& b) { b.mutable_events(1)->mutable_event_time()->set_seconds(Now().seconds() - 3 * 86400); }},
      {"events[0].seq", [](auto& b) { b.mutable_events(0)->set_seq(1'000'000); }},
      // Issue 18 (4, 8): times that would wrap a TimePoint, bad nanos, an absurd count.
      {"events[1].event_time", [](auto& b) { b.mutable_events(1)->mutable_event_time()->set_seconds(1512633015840322041); }},
      {"events[1].event_time", [](auto& b) { b.mutable_events(1)->mutable_event_time()->set_seconds(32503680000); }},
      {"events[1].event_time", [](auto& b) { b.mutable_events(1)->mutable_event_time()->set_nanos(-5); }},
      {"events[4].count", [](auto& b) { b.mutable_events(4)->set_count(2147483647); }},
      {"events", [](auto& b) {
         for (int i = 0; i < 10001; ++i) *b.add_events() = b.events(0);
       }},
  };
  for (const auto& k : cases) {
    auto s = send(k.spoil);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << k.field;
    EXPECT_EQ(s.error_message().rfind(k.field, 0), 0u) << "message does not name " << k.field << ": " << s.error_message();
  }
  EXPECT_EQ(Occupancy(), before) << "a rejected batch was counted";
  // Issue 18: the unknown venue was echoed into the message, CR/LF and all.
  auto hostile = send([](auto& b) { b.set_venue_id("river\r\nlevel=error forged"); });
  EXPECT_EQ(hostile.error_message(), "venue_id: unknown venue");
}

TEST_F(CrowdIngestTest, DensityReportsSitBesideGateCountsAndFlagDrift) {
  StartService();
  auto report = [&](const std::function<void(v1::DensityReport&)>& edit) {
    v1::DensityReport r;
    r.set_venue_id("ocean");
    r.set_camera_id("cam-penguin-1");
    *r.mutable_captured_at() = Now();
    auto* q = r.add_regions();
    q->set_region_id("cam-penguin-1/entrance-queue");
    q->set_count(900);  // 900 on 180 m² = 5 persons/m²: Fruin F
    auto* h = r.add_regions();
    h->set_region_id("cam-penguin-1/viewing-hall");
    h->set_count(420);
    edit(r);
    grpc::ClientContext ctx;
    v1::DensityReportAck ack;
    auto s = stub_->ReportDensity(&ctx, r, &ack);
    return std::make_pair(s, ack);
  };
  auto [ok, ack] = report([](auto&) {});
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  ASSERT_EQ(ack.regions_size(), 2);
  EXPECT_DOUBLE_EQ(ack.regions(0).density(), 5.0);
  EXPECT_EQ(ack.regions(0).level(), v1::FRUIN_F);

  grpc::ClientContext ctx;
  v1::GetOccupancyRequest req;
  req.set_venue_id("ocean");
  req.set_zone_id("penguin");
  v1::VenueOccupancy occ;
  ASSERT_TRUE(stub_->GetOccupancy(&ctx, req, &occ).ok());
  ASSERT_EQ(occ.zones_size(), 1);
  EXPECT_EQ(occ.zones(0).occupancy(), 0);      // no gate counts yet
  EXPECT_GT(occ.zones(0).camera_count(), 1000);  // the cameras see a crowd
  EXPECT_TRUE(occ.zones(0).drift_flagged());

  auto [bad_region, unused1] = report([](auto& r) { r.mutable_regions(1)->set_region_id("cam-plaza-1/turnstile-queue"); });
  EXPECT_EQ(bad_region.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(bad_region.error_message().rfind("regions[1].region_id", 0), 0u) << bad_region.error_message();
  auto [negative, unused2] = report([](auto& r) { r.mutable_regions(0)->set_count(-3); });
  EXPECT_EQ(negative.error_message().rfind("regions[0].count", 0), 0u) << negative.error_message();
  auto [camera, unused3] = report([](auto& r) { r.set_camera_id("cam-nowhere"); });
  EXPECT_EQ(camera.error_message().rfind("camera_id", 0), 0u) << camera.error_message();
}

TEST_F(CrowdIngestTest, HistorySummaryAndAuditedCorrections) {
  StartService();
  Controller c;
  ASSERT_TRUE(Stream(c, 3, 2).ok());  // 3 batches × 24 gates × 2 events × 1 person
  const int64_t entered = 3 * kGates * 2;

  grpc::ClientContext h_ctx;
  v1::GetHistoryRequest h;
  h.set_venue_id("ocean");
  h.set_gate_id("main-t01");
  h.mutable_range()->mutable_start()->set_seconds(Now().seconds() - 3600);
  v1::GetHistoryResponse history;
  ASSERT_TRUE(stub_->GetHistory(&h_ctx, h, &history).ok());
  int64_t gate_in = 0;
  for (const auto& b : history.buckets()) gate_in += b.in();
  EXPECT_EQ(gate_in, 6);

  // Today in Shanghai (UTC+8), as a date.
  std::time_t local = Now().seconds() + 8 * 3600;
  char today[16];
  std::strftime(today, sizeof today, "%Y-%m-%d", std::gmtime(&local));
  grpc::ClientContext s_ctx;
  v1::GetSummaryRequest sreq;
  sreq.set_venue_id("ocean");
  sreq.set_from_date(today);
  sreq.set_to_date(today);
  v1::GetSummaryResponse summary;
  auto ss = stub_->GetSummary(&s_ctx, sreq, &summary);
  ASSERT_TRUE(ss.ok()) << ss.error_message();
  ASSERT_EQ(summary.days_size(), 1);
  EXPECT_EQ(summary.days(0).date(), today);
  EXPECT_EQ(summary.total().visitors_in(), entered);
  EXPECT_EQ(summary.total().peak_occupancy(), entered);
  {
    // Issue 18 (8): a date that does not exist is refused, naming the field.
    grpc::ClientContext bad_ctx;
    v1::GetSummaryRequest bad = sreq;
    bad.set_from_date("2024-02-30");
    bad.set_to_date("2024-03-01");
    v1::GetSummaryResponse ignored;
    auto refused = stub_->GetSummary(&bad_ctx, bad, &ignored);
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_EQ(refused.error_message().rfind("from_date", 0), 0u) << refused.error_message();
  }

  auto correct = [&](v1::Role role, const std::string& reason, int64_t value) {
    grpc::ClientContext ctx;
    v1::CorrectOccupancyRequest req;
    req.set_venue_id("ocean");
    req.set_zone_id("plaza");
    req.set_kind(v1::CORRECTION_MANUAL);
    req.set_new_occupancy(value);
    req.set_reason(reason);
    req.mutable_actor()->set_user_id("desk.wang");
    req.mutable_actor()->set_role(role);
    v1::OccupancyCorrection out;
    auto s = desk_stub_->CorrectOccupancy(&ctx, req, &out);
    return std::make_pair(s, out);
  };
  EXPECT_EQ(correct(v1::ROLE_PATROL, "headcount", 100).first.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(correct(v1::ROLE_DESK, "", 100).first.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(correct(v1::ROLE_DESK, "headcount", -1).first.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Occupancy(), entered) << "a refused correction changed occupancy";
  auto [ok, done] = correct(v1::ROLE_DESK, "headcount at the plaza", 100);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(done.before(), entered);
  EXPECT_EQ(done.after(), 100);
  EXPECT_EQ(Occupancy(), 100);
}

}  // namespace
}  // namespace cs
