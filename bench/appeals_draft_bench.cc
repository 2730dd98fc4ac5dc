// Draft latency: one Draft() call = zh-CN, zh-HK (OpenCC) and en, headline and long version,
// every free-text field sanitised and every output checked by the PII guard. Target < 1 ms.
#include <benchmark/benchmark.h>

#include <string>

#include "common/privacy/pii_guard.h"
#include "common/text/utf8.h"
#include "services/appeals/drafting/drafter.h"
#include "services/appeals/drafting/weibo_length.h"

namespace cs::appeals {

namespace {

const Drafter& TheDrafter() {
  static const Drafter* drafter = Drafter::Create()->release();
  return *drafter;
}

CaseSnapshot PenguinBoy() {
  CaseSnapshot s;
  s.time = FromMillis(1770877800000);
  s.last_seen_time = FromMillis(1770876600000);
  s.zone_name_zh = "企鹅馆";
  s.zone_name_en = "Penguin Pavilion";
  s.venue_name_zh = "海洋公园";
  s.venue_name_en = "Ocean Park";
  s.sex = Sex::kMale;
  s.age_years = 4;
  s.height_cm = 110;
  s.top = {"红色连帽外套", "red hooded jacket"};
  s.bottom = {"蓝色牛仔裤", "blue jeans"};
  s.hat = {"黄色鸭舌帽", "yellow cap"};
  s.shoes = {"白色运动鞋", "white trainers"};
  s.features = {"背着小鲸鱼书包", "carries a small whale backpack"};
  s.where_now = {"园区走失儿童服务中心", "the park's lost-child centre"};
  s.surname = "张";
  s.surname_consent = true;
  s.official_hotline = "021-6123 4567";
  s.child_full_name = "张小明";
  s.guardian_name = "李秀英";
  s.other_name_forms = {"Zhang Xiaoming"};
  return s;
}

void Draft(benchmark::State& state, const CaseSnapshot& s, AppealKind kind) {
  const Drafter& d = TheDrafter();
  for (auto _ : state) {
    auto draft = d.Draft(s, kind);
    if (!draft.ok()) state.SkipWithError(std::string(draft.status().message()).c_str());
    benchmark::DoNotOptimize(draft);
  }
}

void BM_DraftFoundChild(benchmark::State& state) {
  Draft(state, PenguinBoy(), AppealKind::kFoundChild);
}
BENCHMARK(BM_DraftFoundChild)->Unit(benchmark::kMicrosecond);

void BM_DraftMissingChild(benchmark::State& state) {
  CaseSnapshot s = PenguinBoy();
  s.kind = CaseKind::kMissing;
  s.last_seen_place = {"鲸鲨馆出口", "the whale shark aquarium exit"};
  Draft(state, s, AppealKind::kMissingChild);
}
BENCHMARK(BM_DraftMissingChild)->Unit(benchmark::kMicrosecond);

void BM_DraftFollowUp(benchmark::State& state) {
  Draft(state, PenguinBoy(), AppealKind::kFollowUp);
}
BENCHMARK(BM_DraftFollowUp)->Unit(benchmark::kMicrosecond);

// Hostile input in every field: phones, names, addresses, markup, hidden characters.
void BM_DraftHostileFields(benchmark::State& state) {
  CaseSnapshot s = PenguinBoy();
  const LocalText hostile = {
      "红色外套 家长李秀英电话１３８-１２３４-５６７８ 住上海市浦东新区世纪大道100号 "
      "#寻人# @某人 <script>alert(1)</script> 张\u200b小\u200b明 \u202e8765 4321",
      ""};
  for (LocalText* f : {&s.top, &s.bottom, &s.hat, &s.shoes, &s.features, &s.where_now})
    *f = hostile;
  Draft(state, s, AppealKind::kFoundChild);
}
BENCHMARK(BM_DraftHostileFields)->Unit(benchmark::kMicrosecond);

// A 100,000-character paste in every field: the sanitiser works on a bounded window.
void BM_DraftHugeFields(benchmark::State& state) {
  CaseSnapshot s = PenguinBoy();
  std::string huge;
  while (huge.size() < 400000) huge += "蓝色条纹 13812345678 ";  // > 100,000 code points
  huge = std::string(TruncateCodePoints(huge, 100000));
  for (LocalText* f : {&s.top, &s.bottom, &s.hat, &s.shoes, &s.features, &s.where_now}) {
    *f = {huge, huge};
  }
  Draft(state, s, AppealKind::kFoundChild);
}
BENCHMARK(BM_DraftHugeFields)->Unit(benchmark::kMicrosecond);

void BM_WeiboLengthHeadline(benchmark::State& state) {
  const std::string text =
      "【寻找走失儿童家长】2月12日14:30，在海洋公园企鹅馆发现一名约4岁的男孩，身高约110厘米，"
      "上穿红色连帽外套，下穿蓝色牛仔裤，脚穿白色运动鞋。请速与警方联系，电话021-6123 4567。";
  for (auto _ : state) benchmark::DoNotOptimize(WeiboLength(text));
}
BENCHMARK(BM_WeiboLengthHeadline);

}  // namespace
}  // namespace cs::appeals
