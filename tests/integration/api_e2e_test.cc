// mobile-api end to end: the real gateway in front of the real crowd-service, appeal-service and
// case-service on a real Redis, driven as the patrol app and the desk dashboard drive it. Alerts
// reach a patrol officer's event stream in their zone and resume from Last-Event-ID; the desk
// acknowledges; the press office runs an appeal through review (self-approval refused by the
// service, the desk refused by the gateway); bad input changes nothing; every gRPC service
// reports per-method metrics.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <mutex>
#include <opencv2/imgcodecs.hpp>
#include <thread>

#include "common/grpc/time_convert.h"
#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "tests/integration/api_stack.h"

namespace cs {
namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

google::protobuf::Struct Parse(const std::string& json) {
  google::protobuf::Struct s;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &s).ok()) << json;
  return s;
}

std::string Str(const google::protobuf::Struct& s, const std::string& key) {
  auto it = s.fields().find(key);
  return it == s.fields().end() ? "" : it->second.string_value();
}

// Reads an SSE stream in the background, collecting "id"/"data" pairs.
class SseReader {
 public:
  SseReader(int port, const std::string& path, const std::string& token,
            const std::string& last_event_id = "")
      : client_("127.0.0.1", port) {
    thread_ = std::thread([=, this] {
      httplib::Client& client = client_;
      client.set_read_timeout(20, 0);
      httplib::Headers h{{"Authorization", "Bearer " + token}};
      if (!last_event_id.empty()) h.emplace("Last-Event-ID", last_event_id);
      client.Get(path.c_str(), h, [&](const char* data, size_t n) {
        std::lock_guard<std::mutex> lock(mu_);
        buffer_.append(data, n);
        size_t end;
        while ((end = buffer_.find("\n\n")) != std::string::npos) {
          std::string block = buffer_.substr(0, end);
          buffer_.erase(0, end + 2);
          std::pair<std::string, std::string> ev;
          std::istringstream lines(block);
          std::string line;
          while (std::getline(lines, line)) {
            if (line.rfind("id: ", 0) == 0) ev.first = line.substr(4);
            if (line.rfind("data: ", 0) == 0) ev.second = line.substr(6);
          }
          if (!ev.second.empty()) events_.push_back(ev);
        }
        return !stop_;
      });
    });
  }
  ~SseReader() {
    stop_ = true;
    client_.stop();  // closes the socket: no wait for the next keep-alive
    thread_.join();
  }
  // Waits until at least `n` events arrived (or `timeout`).
  std::vector<std::pair<std::string, std::string>> WaitFor(size_t n, std::chrono::seconds timeout) {
    auto end = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < end) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (events_.size() >= n) return events_;
      }
      std::this_thread::sleep_for(50ms);
    }
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }

 private:
  httplib::Client client_;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  std::mutex mu_;
  std::string buffer_;
  std::vector<std::pair<std::string, std::string>> events_;
};

class ApiE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = stack_.Start();
    ASSERT_TRUE(s.ok()) << s;
    client_ = stack_.Client();
    for (const char* u : {"desk1", "patrol1", "patrol2", "press1", "press2", "admin1"}) {
      tokens_[u] = stack_.Login(u);
      ASSERT_EQ(tokens_[u].size(), 64u) << u;
    }
    crowd_ = v1::CrowdService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(stack_.crowd_port()), grpc::InsecureChannelCredentials()));
  }

  httplib::Result Call(const std::string& method, const std::string& path, const std::string& user,
                       const std::string& body = "") {
    httplib::Headers h{{"Authorization", "Bearer " + tokens_[user]}};
    if (method == "GET") return client_->Get(path.c_str(), h);
    if (method == "PUT") return client_->Put(path.c_str(), h, body, "application/json");
    return client_->Post(path.c_str(), h, body, "application/json");
  }

  void ReportDensity(double count) {
    v1::DensityReport r;
    r.set_venue_id("ocean");
    r.set_camera_id("cam-penguin-1");
    *r.mutable_captured_at() = ProtoNow();
    auto* q = r.add_regions();
    q->set_region_id("cam-penguin-1/entrance-queue");  // 180 m²
    q->set_count(count);
    grpc::ClientContext ctx;
    v1::DensityReportAck ack;
    ASSERT_TRUE(crowd_->ReportDensity(&ctx, r, &ack).ok());
  }

  testing::ApiStack stack_;
  std::unique_ptr<httplib::Client> client_;
  std::map<std::string, std::string> tokens_;
  std::unique_ptr<v1::CrowdService::Stub> crowd_;
};

TEST_F(ApiE2eTest, AlertsStreamToZonePatrolsResumeAndTheDeskAcknowledges) {
  // patrol1 works penguin and plaza; patrol2 whaleshark and theatre.
  SseReader penguin(stack_.api_port(), "/v1/alerts/stream", tokens_["patrol1"]);
  SseReader elsewhere(stack_.api_port(), "/v1/alerts/stream", tokens_["patrol2"]);
  std::this_thread::sleep_for(300ms);
  auto start = std::chrono::steady_clock::now();
  std::vector<std::pair<std::string, std::string>> events;
  while (events.size() < 2 && std::chrono::steady_clock::now() - start < 10s) {
    ReportDensity(1080);  // 6 persons/m²: warning and critical after 1 s
    events = penguin.WaitFor(2, 0s);
    std::this_thread::sleep_for(100ms);
  }
  ASSERT_EQ(events.size(), 2u);
  EXPECT_FALSE(events[0].first.empty());
  auto first = Parse(events[0].second);
  const auto& alert = first.fields().at("alert").struct_value();
  EXPECT_EQ(Str(alert, "zoneId"), "penguin");
  EXPECT_EQ(Str(alert, "state"), "ALERT_RAISED");
  EXPECT_TRUE(elsewhere.WaitFor(1, 1s).empty()) << "an officer in other zones hears nothing";

  // Listed for the dashboard.
  auto list = Call("GET", "/v1/alerts", "desk1");
  ASSERT_TRUE(list);
  ASSERT_EQ(list->status, 200) << list->body;
  EXPECT_EQ(Parse(list->body).fields().at("alerts").list_value().values_size(), 2);

  // The patrol may not acknowledge (gateway), the desk may.
  std::string id = Str(alert, "alertId");
  auto refused = Call("POST", "/v1/alerts/" + id + "/acknowledge", "patrol1", R"({"note":"x"})");
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 403);
  auto acked = Call("POST", "/v1/alerts/" + id + "/acknowledge", "desk1", R"({"note":"on it"})");
  ASSERT_TRUE(acked);
  ASSERT_EQ(acked->status, 200) << acked->body;
  EXPECT_EQ(Str(Parse(acked->body), "state"), "ALERT_ACKNOWLEDGED");
  EXPECT_EQ(Str(Parse(acked->body), "acknowledgedBy"), "desk1");  // from the token

  // Resuming after the last event seen gives exactly the acknowledgement.
  SseReader resumed(stack_.api_port(), "/v1/alerts/stream", tokens_["patrol1"], events[1].first);
  auto next = resumed.WaitFor(1, 10s);
  ASSERT_GE(next.size(), 1u);
  auto ack_event = Parse(next[0].second).fields().at("alert").struct_value();
  EXPECT_EQ(Str(ack_event, "alertId"), id);
  EXPECT_EQ(Str(ack_event, "state"), "ALERT_ACKNOWLEDGED");
  // Resuming through the query parameter works the same way.
  SseReader by_query(stack_.api_port(), "/v1/alerts/stream?last_event_id=" + events[0].first,
                     tokens_["desk1"]);
  auto replay = by_query.WaitFor(2, 10s);
  ASSERT_EQ(replay.size(), 2u);
  EXPECT_EQ(replay[0].first, events[1].first);
  EXPECT_EQ(replay[1].first, next[0].first);

  // The gateway counts its SSE clients and routes; crowd-service counts its gRPC methods.
  auto metrics = Call("GET", "/metrics", "admin1");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find("cs_http_sse_clients "), std::string::npos) << metrics->body;
  EXPECT_NE(
      metrics->body.find("route=\"POST /v1/alerts/{alert_id}/acknowledge\",status=\"403\"} 1"),
      std::string::npos);
  httplib::Client grpc_metrics("127.0.0.1", stack_.crowd_metrics_port());
  auto g = grpc_metrics.Get("/metrics");
  ASSERT_TRUE(g);
  EXPECT_NE(g->body.find("cs_grpc_requests_total{route=\"/crowdsafe.v1.CrowdService/"
                         "AcknowledgeAlert\",status=\"OK\"} 1"),
            std::string::npos)
      << g->body;
  EXPECT_NE(g->body.find("/crowdsafe.v1.CrowdService/ReportDensity"), std::string::npos);
}

TEST_F(ApiE2eTest, OccupancyVenueAndRoles) {
  auto venue = Call("GET", "/v1/venue", "patrol1");
  ASSERT_TRUE(venue);
  ASSERT_EQ(venue->status, 200);
  EXPECT_EQ(Parse(venue->body).fields().at("zones").list_value().values_size(), 7);
  for (const char* user : {"patrol1", "desk1", "press1", "admin1"}) {
    auto occ = Call("GET", "/v1/occupancy", user);
    ASSERT_TRUE(occ);
    EXPECT_EQ(occ->status, 200) << user << occ->body;
    EXPECT_EQ(Str(Parse(occ->body), "venueId"), "ocean");
  }
  auto zone = Call("GET", "/v1/occupancy?zone=penguin", "desk1");
  ASSERT_TRUE(zone);
  EXPECT_EQ(Parse(zone->body).fields().at("zones").list_value().values_size(), 1);
  auto bad_zone = Call("GET", "/v1/occupancy?zone=atlantis", "desk1");
  ASSERT_TRUE(bad_zone);
  EXPECT_EQ(bad_zone->status, 400) << bad_zone->body;
  auto history = Call("GET", "/v1/occupancy/history?zone=penguin&minutes=30", "desk1");
  ASSERT_TRUE(history);
  EXPECT_EQ(history->status, 200) << history->body;
  auto summary = Call("GET", "/v1/summary", "desk1");
  ASSERT_TRUE(summary);
  EXPECT_EQ(summary->status, 200) << summary->body;
  auto heat = Call("GET", "/v1/cameras/cam-penguin-1/heatmap.png", "desk1");
  ASSERT_TRUE(heat);
  EXPECT_EQ(heat->status, 404);  // no vision-worker in this stack
  auto health = client_->Get("/v1/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200) << health->body;
}

TEST_F(ApiE2eTest, AppealReviewThroughTheGatewayAndBadInputChangesNothing) {
  const std::string draft = R"({
    "kind": "APPEAL_FOUND_CHILD", "requestId": "case-42/found",
    "snapshot": {"caseId": "case-42", "venueId": "ocean", "venueNameZh": "海洋公园",
      "venueNameEn": "Ocean Park", "zoneNameZh": "企鹅馆", "zoneNameEn": "Penguin Pavilion",
      "at": "2026-02-17T06:40:00Z", "sex": "male", "ageMin": 4, "ageMax": 6, "heightCm": 105,
      "top": "红色外套", "shoes": "蓝色运动鞋", "heldAt": "走失儿童中心"}})";
  // Bad drafts first: none of them may create anything.
  for (const std::string& bad :
       {std::string("{\"kind\":"), std::string(R"({"kind":"APPEAL_FOUND_CHILD","bogus":1})"),
        std::string(R"({"kind":7.5})"),
        std::string(R"({"kind":"APPEAL_FOUND_CHILD","snapshot":[]})"),
        std::string(R"({"actor":{"userId":"press2","role":"ROLE_PRESS"}})")}) {
    auto res = Call("POST", "/v1/appeals", "press1", bad);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad << " → " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
  }
  auto desk_try = Call("POST", "/v1/appeals", "desk1", draft);
  ASSERT_TRUE(desk_try);
  EXPECT_EQ(desk_try->status, 403);
  auto empty = Call("GET", "/v1/appeals", "press1");
  ASSERT_TRUE(empty);
  ASSERT_EQ(empty->status, 200) << empty->body;
  EXPECT_EQ(Parse(empty->body).fields().count("appeals"), 0u) << empty->body;

  auto drafted = Call("POST", "/v1/appeals", "press1", draft);
  ASSERT_TRUE(drafted);
  ASSERT_NE(drafted->status, 501) << "appeal-service answered 501: the drafter did not start";
  ASSERT_EQ(drafted->status, 200) << drafted->body;
  auto appeal = Parse(drafted->body);
  std::string id = Str(appeal, "appealId");
  EXPECT_EQ(Str(appeal, "author"), "press1");
  EXPECT_EQ(Str(appeal, "state"), "APPEAL_DRAFT");
  auto submit = Call("POST", "/v1/appeals/" + id + "/submit", "press1", "{}");
  ASSERT_TRUE(submit);
  ASSERT_EQ(submit->status, 200) << submit->body;
  auto self = Call("POST", "/v1/appeals/" + id + "/approve", "press1", "{}");
  ASSERT_TRUE(self);
  EXPECT_EQ(self->status, 403) << self->body;  // the service refuses the author
  auto approve = Call("POST", "/v1/appeals/" + id + "/approve", "press2", "{}");
  ASSERT_TRUE(approve);
  ASSERT_EQ(approve->status, 200) << approve->body;
  auto bad_url =
      Call("POST", "/v1/appeals/" + id + "/publish", "press2", R"({"postUrl":"ftp://x"})");
  ASSERT_TRUE(bad_url);
  EXPECT_EQ(bad_url->status, 400) << bad_url->body;
  auto publish = Call("POST", "/v1/appeals/" + id + "/publish", "press2",
                      R"({"postUrl":"https://weibo.com/5123456789/PqRsTuVwX"})");
  ASSERT_TRUE(publish);
  ASSERT_EQ(publish->status, 200) << publish->body;
  auto again = Call("POST", "/v1/appeals/" + id + "/publish", "press2",
                    R"({"postUrl":"https://weibo.com/5123456789/PqRsTuVwX"})");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 409) << again->body;
  auto cap = Call("GET", "/v1/appeals/" + id + "/cap", "press1");
  ASSERT_TRUE(cap);
  EXPECT_EQ(cap->status, 200);
  EXPECT_NE(cap->body.find("urn:oasis:names:tc:emergency:cap:1.2"), std::string::npos);
  auto audit = Call("GET", "/v1/appeals/" + id + "/audit", "press1");
  ASSERT_TRUE(audit);
  EXPECT_EQ(Parse(audit->body).fields().at("entries").list_value().values_size(), 4) << audit->body;

  // Inbox and answers.
  auto msg = Call(
      "POST", "/v1/inbox", "press1",
      R"({"channel":"weibo_dm","text":"我在鲸鲨馆看到一个小男孩在哭","senderHandle":"@kind"})");
  ASSERT_TRUE(msg);
  ASSERT_EQ(msg->status, 200) << msg->body;
  auto inbox = Call("GET", "/v1/inbox", "desk1");
  ASSERT_TRUE(inbox);
  EXPECT_EQ(inbox->status, 200) << inbox->body;
  auto answer = Call(
      "POST", "/v1/answers", "press2",
      R"({"entry":{"question":"孩子走失了怎么办？","answer":"请联系工作人员。","keywords":["走失"]}})");
  ASSERT_TRUE(answer);
  ASSERT_EQ(answer->status, 200) << answer->body;
  auto search = Call("GET", "/v1/answers?q=%E8%B5%B0%E5%A4%B1", "press1");
  ASSERT_TRUE(search);
  EXPECT_EQ(search->status, 200);
  EXPECT_NE(search->body.find("请联系工作人员"), std::string::npos) << search->body;
}

// The lost-child routes on the real case-service: a patrol files a found report with a photo
// (multipart), the desk files a missing report (JSON); the restricted part reaches the desk only
// with a reason and that read is audited; photos are served; the case stream reaches the patrol
// of the zone and resumes; bad reports change nothing.
TEST_F(ApiE2eTest, LostChildRoutesOnTheRealCaseService) {
  // Patrol 1 listens before anything is filed.
  SseReader stream(stack_.api_port(), "/v1/cases/stream", tokens_["patrol1"]);
  std::this_thread::sleep_for(300ms);
  cv::Mat img(64, 48, CV_8UC3, cv::Scalar(30, 60, 200));
  std::vector<uchar> png;
  ASSERT_TRUE(cv::imencode(".png", img, png));
  const std::string found_at = google::protobuf::util::TimeUtil::ToString(ProtoNow());
  const std::string report = R"({"report":{"foundZoneId":"penguin","foundAt":")" + found_at +
                             R"(","heldAt":"走失儿童中心","child":{"sex":"SEX_MALE","ageMin":4,
    "ageMax":6,"heightCm":105,"clothing":{"top":{"description":"红色外套","colours":["红"]}}},
    "restricted":{"childName":"小明"}}})";
  httplib::Headers h{{"Authorization", "Bearer " + tokens_["patrol1"]}};

  // Bad reports first: nothing may be stored.
  for (const std::string& bad :
       {std::string(R"({"report":{"foundZoneId":"penguin","shoeSize":3}})"),
        std::string(R"({"report":{"foundZoneId":"penguin"},"photos":[{"data":"aGVsbG8="}]})"),
        std::string(R"({"report":{"foundZoneId":"penguin","child":{"ageMin":"four"}}})"),
        std::string("{\"report\":")}) {
    auto res = Call("POST", "/v1/reports/found", "patrol1", bad);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad << " → " << res->body;
  }
  auto none = Call("GET", "/v1/cases", "desk1");
  ASSERT_TRUE(none);
  ASSERT_EQ(none->status, 200) << none->body;
  EXPECT_EQ(Parse(none->body).fields().count("cases"), 0u) << none->body;

  httplib::MultipartFormDataItems items = {
      {"report", report, "", "application/json"},
      {"photo", std::string(png.begin(), png.end()), "child.png", "image/png"}};
  auto filed = client_->Post("/v1/reports/found", h, items);
  ASSERT_TRUE(filed);
  ASSERT_EQ(filed->status, 200) << filed->body;
  auto found = Parse(filed->body);
  const std::string found_id = Str(found, "caseId");
  EXPECT_EQ(Str(found, "createdBy"), "patrol1");  // from the token

  // The photo comes back as an image, to the case workers only.
  auto photo = Call("GET", "/v1/cases/" + found_id + "/photos/photo-0", "patrol1");
  ASSERT_TRUE(photo);
  ASSERT_EQ(photo->status, 200) << photo->body;
  EXPECT_EQ(photo->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(photo->get_header_value("Cache-Control"), "no-store, private");
  cv::Mat decoded = cv::imdecode(std::vector<uchar>(photo->body.begin(), photo->body.end()),
                                 cv::IMREAD_COLOR);
  EXPECT_EQ(decoded.cols, 48);
  EXPECT_EQ(Call("GET", "/v1/cases/" + found_id + "/photos/photo-9", "desk1")->status, 404);
  EXPECT_EQ(Call("GET", "/v1/cases/" + found_id + "/photos/photo-0", "press1")->status, 403);

  // The desk takes a guardian's missing report (JSON).
  const std::string missing = R"({"report":{"lastSeenZoneId":"penguin","lastSeenAt":")" +
                              found_at + R"(","child":{"sex":"SEX_MALE","ageMin":5,"ageMax":5,
    "heightCm":108,"clothing":{"top":{"description":"红色外套","colours":["红"]}}},
    "restricted":{"childName":"王小明","guardianName":"王女士","guardianPhone":"13800000000"}}})";
  auto filed_missing = Call("POST", "/v1/reports/missing", "desk1", missing);
  ASSERT_TRUE(filed_missing);
  ASSERT_EQ(filed_missing->status, 200) << filed_missing->body;
  const std::string missing_id = Str(Parse(filed_missing->body), "caseId");

  // Restricted: never to the patrol, to the desk only with a reason, and that read is audited.
  auto as_patrol = Call("GET", "/v1/cases/" + missing_id + "?reason=curious", "patrol1");
  ASSERT_TRUE(as_patrol);
  ASSERT_EQ(as_patrol->status, 200) << as_patrol->body;
  EXPECT_EQ(as_patrol->body.find("13800000000"), std::string::npos);
  auto no_reason = Call("GET", "/v1/cases/" + missing_id, "desk1");
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->body.find("13800000000"), std::string::npos) << no_reason->body;
  auto as_desk = Call("GET", "/v1/cases/" + missing_id + "?reason=guardian%20at%20desk", "desk1");
  ASSERT_TRUE(as_desk);
  ASSERT_EQ(as_desk->status, 200) << as_desk->body;
  EXPECT_NE(as_desk->body.find("13800000000"), std::string::npos) << as_desk->body;
  auto audit = Call("GET", "/v1/cases/" + missing_id + "/audit", "desk1");
  ASSERT_TRUE(audit);
  ASSERT_EQ(audit->status, 200) << audit->body;
  EXPECT_NE(audit->body.find("guardian at desk"), std::string::npos) << audit->body;
  EXPECT_EQ(Call("GET", "/v1/cases/" + missing_id, "press1")->status, 403);
  EXPECT_EQ(Call("GET", "/v1/cases/" + missing_id, "admin1")->status, 403);

  // Candidates, the board, PFIF; a patrol may not change a case's state.
  auto candidates = Call("GET", "/v1/cases/" + found_id + "/candidates", "patrol1");
  ASSERT_TRUE(candidates);
  EXPECT_EQ(candidates->status, 200) << candidates->body;
  EXPECT_NE(candidates->body.find(missing_id), std::string::npos) << candidates->body;
  auto board = Call("GET", "/v1/cases?kind=found", "desk1");
  ASSERT_TRUE(board);
  EXPECT_EQ(Parse(board->body).fields().at("cases").list_value().values_size(), 1) << board->body;
  auto pfif = Call("GET", "/v1/cases/" + missing_id + "/pfif", "desk1");
  ASSERT_TRUE(pfif);
  EXPECT_EQ(pfif->status, 200) << pfif->body;
  EXPECT_NE(pfif->body.find("pfif"), std::string::npos);
  EXPECT_EQ(pfif->body.find("13800000000"), std::string::npos);
  EXPECT_EQ(Call("POST", "/v1/cases/" + found_id + "/transition", "patrol1",
                 R"({"to":"CASE_CANCELLED","reason":"x"})")->status,
            403);

  // The patrol of the penguin zone heard of both cases; resuming after the first event gives
  // the rest and nothing twice.
  auto events = stream.WaitFor(2, 10s);
  ASSERT_GE(events.size(), 2u);
  EXPECT_NE(events[0].second.find(found_id), std::string::npos) << events[0].second;
  EXPECT_EQ(events[0].second.find("小明"), std::string::npos) << "no restricted data on the stream";
  SseReader resumed(stack_.api_port(), "/v1/cases/stream", tokens_["patrol1"], events[0].first);
  auto rest = resumed.WaitFor(events.size() - 1, 10s);
  ASSERT_GE(rest.size(), events.size() - 1);
  EXPECT_EQ(rest[0].first, events[1].first);
}

}  // namespace
}  // namespace cs
