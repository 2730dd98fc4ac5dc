// The published photo through the adapter: a found-child draft fetches the case's photo from
// case-service as the system, stores appeal-service's own image with the face blurred, serves
// it; a lift of one photo by id is audited and takes effect only on a second officer's
// approval.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "crowdsafe/v1/cases_mock.grpc.pb.h"
#include "services/appeals/appeal_service.h"
#include "services/appeals/drafting/testdata/drawn_face.h"

namespace cs::appeals {
namespace {

namespace v1 = crowdsafe::v1;
using ::testing::_;
using ::testing::Invoke;

std::string Jpeg(const cv::Mat& img) {
  std::vector<uchar> buf;
  EXPECT_TRUE(cv::imencode(".jpg", img, buf, {cv::IMWRITE_JPEG_QUALITY, 95}));
  return std::string(buf.begin(), buf.end());
}

// Detail left in a region of an encoded image: the variance of its Laplacian.
double Detail(const std::string& bytes, cv::Rect r) {
  cv::Mat img = cv::imdecode(
      cv::Mat(1, static_cast<int>(bytes.size()), CV_8UC1, const_cast<char*>(bytes.data())),
      cv::IMREAD_GRAYSCALE);
  cv::Mat lap;
  cv::Laplacian(img(r), lap, CV_64F);
  cv::Scalar mean, sd;
  cv::meanStdDev(lap, mean, sd);
  return sd[0] * sd[0];
}

v1::Actor Press(const std::string& id) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(v1::ROLE_PRESS);
  return a;
}

class AppealPhotosTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* root = std::getenv("CS_SOURCE_DIR");
    auto d = bridge::CreateAppealDrafter(std::string(root ? root : ".") + "/config/phrases.yaml");
    ASSERT_TRUE(d.ok()) << d.status();
    drafter_ = *std::move(d);
    auto r = bridge::CreatePhotoRedactor();
    ASSERT_TRUE(r.ok()) << r.status() << " (Debian opencv-data)";
    redactor_ = *std::move(r);
    original_ = Jpeg(testing::SceneWithFace(640, 480, kFaceCentre, 140));
    // case-service: the one photo of case-42, to the system caller only.
    ON_CALL(cases_, GetPhoto(_, _, _))
        .WillByDefault(Invoke([this](grpc::ClientContext*, const v1::GetPhotoRequest& req,
                                     v1::PhotoContent* out) {
          ++photo_fetches_;
          if (req.actor().role() != v1::ROLE_SYSTEM) {
            return grpc::Status(grpc::StatusCode::PERMISSION_DENIED, "press");
          }
          if (req.case_id() != "case-42" || req.photo_id() != "case-42/photo-0") {
            return grpc::Status(grpc::StatusCode::NOT_FOUND, "no such photo");
          }
          out->set_content_type("image/jpeg");
          out->set_data(original_);
          return grpc::Status::OK;
        }));
    AppealServiceOptions o;
    o.venue_id = "ocean";
    o.appeals = &appeals_;
    o.inbox = &inbox_;
    o.answers = &answers_;
    o.publisher = &publisher_;
    o.clock = &clock_;
    o.drafter = drafter_.get();
    o.official_hotline = "0756-8899 0110";
    o.cases = &cases_;
    o.photos = redactor_.get();
    o.photo_store = &photo_store_;
    auto s = AppealServiceImpl::Create(std::move(o));
    ASSERT_TRUE(s.ok()) << s.status();
    service_ = *std::move(s);
  }

  v1::DraftAppealRequest FoundChild() {
    v1::DraftAppealRequest r;
    r.set_kind(v1::APPEAL_FOUND_CHILD);
    r.set_request_id("case-42/found");
    r.mutable_actor()->set_user_id("system:case-timer");
    r.mutable_actor()->set_role(v1::ROLE_SYSTEM);
    auto* s = r.mutable_snapshot();
    s->set_case_id("case-42");
    s->set_zone_name_zh("企鹅馆");
    s->set_zone_name_en("Penguin Pavilion");
    s->mutable_at()->set_seconds(1'771'300'800);
    s->set_sex("male");
    s->set_age_min(4);
    s->set_age_max(6);
    s->set_held_at("走失儿童中心");
    s->add_photo_ids("case-42/photo-0");
    return r;
  }

  grpc::Status Photo(const std::string& appeal_id, const std::string& photo_id, v1::Actor actor,
                     bool pending_lift, std::string* bytes) {
    v1::GetAppealPhotoRequest req;
    req.set_appeal_id(appeal_id);
    req.set_photo_id(photo_id);
    *req.mutable_actor() = actor;
    req.set_pending_lift(pending_lift);
    v1::AppealPhotoContent out;
    grpc::Status s = service_->GetAppealPhoto(nullptr, &req, &out);
    *bytes = out.data();
    return s;
  }

  grpc::Status Act(grpc::Status (AppealServiceImpl::*rpc)(grpc::ServerContext*,
                                                          const v1::AppealActionRequest*,
                                                          v1::Appeal*),
                   const std::string& id, v1::Actor actor, v1::Appeal* out,
                   const std::string& reason = "", const std::string& photo_id = "") {
    v1::AppealActionRequest req;
    req.set_appeal_id(id);
    *req.mutable_actor() = actor;
    req.set_reason(reason);
    req.set_photo_id(photo_id);
    return ((*service_).*rpc)(nullptr, &req, out);
  }

  static inline const cv::Point kFaceCentre{260, 220};
  const cv::Rect face_{kFaceCentre.x - 50, kFaceCentre.y - 60, 100, 120};
  const cv::Rect background_{460, 330, 160, 130};
  ::testing::NiceMock<v1::MockCaseServiceStub> cases_;
  int photo_fetches_ = 0;
  std::string original_;
  InMemoryAppealStore appeals_;
  InMemoryInboxStore inbox_;
  InMemoryAnswerStore answers_;
  InMemoryPublishedPhotoStore photo_store_;
  OutboxPublisher publisher_;
  ManualClock clock_{FromMillis(1'771'300'900'000)};
  std::unique_ptr<bridge::AppealDrafter> drafter_;
  std::unique_ptr<bridge::PhotoRedactor> redactor_;
  std::unique_ptr<AppealServiceImpl> service_;
};

// Issue 14: a found-child appeal carries the report's photo, with the detected face blurred in
// the image appeal-service stores; the rest of the picture is left alone.
TEST_F(AppealPhotosTest, FoundChildDraftPublishesTheCasePhotoWithTheFaceBlurred) {
  auto req = FoundChild();
  v1::Appeal a;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &a).ok());
  ASSERT_EQ(a.photos_size(), 1);
  const std::string photo_id = a.appeal_id() + "/photo-0";
  EXPECT_EQ(a.photos(0).photo_id(), photo_id);
  EXPECT_EQ(a.photo_id(), photo_id);
  EXPECT_TRUE(a.photos(0).face_blurred());
  EXPECT_GE(a.photos(0).faces_blurred(), 1);
  auto stored = photo_store_.Get(photo_id, PhotoVariant::kBlurred);
  ASSERT_TRUE(stored.ok()) << stored.status();
  EXPECT_LT(Detail(*stored, face_), Detail(original_, face_) / 10);
  EXPECT_GT(Detail(*stored, background_), Detail(original_, background_) * 0.6);
  // Served as stored, to press and desk; not to patrol.
  std::string served;
  ASSERT_TRUE(Photo(a.appeal_id(), photo_id, Press("press.li"), false, &served).ok());
  EXPECT_EQ(served, *stored);
  v1::Actor desk;
  desk.set_user_id("desk.wang");
  desk.set_role(v1::ROLE_DESK);
  EXPECT_TRUE(Photo(a.appeal_id(), photo_id, desk, false, &served).ok());
  v1::Actor patrol = desk;
  patrol.set_role(v1::ROLE_PATROL);
  EXPECT_EQ(Photo(a.appeal_id(), photo_id, patrol, false, &served).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Photo(a.appeal_id(), a.appeal_id() + "/photo-9", desk, false, &served).error_code(),
            grpc::StatusCode::NOT_FOUND);
  // A missing child's appeal publishes no photo from the case.
  auto missing = FoundChild();
  missing.set_kind(v1::APPEAL_MISSING_CHILD);
  missing.set_request_id("case-42/missing");
  v1::Appeal m;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &missing, &m).ok());
  EXPECT_EQ(m.photos_size(), 0);
}

TEST_F(AppealPhotosTest, PhotosOfAnotherCaseOrAnUnreachableCaseServiceDraftNothing) {
  auto req = FoundChild();
  req.mutable_snapshot()->set_photo_ids(0, "case-7/photo-0");
  v1::Appeal a;
  grpc::Status s = service_->DraftAppeal(nullptr, &req, &a);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "snapshot.photo_ids: not a photo of snapshot.case_id");
  EXPECT_EQ(photo_fetches_, 0);
  EXPECT_CALL(cases_, GetPhoto(_, _, _))
      .WillOnce(::testing::Return(grpc::Status(grpc::StatusCode::UNAVAILABLE, "down")));
  s = service_->DraftAppeal(nullptr, &(req = FoundChild()), &a);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE);
  v1::ListAppealsRequest list;
  list.mutable_actor()->CopyFrom(Press("press.li"));
  v1::ListAppealsResponse none;
  ASSERT_TRUE(service_->ListAppeals(nullptr, &list, &none).ok());
  EXPECT_EQ(none.appeals_size(), 0) << "a draft without its photo was stored";
}

// Issue 14: lift the blur of one photo (by id) with a reason; audited; published unblurred only
// after a second press officer approves.
TEST_F(AppealPhotosTest, LiftOfOnePhotoNeedsASecondPressOfficer) {
  auto req = FoundChild();
  v1::Appeal a;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &a).ok());
  const std::string id = a.appeal_id(), photo_id = id + "/photo-0";
  ASSERT_TRUE(Act(&AppealServiceImpl::SubmitForReview, id, Press("press.li"), &a).ok());
  // A reason is required and the photo must be the appeal's.
  EXPECT_EQ(Act(&AppealServiceImpl::LiftFaceBlur, id, Press("press.li"), &a, "", photo_id)
                .error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Act(&AppealServiceImpl::LiftFaceBlur, id, Press("press.li"), &a, "consent",
                id + "/photo-3")
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Act(&AppealServiceImpl::LiftFaceBlur, id, Press("press.li"), &a,
                  "家长书面同意公开照片", photo_id)
                  .ok());
  EXPECT_TRUE(a.photos(0).face_blurred());
  EXPECT_TRUE(a.photos(0).lift_pending());
  EXPECT_EQ(a.photos(0).lift_requested_by(), "press.li");
  std::string served, preview;
  ASSERT_TRUE(Photo(id, photo_id, Press("press.wang"), false, &served).ok());
  EXPECT_LT(Detail(served, face_), Detail(original_, face_) / 10) << "published before approval";
  ASSERT_TRUE(Photo(id, photo_id, Press("press.wang"), true, &preview).ok());
  EXPECT_GT(Detail(preview, face_), Detail(original_, face_) * 0.6);
  // Four eyes: the officer who asked may not approve; another one does.
  EXPECT_EQ(Act(&AppealServiceImpl::ApproveAppeal, id, Press("press.li"), &a).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Act(&AppealServiceImpl::ApproveAppeal, id, Press("press.wang"), &a).ok());
  EXPECT_FALSE(a.photos(0).face_blurred());
  EXPECT_TRUE(a.face_blur_lifted());
  ASSERT_TRUE(Photo(id, photo_id, Press("press.wang"), false, &served).ok());
  EXPECT_GT(Detail(served, face_), Detail(original_, face_) * 0.6);
  // Audited: who asked, why, and who approved.
  v1::GetAppealRequest audit_req;
  audit_req.set_appeal_id(id);
  *audit_req.mutable_actor() = Press("press.wang");
  v1::GetAppealAuditResponse audit;
  ASSERT_TRUE(service_->GetAppealAudit(nullptr, &audit_req, &audit).ok());
  std::vector<std::string> actions;
  for (const auto& e : audit.entries()) actions.push_back(e.action() + " by " + e.actor().user_id());
  EXPECT_THAT(actions, ::testing::Contains("request_unblur:" + photo_id + " by press.li"));
  EXPECT_THAT(actions, ::testing::Contains("unblur_face:" + photo_id + " by press.wang"));
}

// Issue 14, the safety net: a found-child photo in which the detector finds no face is flagged
// for the review screen and published blurred whole; only a person's lift, approved by a second
// press officer, publishes it as taken.
TEST_F(AppealPhotosTest, PhotoWithNoFaceFoundIsFlaggedAndBlurredWhole) {
  cv::Mat scene(480, 640, CV_8UC3);
  cv::setRNGSeed(7);
  cv::randu(scene, 40, 220);
  cv::GaussianBlur(scene, scene, cv::Size(0, 0), 1.2);
  original_ = Jpeg(scene);  // texture, no face: what a missed face looks like to the detector
  auto req = FoundChild();
  v1::Appeal a;
  ASSERT_TRUE(service_->DraftAppeal(nullptr, &req, &a).ok());
  ASSERT_EQ(a.photos_size(), 1);
  EXPECT_TRUE(a.photos(0).no_face_found());
  EXPECT_TRUE(a.photos(0).face_blurred());
  EXPECT_EQ(a.photos(0).faces_blurred(), 0);
  const std::string id = a.appeal_id(), photo_id = id + "/photo-0";
  std::string served;
  ASSERT_TRUE(Photo(id, photo_id, Press("press.li"), false, &served).ok());
  for (const cv::Rect& r : {face_, background_, cv::Rect(0, 0, 200, 150)}) {
    EXPECT_LT(Detail(served, r), Detail(original_, r) / 10) << "not blurred whole at " << r;
  }
  // The flag is kept with the appeal (GetAppeal reads it back).
  v1::GetAppealRequest get;
  get.set_appeal_id(id);
  *get.mutable_actor() = Press("press.wang");
  v1::Appeal read;
  ASSERT_TRUE(service_->GetAppeal(nullptr, &get, &read).ok());
  EXPECT_TRUE(read.photos(0).no_face_found());
  // A person checked the photo: the lift, approved by a second officer, publishes it as taken.
  ASSERT_TRUE(Act(&AppealServiceImpl::SubmitForReview, id, Press("press.li"), &a).ok());
  ASSERT_TRUE(Act(&AppealServiceImpl::LiftFaceBlur, id, Press("press.li"), &a,
                  "checked: the child is seen from behind", photo_id)
                  .ok());
  ASSERT_TRUE(Photo(id, photo_id, Press("press.wang"), false, &served).ok());
  EXPECT_LT(Detail(served, background_), Detail(original_, background_) / 10);
  ASSERT_TRUE(Act(&AppealServiceImpl::ApproveAppeal, id, Press("press.wang"), &a).ok());
  ASSERT_TRUE(Photo(id, photo_id, Press("press.wang"), false, &served).ok());
  EXPECT_GT(Detail(served, background_), Detail(original_, background_) * 0.6);
}

}  // namespace
}  // namespace cs::appeals
