// crowdsafe-story: the README demo's lost-child story, played through the real services' gRPC
// APIs as the people in it would act. A boy is found alone at the penguin pavilion; nobody claims
// him, so case-service's timer asks for a found-child appeal, which appeal-service drafts; one
// press officer submits it, a second approves it (the author may not), and it is posted. His
// mother reports at the desk, the match appears with its explanation, the desk confirms it,
// checks her ID, hands him over and closes the case; the follow-up appeal is drafted, approved
// by the other officer and posted.
//
// Every name and number here is fictional demo data. Exit code 0 only if every step happened.
#include <grpcpp/grpcpp.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <ctime>
#include <iostream>
#include <map>
#include <optional>
#include <thread>

#include "common/grpc/client_channel.h"
#include "common/grpc/time_convert.h"
#include "crowdsafe/v1/appeals.grpc.pb.h"
#include "crowdsafe/v1/cases.grpc.pb.h"

namespace {

using namespace std::chrono_literals;
namespace v1 = crowdsafe::v1;

v1::Actor Who(const std::string& id, v1::Role role) {
  v1::Actor a;
  a.set_user_id(id);
  a.set_role(role);
  return a;
}

class Story {
 public:
  Story(std::shared_ptr<grpc::Channel> cases, std::shared_ptr<grpc::Channel> appeals)
      : cases_(v1::CaseService::NewStub(cases)), appeals_(v1::AppealService::NewStub(appeals)) {}

  bool Run() {
    Say(VenueClock(), "巡逻民警周警官在企鹅馆发现一名独自哭泣的男孩 / patrol finds a boy alone");
    v1::FileFoundReportRequest found;
    auto* f = found.mutable_report();
    f->set_venue_id("ocean");
    f->mutable_child()->set_sex(v1::SEX_MALE);
    f->mutable_child()->set_age_min(4);
    f->mutable_child()->set_age_max(6);
    f->mutable_child()->set_height_cm(108);
    f->mutable_child()->mutable_clothing()->mutable_top()->add_colours("藏青");
    f->mutable_child()->mutable_clothing()->mutable_top()->set_description("羽绒服，胸前有企鹅图案");
    f->mutable_child()->mutable_clothing()->mutable_shoes()->add_colours("红");
    f->mutable_child()->set_language("普通话");
    f->set_found_zone_id("penguin");
    *f->mutable_found_at() = cs::ProtoNow();
    f->set_held_at("失物招领及走失儿童中心");
    *found.mutable_actor() = Who("patrol.zhou", v1::ROLE_PATROL);
    v1::Case found_case;
    if (!Check(Call(&v1::CaseService::Stub::FileFoundReport, found, &found_case), "found report"))
      return false;
    Say("", "found report stored as " + found_case.case_id() + "; broadcast to nearby patrols");

    Say(VenueClock(), "无人认领：自动起草寻找家长启事 / unclaimed: the timer asks for an appeal");
    auto appeal = WaitForAppeal(found_case.case_id(), v1::APPEAL_FOUND_CHILD);
    if (!appeal) return Fail("no found-child appeal was drafted");
    Show(*appeal);
    if (!Review(*appeal, "press.li", "press.wang")) return false;

    Say(VenueClock(), "孩子的母亲来到服务台报告孩子走失 / the mother reports at the desk");
    v1::FileMissingReportRequest missing;
    auto* m = missing.mutable_report();
    m->set_venue_id("ocean");
    m->mutable_child()->set_sex(v1::SEX_MALE);
    m->mutable_child()->set_age_min(5);
    m->mutable_child()->set_age_max(5);
    m->mutable_child()->set_height_cm(110);
    m->mutable_child()->mutable_clothing()->mutable_top()->add_colours("深蓝");
    m->mutable_child()->mutable_clothing()->mutable_top()->set_description("企鹅图案羽绒服");
    m->mutable_child()->mutable_clothing()->mutable_shoes()->add_colours("红色");
    m->set_last_seen_zone_id("whaleshark");
    *m->mutable_last_seen_at() = cs::ProtoNow();
    m->mutable_restricted()->set_child_name("演示小宝");
    m->mutable_restricted()->set_guardian_name("演示妈妈");
    m->mutable_restricted()->set_guardian_phone("13800000000");
    *missing.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
    v1::Case missing_case;
    if (!Check(Call(&v1::CaseService::Stub::FileMissingReport, missing, &missing_case),
               "missing report"))
      return false;

    v1::ListCandidatesRequest lc;
    lc.set_case_id(missing_case.case_id());
    *lc.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
    v1::ListCandidatesResponse cands;
    if (!Check(Call(&v1::CaseService::Stub::ListCandidates, lc, &cands), "candidates")) return false;
    if (cands.candidates_size() == 0 || cands.candidates(0).case_id() != found_case.case_id())
      return Fail("the found boy is not the first candidate");
    const auto& top = cands.candidates(0);
    Say("", "match appears: " + top.case_id() + " score " + Fixed(top.score()));
    for (const auto& feature : top.features())
      std::cout << "        " << feature.feature() << " " << Fixed(feature.score()) << "  "
                << feature.explanation() << "\n";

    v1::ConfirmMatchRequest cm;
    cm.set_case_id(missing_case.case_id());
    cm.set_other_case_id(found_case.case_id());
    *cm.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
    v1::Case out;
    if (!Check(Call(&v1::CaseService::Stub::ConfirmMatch, cm, &out), "confirm match")) return false;
    Say(VenueClock(), "服务台确认匹配 / the desk confirms the match (a person decides, never the system)");

    v1::VerifyGuardianRequest vg;
    vg.set_case_id(missing_case.case_id());
    vg.set_document_type("resident_id");
    vg.set_document_number("110101199001011234");  // fictional; masked at once, never stored
    *vg.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
    if (!Check(Call(&v1::CaseService::Stub::VerifyGuardian, vg, &out), "verify guardian"))
      return false;
    Say(VenueClock(), "核验监护人身份证件 / guardian's ID checked (only a masked number is kept)");

    v1::CompleteHandoverRequest ho;
    ho.set_case_id(missing_case.case_id());
    ho.set_note("在走失儿童中心交还");
    *ho.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
    if (!Check(Call(&v1::CaseService::Stub::CompleteHandover, ho, &out), "handover")) return false;
    Say(VenueClock(), "孩子交还母亲 / handed over: " + v1::CaseState_Name(out.state()));

    auto follow = WaitForAppeal(found_case.case_id(), v1::APPEAL_FOLLOW_UP);
    if (!follow) return Fail("no follow-up appeal was drafted");
    Say(VenueClock(), "自动起草后续通报 / the follow-up appeal is drafted");
    Show(*follow);
    if (!Review(*follow, "press.wang", "press.li")) return false;

    for (const std::string& id : {missing_case.case_id(), found_case.case_id()}) {
      v1::TransitionCaseRequest close;
      close.set_case_id(id);
      close.set_to(v1::CASE_CLOSED);
      close.set_reason("reunited");
      *close.mutable_actor() = Who("desk.chen", v1::ROLE_DESK);
      if (!Check(Call(&v1::CaseService::Stub::TransitionCase, close, &out), "close")) return false;
    }
    Say(VenueClock(), "两个案件均已结案 / both cases closed");
    return true;
  }

 private:
  template <typename Stub, typename Req, typename Resp>
  grpc::Status CallOn(Stub& stub, grpc::Status (Stub::*fn)(grpc::ClientContext*, const Req&, Resp*),
                      const Req& req, Resp* resp) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + 5s);
    return (stub.*fn)(&ctx, req, resp);
  }
  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (v1::CaseService::Stub::*fn)(grpc::ClientContext*, const Req&,
                                                               Resp*),
                    const Req& req, Resp* resp) {
    return CallOn(*cases_, fn, req, resp);
  }
  template <typename Req, typename Resp>
  grpc::Status Call(grpc::Status (v1::AppealService::Stub::*fn)(grpc::ClientContext*, const Req&,
                                                                 Resp*),
                    const Req& req, Resp* resp) {
    return CallOn(*appeals_, fn, req, resp);
  }

  std::optional<v1::Appeal> WaitForAppeal(const std::string& case_id, v1::AppealKind kind) {
    for (int i = 0; i < 300; ++i) {  // 60 s: the demo's timers are seconds (config/demo)
      v1::ListAppealsRequest req;
      req.set_venue_id("ocean");
      *req.mutable_actor() = Who("press.li", v1::ROLE_PRESS);
      v1::ListAppealsResponse list;
      if (Call(&v1::AppealService::Stub::ListAppeals, req, &list).ok()) {
        for (const auto& a : list.appeals())
          if (a.case_id() == case_id && a.kind() == kind) return a;
      }
      std::this_thread::sleep_for(200ms);
    }
    return std::nullopt;
  }

  void Show(const v1::Appeal& a) {
    for (const auto& t : a.current().texts()) {
      std::cout << "        [" << t.language() << ", Weibo length " << t.headline_length()
                << "/140] " << t.headline() << "\n";
    }
    for (const auto& p : a.needs_translation())
      std::cout << "        [en needs translation] " << p << "\n";
  }

  // The drafter leaves out of the English what the phrase table cannot translate, and the
  // appeal may not be submitted until a person has written it: the press officer does, here
  // from the story's own notes (a phrase the story has no English for ends the story).
  bool TranslateEnglish(const v1::Appeal& a, const std::string& author) {
    static const std::map<std::string, std::string> kOfficersEnglish = {
        {"胸前有企鹅", "His jacket has a penguin on the front."},
    };
    v1::EditAppealRequest edit;
    edit.set_appeal_id(a.appeal_id());
    edit.set_base_version(a.current().version());
    *edit.mutable_actor() = Who(author, v1::ROLE_PRESS);
    std::string added;
    for (const auto& phrase : a.needs_translation()) {
      auto it = kOfficersEnglish.find(phrase);
      if (it == kOfficersEnglish.end()) return Fail("the story has no English for " + phrase);
      added += " " + it->second;
    }
    for (const auto& t : a.current().texts()) {
      v1::AppealText* out = edit.add_texts();
      out->set_language(t.language());
      out->set_headline(t.headline());
      out->set_long_text(t.long_text() + (t.language() == "en" ? added : ""));
    }
    v1::Appeal edited;
    if (!Check(Call(&v1::AppealService::Stub::EditAppeal, edit, &edited), "edit English"))
      return false;
    Say("", author + " writes the English the phrase table lacks:" + added);
    return true;
  }

  // Submit by `author`, refused self-approval, approval by `reviewer`, posted from the outbox.
  bool Review(const v1::Appeal& a, const std::string& author, const std::string& reviewer) {
    v1::AppealActionRequest act;
    act.set_appeal_id(a.appeal_id());
    *act.mutable_actor() = Who(author, v1::ROLE_PRESS);
    v1::Appeal out;
    if (a.needs_translation_size() > 0 && !TranslateEnglish(a, author)) return false;
    if (!Check(Call(&v1::AppealService::Stub::SubmitForReview, act, &out), "submit")) return false;
    grpc::Status self = Call(&v1::AppealService::Stub::ApproveAppeal, act, &out);
    if (self.error_code() != grpc::StatusCode::PERMISSION_DENIED)
      return Fail("self-approval was not refused");
    Say("", author + " submits; approving their own draft is refused (PERMISSION_DENIED)");
    *act.mutable_actor() = Who(reviewer, v1::ROLE_PRESS);
    if (!Check(Call(&v1::AppealService::Stub::ApproveAppeal, act, &out), "approve")) return false;
    v1::PublishAppealRequest pub;
    pub.set_appeal_id(a.appeal_id());
    *pub.mutable_actor() = Who(reviewer, v1::ROLE_PRESS);
    pub.set_post_url("https://weibo.com/5000000000/Demo" + a.appeal_id().substr(3, 6));
    if (!Check(Call(&v1::AppealService::Stub::PublishAppeal, pub, &out), "publish")) return false;
    Say("", reviewer + " approves; posted from the outbox: " + out.published_url());
    return true;
  }

  static std::string Fixed(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
  }
  // The story's clock is the real one in venue time (Asia/Shanghai, UTC+8): the reports carry
  // the real time, so the appeal's time and the story's agree.
  static std::string VenueClock() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm local{};
    const std::time_t shifted = now + 8 * 3600;
    gmtime_r(&shifted, &local);
    char buf[8];
    std::strftime(buf, sizeof buf, "%H:%M", &local);
    return buf;
  }
  static void Say(const std::string& at, const std::string& what) {
    std::cout << "  " << (at.empty() ? "     " : at) << "  " << what << std::endl;
  }
  static bool Check(const grpc::Status& s, const std::string& step) {
    if (s.ok()) return true;
    std::cerr << "story: " << step << " failed: " << s.error_message() << "\n";
    return false;
  }
  static bool Fail(const std::string& why) {
    std::cerr << "story: " << why << "\n";
    return false;
  }

  std::unique_ptr<v1::CaseService::Stub> cases_;
  std::unique_ptr<v1::AppealService::Stub> appeals_;
};

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crowdsafe-story: the demo's lost-child story through the real services"};
  std::string cases = "127.0.0.1:50052";
  std::string appeals = "127.0.0.1:50053";
  app.add_option("--cases", cases, "case-service address, list or dns: name");
  app.add_option("--appeals", appeals, "appeal-service address, list or dns: name");
  std::string issuer = "story", key_file;
  app.add_option("--identity-issuer", issuer, "the name the services trust this tool's key as");
  app.add_option("--identity-key", key_file, "Ed25519 seed file (crowdsafe-keygen); empty: unsigned");
  CLI11_PARSE(app, argc, argv);
  auto signer = cs::ToolSigner(issuer, key_file);
  if (!signer.ok()) {
    std::cerr << "error: --identity-key: " << signer.status().message() << "\n";
    return 2;
  }
  auto cases_channel = cs::MakeClientChannel(
      cases, {.services = {v1::CaseService::service_full_name()}, .signer = *signer});
  auto appeals_channel = cs::MakeClientChannel(
      appeals, {.services = {v1::AppealService::service_full_name()}, .signer = *signer});
  for (const auto* c : {&cases_channel, &appeals_channel}) {
    if (!c->ok()) {
      std::cerr << "error: " << c->status().message() << "\n";
      return 2;
    }
  }
  Story story(*cases_channel, *appeals_channel);
  return story.Run() ? 0 : 1;
}
