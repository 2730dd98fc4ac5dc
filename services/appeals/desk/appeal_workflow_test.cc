#include "services/appeals/desk/appeal_workflow.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "gtest/gtest.h"
#include "services/appeals/desk/sha256.h"

namespace cs::appeals {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

AppealTexts Texts(const std::string& headline) {
  AppealTexts t;
  t.zh_hans = {headline, headline + "。请拨打官方热线。"};
  t.zh_hant = {"【尋找走失兒童家長】", "請撥打官方熱線。"};
  t.en = {"Looking for the parents of a lost boy", "Call the official hotline."};
  return t;
}

class WorkflowTest : public ::testing::Test {
 protected:
  WorkflowTest() : clock_(FromMillis(1'770'000'000'000)), wf_(&store_, &clock_) {}

  Appeal MakeInReview(const std::string& id = "a1") {
    NewAppeal n{
        id, "case-7", AppealKind::kFoundChild, Texts("【寻找走失儿童家长】企鹅馆"), {{"photo-1"}}, {}, {}};
    EXPECT_TRUE(wf_.CreateDraft(n, drafter_).ok());
    auto a = wf_.Submit(id, drafter_);
    EXPECT_TRUE(a.ok()) << a.status();
    return *a;
  }
  Appeal MakePublished(const std::string& id = "a1") {
    MakeInReview(id);
    EXPECT_TRUE(wf_.Approve(id, press_).ok());
    auto a = wf_.MarkPosted(id, press_, "https://weibo.com/1234567/Nabc123");
    EXPECT_TRUE(a.ok()) << a.status();
    return *a;
  }

  InMemoryAppealStore store_;
  ManualClock clock_;
  AppealWorkflow wf_;
  Actor drafter_{"system:drafter", Role::kSystem};
  Actor press_{"officer-li", Role::kPressOfficer};
  Actor press2_{"officer-wang", Role::kPressOfficer};
};

TEST_F(WorkflowTest, HappyPathIsAuditedWithVersionHash) {
  MakeInReview();
  auto approved = wf_.Approve("a1", press_);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->state, AppealState::kApproved);
  EXPECT_EQ(approved->approved_by, "officer-li");
  clock_.Advance(minutes(3));
  auto published = wf_.MarkPosted("a1", press_, "https://m.weibo.cn/detail/4900000000000001");
  ASSERT_TRUE(published.ok()) << published.status();
  EXPECT_EQ(published->state, AppealState::kPublished);

  const auto& audit = published->audit;
  ASSERT_EQ(audit.size(), 4u);  // create, submit, approve, publish
  EXPECT_EQ(audit[2].action, "approve");
  EXPECT_EQ(audit[2].from, AppealState::kInReview);
  EXPECT_EQ(audit[2].to, AppealState::kApproved);
  EXPECT_EQ(audit[2].actor_id, "officer-li");
  EXPECT_EQ(audit[2].role, Role::kPressOfficer);
  EXPECT_EQ(audit[3].at - audit[2].at, minutes(3));
  EXPECT_EQ(audit[3].version, 1);
  EXPECT_EQ(audit[3].version_sha256, Sha256Hex(CanonicalText(published->current().texts)));
  EXPECT_EQ(audit[3].version_sha256.size(), 64u);
}

TEST_F(WorkflowTest, AuthorMayNeverApprove) {
  NewAppeal n{"a2", "case-7", AppealKind::kMissingChild, Texts("寻人启事"), {}, {}, {}};
  ASSERT_TRUE(wf_.CreateDraft(n, press_).ok());
  ASSERT_TRUE(wf_.Submit("a2", press_).ok());
  auto self = wf_.Approve("a2", press_);
  EXPECT_EQ(self.status().code(), absl::StatusCode::kPermissionDenied);
  // An officer who edited the version under review is an author of it too.
  ASSERT_TRUE(wf_.Edit("a2", Texts("寻人启事（更新）"), press2_).ok());
  EXPECT_EQ(wf_.Approve("a2", press2_).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(wf_.Get("a2")->state, AppealState::kInReview);
}

TEST_F(WorkflowTest, WhoeverSubmitsATimerDraftMayNotApproveIt) {
  NewAppeal n{"a3", "case-7", AppealKind::kFoundChild, Texts("【寻找走失儿童家长】"), {}, {}, {}};
  ASSERT_TRUE(wf_.CreateDraft(n, drafter_).ok());  // drafted by case-service's timer
  ASSERT_TRUE(wf_.Submit("a3", press_).ok());
  EXPECT_EQ(wf_.Approve("a3", press_).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(wf_.Get("a3")->state, AppealState::kInReview);
  auto approved = wf_.Approve("a3", press2_);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_EQ(approved->approved_by, "officer-wang");
}

// Issue 14: an English draft with phrases the drafter could not translate may not go to review
// until a person has edited the English.
TEST_F(WorkflowTest, UntranslatedEnglishBlocksSubmissionUntilEdited) {
  NewAppeal n{"a9", "case-7", AppealKind::kFoundChild, Texts("【寻找走失儿童家长】"),
              {},   {},       {"胸前印有小鲸鱼"}};
  ASSERT_TRUE(wf_.CreateDraft(n, drafter_).ok());
  EXPECT_EQ(wf_.Submit("a9", press_).status().code(), absl::StatusCode::kFailedPrecondition);
  AppealTexts edited = n.texts;
  edited.zh_hans.headline += "。";  // a Chinese edit alone does not translate anything
  auto a = wf_.Edit("a9", edited, press_);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->needs_translation.size(), 1u);
  edited.en.long_text += " A small whale is printed on the front.";
  a = wf_.Edit("a9", edited, press_);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_TRUE(a->needs_translation.empty());
  EXPECT_TRUE(wf_.Submit("a9", press_).ok());
}

TEST_F(WorkflowTest, OnlyPressOfficersApprove) {
  MakeInReview();
  Actor other{"drafter-zhao", Role::kDrafter};
  EXPECT_EQ(wf_.Approve("a1", other).status().code(), absl::StatusCode::kPermissionDenied);
}

TEST_F(WorkflowTest, IllegalTransitionsAreFailedPrecondition) {
  NewAppeal n{"a3", "c", AppealKind::kMissingChild, Texts("寻人启事"), {}, {}, {}};
  ASSERT_TRUE(wf_.CreateDraft(n, drafter_).ok());
  EXPECT_EQ(wf_.Approve("a3", press_).status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(wf_.MarkPosted("a3", press_, "https://weibo.com/1/x").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(wf_.Retract("a3", press_, "wrong").status().code(),
            absl::StatusCode::kFailedPrecondition);
  MakePublished("a4");
  EXPECT_EQ(wf_.Edit("a4", Texts("改"), press_).status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(wf_.Reject("a4", press_, "too late").status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(WorkflowTest, RejectNeedsReasonAndIsFinal) {
  MakeInReview();
  EXPECT_EQ(wf_.Reject("a1", press_, "  ").status().code(), absl::StatusCode::kInvalidArgument);
  auto r = wf_.Reject("a1", press_, "wrong pavilion");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state, AppealState::kRejected);
  EXPECT_EQ(r->audit.back().reason, "wrong pavilion");
  EXPECT_EQ(wf_.Submit("a1", drafter_).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(WorkflowTest, IdleDraftsExpireAfterConfiguredTime) {
  AppealWorkflow wf(&store_, &clock_, WorkflowConfig{hours(2)});
  ASSERT_TRUE(
      wf.CreateDraft({"old", "c", AppealKind::kMissingChild, Texts("寻人"), {}, {}, {}}, drafter_).ok());
  clock_.Advance(minutes(90));
  ASSERT_TRUE(
      wf.CreateDraft({"new", "c", AppealKind::kMissingChild, Texts("寻人"), {}, {}, {}}, drafter_).ok());
  EXPECT_EQ(*wf.ExpireStale(), 0);
  clock_.Advance(minutes(31));
  EXPECT_EQ(*wf.ExpireStale(), 1);
  EXPECT_EQ(wf.Get("old")->state, AppealState::kExpired);
  EXPECT_EQ(wf.Get("new")->state, AppealState::kDraft);
  EXPECT_EQ(wf.Get("old")->audit.back().actor_id, "system:expiry");
}

TEST_F(WorkflowTest, EditCreatesVersionAndAfterApprovalGoesBackToReview) {
  MakeInReview();
  ASSERT_TRUE(wf_.Approve("a1", press_).ok());
  auto edited = wf_.Edit("a1", Texts("【寻找走失儿童家长】鲸鲨馆"), press2_, 1);
  ASSERT_TRUE(edited.ok()) << edited.status();
  EXPECT_EQ(edited->versions.size(), 2u);
  EXPECT_EQ(edited->state, AppealState::kInReview);
  EXPECT_TRUE(edited->approved_by.empty());
  EXPECT_NE(edited->versions[0].sha256_hex, edited->versions[1].sha256_hex);
  EXPECT_EQ(edited->audit.back().from, AppealState::kApproved);
  EXPECT_EQ(edited->audit.back().version, 2);
  // A stale editor (still on version 1) is refused rather than overwriting version 2.
  EXPECT_EQ(wf_.Edit("a1", Texts("x"), press_, 1).status().code(), absl::StatusCode::kAborted);
}

TEST_F(WorkflowTest, CompareVersionsGivesFieldDiffs) {
  MakeInReview();
  ASSERT_TRUE(wf_.Edit("a1", Texts("【寻找走失儿童家长】鲸鲨馆"), press_).ok());
  auto diff = wf_.Compare("a1", 1, 2);
  ASSERT_TRUE(diff.ok());
  ASSERT_EQ(diff->fields.size(), 2u);  // zh-Hans headline and long changed
  EXPECT_EQ(diff->fields[0].field, "zh-Hans.headline");
  EXPECT_EQ(ApplySide(diff->fields[0].chars, false), "【寻找走失儿童家长】企鹅馆");
  EXPECT_EQ(ApplySide(diff->fields[0].chars, true), "【寻找走失儿童家长】鲸鲨馆");
  EXPECT_EQ(wf_.Compare("a1", 1, 3).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(WorkflowTest, OutboxThenMarkPostedValidatesUrl) {
  MakeInReview();
  ASSERT_TRUE(wf_.Approve("a1", press_).ok());
  OutboxPublisher outbox;
  auto queued = wf_.Publish("a1", press_, outbox);
  ASSERT_TRUE(queued.ok()) << queued.status();
  EXPECT_EQ(queued->state, AppealState::kApproved);
  ASSERT_EQ(wf_.Outbox().size(), 1u);
  for (const char* bad : {"http://weibo.com/1/abc", "https://weibo.com.evil.cn/1/abc",
                          "https://evilweibo.com/1/abc", "https://user@weibo.com/1/abc",
                          "https://weibo.com", "https://weibo.com:8443/1/abc", "weibo.com/1"}) {
    auto r = wf_.MarkPosted("a1", press_, bad);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(r.status().message().find("post_url"), std::string::npos);
  }
  auto done = wf_.MarkPosted("a1", press2_, "https://weibo.com/7654321/NzXyZ12");
  ASSERT_TRUE(done.ok()) << done.status();
  EXPECT_EQ(done->publication.post_url, "https://weibo.com/7654321/NzXyZ12");
  EXPECT_EQ(done->publication.published_version, 1);
  EXPECT_TRUE(wf_.Outbox().empty());
}

TEST_F(WorkflowTest, FollowUpPublishedMarksOriginalUpdated) {
  MakePublished("orig");
  NewAppeal f{"found", "", AppealKind::kFollowUp, Texts("已找到，感谢转发，请删除转发"), {}, {}, {}};
  auto follow = wf_.CreateFollowUp("orig", f, drafter_);
  ASSERT_TRUE(follow.ok()) << follow.status();
  EXPECT_EQ(follow->kind, AppealKind::kFollowUp);
  EXPECT_EQ(follow->follows_up, "orig");
  EXPECT_EQ(follow->case_id, "case-7");
  EXPECT_EQ(wf_.Get("orig")->follow_ups, std::vector<std::string>{"found"});
  ASSERT_TRUE(wf_.Submit("found", drafter_).ok());
  ASSERT_TRUE(wf_.Approve("found", press_).ok());
  ASSERT_TRUE(wf_.MarkPosted("found", press_, "https://weibo.com/1/found").ok());
  auto orig = wf_.Get("orig");
  EXPECT_EQ(orig->state, AppealState::kUpdated);
  EXPECT_EQ(orig->audit.back().action, "update");
  // The original can then be retracted (请删除转发), with reason and actor on record.
  auto r = wf_.Retract("orig", press2_, "child found, original withdrawn");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->state, AppealState::kRetracted);
  EXPECT_EQ(r->terminal_reason, "child found, original withdrawn");
  EXPECT_EQ(r->audit.back().actor_id, "officer-wang");
}

TEST_F(WorkflowTest, FollowUpNeedsPublishedOriginal) {
  MakeInReview("draft-orig");
  NewAppeal f{"f", "", AppealKind::kFollowUp, Texts("已找到"), {}, {}, {}};
  EXPECT_EQ(wf_.CreateFollowUp("draft-orig", f, drafter_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

// Issue 14: lifting the blur of one photo is asked for with a reason, audited, and becomes what
// is published only once a second press officer approves the appeal.
TEST_F(WorkflowTest, LiftingFaceBlurNeedsASecondPressOfficersApproval) {
  MakeInReview();
  ASSERT_TRUE(wf_.Approve("a1", press_).ok());
  EXPECT_TRUE(wf_.Get("a1")->photos[0].face_blurred);
  EXPECT_EQ(wf_.SetFaceBlur("a1", "photo-1", false, drafter_, "x").status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(wf_.SetFaceBlur("a1", "photo-1", false, press_, "").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(wf_.SetFaceBlur("a1", "nope", false, press_, "r").status().code(),
            absl::StatusCode::kNotFound);
  auto asked = wf_.SetFaceBlur("a1", "photo-1", false, press_, "guardian consented in writing");
  ASSERT_TRUE(asked.ok()) << asked.status();
  // Asked, not done: still blurred, back in review, audited with the reason.
  EXPECT_TRUE(asked->photos[0].face_blurred);
  EXPECT_TRUE(asked->photos[0].lift_pending());
  EXPECT_EQ(asked->state, AppealState::kInReview);
  EXPECT_EQ(asked->audit.back().action, "request_unblur:photo-1");
  EXPECT_EQ(asked->audit.back().actor_id, press_.id);
  EXPECT_EQ(asked->audit.back().reason, "guardian consented in writing");
  // The officer who asked cannot approve it; another one can, and then the lift takes effect.
  EXPECT_EQ(wf_.Approve("a1", press_).status().code(), absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(wf_.Get("a1")->photos[0].face_blurred);
  auto approved = wf_.Approve("a1", press2_);
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_FALSE(approved->photos[0].face_blurred);
  EXPECT_FALSE(approved->photos[0].lift_pending());
  EXPECT_EQ(approved->audit.back().action, "unblur_face:photo-1");
  EXPECT_EQ(approved->audit.back().actor_id, press2_.id);
  EXPECT_EQ(approved->audit.back().reason, "guardian consented in writing");
  // Restoring the blur is immediate, audited, and sends the approved appeal back to review.
  auto restored = wf_.SetFaceBlur("a1", "photo-1", true, press2_, "consent withdrawn");
  ASSERT_TRUE(restored.ok()) << restored.status();
  EXPECT_TRUE(restored->photos[0].face_blurred);
  EXPECT_EQ(restored->state, AppealState::kInReview);
  EXPECT_EQ(restored->audit.back().action, "blur_face:photo-1");
}

TEST_F(WorkflowTest, APendingLiftCanBeWithdrawnAndNeverTakesEffect) {
  MakeInReview();
  ASSERT_TRUE(wf_.SetFaceBlur("a1", "photo-1", false, press_, "family asked").ok());
  ASSERT_TRUE(wf_.SetFaceBlur("a1", "photo-1", true, press_, "asked the wrong photo").ok());
  auto approved = wf_.Approve("a1", press_);  // no pending lift of theirs any more
  ASSERT_TRUE(approved.ok()) << approved.status();
  EXPECT_TRUE(approved->photos[0].face_blurred);
}

TEST_F(WorkflowTest, BadInputNamesFieldAndChangesNothing) {
  NewAppeal n{"", "c", AppealKind::kMissingChild, Texts("寻人"), {}, {}, {}};
  auto r = wf_.CreateDraft(n, drafter_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("appeal.id"), std::string::npos);
  n.id = "big";
  n.texts.en.long_text = std::string(20000, 'x');
  r = wf_.CreateDraft(n, drafter_);
  EXPECT_NE(r.status().message().find("texts.en.long_text"), std::string::npos);
  EXPECT_EQ(wf_.Get("big").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(wf_.Approve("missing", press_).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(WorkflowTest, ConcurrentWriteIsAborted) {
  MakeInReview();
  auto stale = store_.Get("a1");
  ASSERT_TRUE(wf_.Approve("a1", press_).ok());
  stale->state = AppealState::kRejected;
  EXPECT_EQ(store_.Update(*stale).code(), absl::StatusCode::kAborted);
  EXPECT_EQ(wf_.Get("a1")->state, AppealState::kApproved);
}

// Stands in for an API publisher: records what it was given and "posts" it.
class RecordingPublisher final : public Publisher {
 public:
  absl::StatusOr<PublishResult> Publish(const PublishRequest& request) override {
    requests.push_back(request);
    return PublishResult{PublishOutcome::kPosted, "4900000000000009",
                         "https://m.weibo.cn/detail/4900000000000009"};
  }
  std::vector<PublishRequest> requests;
};

TEST_F(WorkflowTest, ApiPublisherPublishesApprovedVersionWithPhoto) {
  MakeInReview();
  RecordingPublisher publisher;
  EXPECT_EQ(wf_.Publish("a1", press_, publisher).status().code(),
            absl::StatusCode::kFailedPrecondition);  // not approved yet
  ASSERT_TRUE(wf_.Approve("a1", press_).ok());
  PublishImage wrong{"photo-9", "jpeg", "image/jpeg", "p.jpg"};
  EXPECT_EQ(wf_.Publish("a1", press_, publisher, &wrong).status().code(),
            absl::StatusCode::kInvalidArgument);
  PublishImage image{"photo-1", "jpeg", "image/jpeg", "p.jpg"};
  auto a = wf_.Publish("a1", press_, publisher, &image);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ(a->state, AppealState::kPublished);
  EXPECT_EQ(a->publication.post_id, "4900000000000009");
  ASSERT_EQ(publisher.requests.size(), 1u);
  EXPECT_EQ(publisher.requests[0].status_text, "【寻找走失儿童家长】企鹅馆");
  EXPECT_EQ(publisher.requests[0].version_sha256, a->current().sha256_hex);
  EXPECT_EQ(publisher.requests[0].image->photo_id, "photo-1");
}

TEST_F(WorkflowTest, ConcurrentEditsNeverLoseAVersion) {
  MakeInReview();
  constexpr int kThreads = 4;
  constexpr int kEdits = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEdits; ++i) {
        auto r = wf_.Edit("a1", Texts("版本 " + std::to_string(t) + "-" + std::to_string(i)),
                          Actor{"editor-" + std::to_string(t), Role::kDrafter});
        if (r.ok()) {
          ++ok;
        } else {
          EXPECT_EQ(r.status().code(), absl::StatusCode::kAborted) << r.status();
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  auto a = wf_.Get("a1");
  // Every successful edit is exactly one new version and one audit entry; losers changed nothing.
  EXPECT_EQ(static_cast<int>(a->versions.size()), 1 + ok.load());
  EXPECT_EQ(static_cast<int>(a->audit.size()), 2 + ok.load());
  EXPECT_GT(ok.load(), 0);
}

}  // namespace
}  // namespace cs::appeals
