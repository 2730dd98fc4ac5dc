#include "services/cases/core/matcher.h"

#include <gtest/gtest.h>

#include <random>

#include "common/text/phrase_table.h"
#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {

const FeatureScore* Feature(const Candidate& c, const std::string& name) {
  for (const auto& f : c.features)
    if (f.feature == name) return &f;
  return nullptr;
}
// The pointer points into the candidate: a temporary (`Feature(index.Match(...)[0], ...)`)
// would leave it dangling, which read freed memory in a fresh build.
const FeatureScore* Feature(Candidate&& c, const std::string& name) = delete;

const Candidate* Find(const std::vector<Candidate>& out, const std::string& id) {
  for (const auto& c : out)
    if (c.case_id == id) return &c;
  return nullptr;
}

bool HasWarning(const Candidate& c, const std::string& needle) {
  for (const auto& w : c.warnings)
    if (w.find(needle) != std::string::npos) return true;
  return false;
}

bool Says(const FeatureScore* f, const std::string& needle) {
  return f != nullptr && f->explanation.find(needle) != std::string::npos;
}

// The shared phrase table of the source tree, as case-service loads it.
const text::PhraseTable* Phrases() {
  static const text::PhraseTable* table = [] {
    const char* src = std::getenv("CS_SOURCE_DIR");
    auto t = text::PhraseTable::LoadFile(std::string(src ? src : ".") + "/config/phrases.yaml");
    return t.ok() ? new text::PhraseTable(*std::move(t)) : nullptr;
  }();
  return table;
}

class MatcherTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_NE(Phrases(), nullptr) << "config/phrases.yaml did not load"; }

  Venue venue_ = testing::OceanTestVenue();
  TimePoint t0_ = FromMillis(1'770'000'000'000);

  Case Missing(const std::string& id, Sex sex, int age, int height, const char* top,
               const char* bottom, const char* shoes, const char* zone = "penguin") {
    Case c;
    c.id = id;
    c.kind = CaseKind::kMissing;
    c.child.sex = sex;
    c.child.age_min = c.child.age_max = age;
    c.child.height_cm = height;
    c.child.clothing.top.text = top;
    c.child.clothing.bottom.text = bottom;
    c.child.clothing.shoes.text = shoes;
    c.child.features = "戴眼镜，左脸有痣";
    c.zone_id = zone;
    c.seen_at = t0_;
    c.filed_at = t0_ + std::chrono::minutes(5);
    return c;
  }
  Case Found(const std::string& id, Sex sex, int age_lo, int age_hi, int height, const char* top,
             const char* bottom, const char* shoes, const char* zone = "whale",
             Duration after = std::chrono::minutes(20)) {
    Case c;
    c.id = id;
    c.kind = CaseKind::kFound;
    c.child.sex = sex;
    c.child.age_min = age_lo;
    c.child.age_max = age_hi;
    c.child.height_cm = height;
    c.child.height_tolerance_cm = 5;
    c.child.clothing.top.colour_words = top;
    c.child.clothing.bottom.colour_words = bottom;
    c.child.clothing.shoes.colour_words = shoes;
    c.child.features = "脸上有颗痣 戴眼镜";
    c.zone_id = zone;
    c.seen_at = t0_ + after;
    c.filed_at = c.seen_at;
    return c;
  }
};

TEST_F(MatcherTest, RanksTheTrueChildFirstAndExplains) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "藏青色外套", "黑色裤子", "白色运动鞋"));
  index.Upsert(Missing("m-2", Sex::kFemale, 9, 135, "粉红连衣裙", "粉色裙子", "红色凉鞋"));
  index.Upsert(Missing("m-3", Sex::kMale, 5, 112, "黄色T恤", "绿色短裤", "黑色鞋"));
  const Case query = Found("f-1", Sex::kMale, 4, 6, 115, "navy", "black", "white");
  auto out = index.Match(query, 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].case_id, "m-1");
  EXPECT_GT(out[0].evidence, out[1].evidence);
  EXPECT_GT(out[0].total, 0.7);
  const FeatureScore* shoes = Feature(out[0], "shoes");
  ASSERT_NE(shoes, nullptr);
  EXPECT_DOUBLE_EQ(shoes->score, 1.0);
  EXPECT_GT(shoes->weight, Feature(out[0], "top")->weight);  // shoes weigh more
  EXPECT_NE(Feature(out[0], "height")->explanation.find("115"), std::string::npos);
  EXPECT_GT(Feature(out[0], "features")->evidence, 0);
  EXPECT_TRUE(out[0].warnings.empty());
}

// Issue 13: "浅蓝 vs 蓝色 0.46" though a guardian's "blue" and an officer's "light blue" are the
// same jacket. A shade and its base colour are close, and the explanation says why.
TEST_F(MatcherTest, Issue13ShadeIsCloseToItsBaseColour) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "蓝色外套", "灰色裤子", "白色鞋"));
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "浅蓝", "浅灰", "白"), 1);
  ASSERT_EQ(out.size(), 1u);
  const FeatureScore* top = Feature(out[0], "top");
  EXPECT_GE(top->score, 0.8);
  EXPECT_GT(top->evidence, 0);
  EXPECT_TRUE(Says(top, "shades of one base colour (blue)")) << top->explanation;
  EXPECT_GE(Feature(out[0], "bottom")->score, 0.8);  // 浅灰 vs 灰色
  EXPECT_FALSE(top->contradiction);
}

// A colour word the lexicon does not hold is read from its base character, and the
// explanation says so.
TEST_F(MatcherTest, Issue13UnlistedShadeFallsBackToItsBaseCharacter) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "绿色外套", "黑色裤子", "白色鞋"));
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "翠绿", "黑", "白"), 1);
  const FeatureScore* top = Feature(out[0], "top");
  EXPECT_GE(top->score, 0.8);
  EXPECT_TRUE(Says(top, "'翠绿' is not in the colour lexicon, read from its base colour green"))
      << top->explanation;
}

// Traditional colour words (黃, 藍, 綠) are read like Simplified ones.
TEST_F(MatcherTest, Issue13TraditionalColourWords) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "黄色T恤", "蓝色裤子", "绿色鞋"));
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "黃", "藍色", "綠"), 1);
  for (const char* g : {"top", "bottom", "shoes"}) {
    EXPECT_DOUBLE_EQ(Feature(out[0], g)->score, 1.0) << g;
    EXPECT_FALSE(Says(Feature(out[0], g), "not recorded")) << g;
  }
}

// Issue 13: an officer who notes only "戴眼镜" scored 100% against a distractor with exactly
// that feature and 42% against the true child ("戴眼镜，左脸有痣"). One side's extra feature
// is unknown to the other, not absent: both get the same evidence for the shared one.
TEST_F(MatcherTest, Issue13FeaturesOnlyOneSideMentionsAreNeutral) {
  MatchIndex index(venue_, {}, Phrases());
  Case truth = Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白");
  truth.child.features = "戴眼镜，左脸有痣";
  Case other = Missing("m-2", Sex::kMale, 5, 110, "红", "黑", "白");
  other.child.features = "戴眼镜";
  index.Upsert(truth);
  index.Upsert(other);
  Case found = Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白");
  found.child.features = "戴眼镜";
  auto out = index.Match(found, 2);
  ASSERT_EQ(out.size(), 2u);
  const double a = Feature(*Find(out, "m-1"), "features")->evidence;
  const double b = Feature(*Find(out, "m-2"), "features")->evidence;
  EXPECT_GT(a, 0);
  EXPECT_DOUBLE_EQ(a, b);
  // Nothing else tells them apart: a tie, shown as one, not settled by order.
  EXPECT_TRUE(out[0].tied);
  EXPECT_TRUE(out[1].tied);
  EXPECT_EQ(out[0].label, "possible");
  EXPECT_NE(out[0].label_reason_en.find("scores the same as"), std::string::npos);
  EXPECT_NE(out[0].label_reason_zh.find("得分相同"), std::string::npos);
}

// A feature both sides mention that contradicts (glasses vs stated no glasses) is evidence
// against, with a warning; features not recorded at all are neutral.
TEST_F(MatcherTest, Issue13StatedContradictionIsEvidenceAgainst) {
  MatchIndex index(venue_, {}, Phrases());
  Case m = Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白");
  m.child.features = "戴眼镜";
  index.Upsert(m);
  Case found = Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白");
  found.child.features = "没戴眼镜";
  auto out = index.Match(found, 1);
  const FeatureScore* f = Feature(out[0], "features");
  EXPECT_LT(f->evidence, 0);
  EXPECT_TRUE(f->contradiction);
  EXPECT_TRUE(Says(f, "contradiction")) << f->explanation;
  EXPECT_TRUE(HasWarning(out[0], "contradicts"));

  found.child.features.clear();
  out = index.Match(found, 1);
  EXPECT_EQ(Feature(out[0], "features")->evidence, 0);
  EXPECT_TRUE(Says(Feature(out[0], "features"), "not recorded on one side: neutral"));
}

// Issue 13 (session 7, heldout6 m029 and m060): the officer's "长马尾" against a guardian's
// "短发" is two children, but each side's hair phrase differs, so nothing contradicted and the
// short-haired distractor, found sooner after last seen, ranked above the true child.
TEST_F(MatcherTest, Issue13ShortHairAgainstAPonytailIsEvidenceAgainst) {
  MatchIndex index(venue_, {}, Phrases());
  Case tied_up = Missing("m-ponytail", Sex::kFemale, 4, 100, "红", "白", "红");
  tied_up.child.features = "头发很长，扎一个马尾";
  Case cropped = Missing("m-short", Sex::kFemale, 4, 100, "红", "白", "红");
  cropped.child.features = "短发";
  index.Upsert(tied_up);
  index.Upsert(cropped);
  Case found = Found("f-1", Sex::kFemale, 3, 5, 100, "红", "白", "红");
  found.child.features = "长马尾";
  auto out = index.Match(found, 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "m-ponytail");
  EXPECT_FALSE(out[0].tied);
  const Candidate& other = out[1].case_id == "m-short" ? out[1] : out[0];
  const FeatureScore* f = Feature(other, "features");
  EXPECT_LT(f->evidence, 0);
  EXPECT_TRUE(f->contradiction);
  EXPECT_TRUE(Says(f, "hair length contradicts")) << f->explanation;
  EXPECT_NE(f->explanation_zh.find("头发长短矛盾"), std::string::npos);
  EXPECT_TRUE(HasWarning(other, "contradicts"));

  // Long hair worn in a bun is the same length; a ponytail stated absent states no length.
  found.child.features = "梳了个丸子头";
  out = index.Match(found, 2);
  const FeatureScore* bun = Feature(out[0].case_id == "m-ponytail" ? out[0] : out[1], "features");
  EXPECT_EQ(bun->evidence, 0) << bun->explanation;
  EXPECT_FALSE(bun->contradiction);
  found.child.features = "没扎马尾";
  out = index.Match(found, 2);
  for (const auto& c : out)
    EXPECT_FALSE(Says(Feature(c, "features"), "hair length")) << Feature(c, "features")->explanation;
}

// Issue 13 (session 7, heldout6 m067): a Hong Kong guardian's "香港學生" and the officer's
// "香港学生" shared only 香港, which every Hong Kong child's report holds: words the phrase table
// does not know are compared in Simplified characters.
TEST_F(MatcherTest, Issue13FreeWordsAreSharedAcrossScripts) {
  MatchIndex index(venue_, {}, Phrases());
  Case m = Missing("m-1", Sex::kMale, 6, 118, "蓝", "灰", "黑");
  m.child.features = "學校旅行，戴著綠色臂章";
  index.Upsert(m);
  Case found = Found("f-1", Sex::kMale, 5, 7, 118, "蓝", "灰", "黑");
  found.child.features = "跟学校旅行走散，绿色臂章";
  auto out = index.Match(found, 1);
  ASSERT_EQ(out.size(), 1u);
  const FeatureScore* f = Feature(out[0], "features");
  EXPECT_GT(f->evidence, 0) << f->explanation;
  EXPECT_TRUE(Says(f, "学校")) << f->explanation;
}

// Issue 13 (session 7, heldout5 k031 and k151): a distractor's guardian wrote what the child
// does not have, in Cantonese ("額頭冇疤") or in words the phrase table does not hold
// ("没有望远镜"); the officer saw it on the child found. Both are stated contradictions.
TEST_F(MatcherTest, Issue13AbsenceInCantoneseOrInFreeWordsContradicts) {
  MatchIndex index(venue_, {}, Phrases());
  Case m = Missing("m-1", Sex::kMale, 8, 130, "蓝", "灰", "黑");
  m.child.features = "額頭冇疤";
  index.Upsert(m);
  Case found = Found("f-1", Sex::kMale, 7, 9, 130, "蓝", "灰", "黑");
  found.child.features = "额头疤痕";
  auto out = index.Match(found, 1);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(Feature(out[0], "features")->contradiction) << Feature(out[0], "features")->explanation;

  m.child.features = "没有望远镜，挂着水壶";
  index.Upsert(m);
  found.child.features = "脖子上挂望远镜";
  out = index.Match(found, 1);
  ASSERT_EQ(out.size(), 1u);
  const FeatureScore* f = Feature(out[0], "features");
  EXPECT_TRUE(f->contradiction) << f->explanation;
  EXPECT_TRUE(Says(f, "望远")) << f->explanation;

  // 不 qualifies how ("不肯说话"): it states nothing absent.
  m.child.features = "不爱说话，害羞";
  index.Upsert(m);
  found.child.features = "很害羞";
  out = index.Match(found, 1);
  EXPECT_FALSE(Feature(out[0], "features")->contradiction) << Feature(out[0], "features")->explanation;
}

// Issue 13 (session 7, heldout6 m009 and m056): the guardian knows it is a children's phone
// watch, the officer sees a watch; the officer writes "没有门牙" (no front teeth), the guardian
// "门牙掉了". Each pair shared nothing, and a distractor with "戴手表" ranked first.
TEST_F(MatcherTest, Issue13APhoneWatchIsAWatchAndNoFrontTeethIsAMissingTooth) {
  MatchIndex index(venue_, {}, Phrases());
  Case m = Missing("m-1", Sex::kFemale, 8, 128, "粉", "蓝", "粉");
  m.child.features = "戴一个粉色的儿童手表，门牙掉了两颗";
  index.Upsert(m);
  Case found = Found("f-1", Sex::kFemale, 7, 9, 128, "粉", "蓝", "粉");
  found.child.features = "有手表";
  auto out = index.Match(found, 1);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(Says(Feature(out[0], "features"), "a watch")) << Feature(out[0], "features")->explanation;

  found.child.features = "没有门牙";
  out = index.Match(found, 1);
  const FeatureScore* f = Feature(out[0], "features");
  EXPECT_GT(f->evidence, 0) << f->explanation;
  EXPECT_FALSE(f->contradiction) << f->explanation;
  EXPECT_TRUE(Says(f, "missing front tooth")) << f->explanation;
}

// Issue 13: 粵語 against cantonese, 國語 against 普通话 were not read as the same language.
TEST_F(MatcherTest, Issue13SameLanguageInAnyScript) {
  MatchIndex index(venue_, {}, Phrases());
  Case m = Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白");
  m.child.language = "粵語";
  index.Upsert(m);
  for (const char* spelling : {"Cantonese", "粤语", "廣東話", "说粤语"}) {
    Case found = Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白");
    found.child.language = spelling;
    const std::vector<Candidate> l_out = index.Match(found, 1);
    const FeatureScore* l = Feature(l_out[0], "language");
    EXPECT_DOUBLE_EQ(l->score, 1.0) << spelling;
    EXPECT_TRUE(Says(l, "the same language")) << l->explanation;
  }
  // The officer wrote the language into the features only ("只会说英语"): still compared.
  Case english = Missing("m-2", Sex::kMale, 5, 110, "红", "黑", "白");
  english.child.language = "English";
  index.Upsert(english);
  Case found = Found("f-2", Sex::kMale, 4, 6, 110, "红", "黑", "白");
  found.child.features = "只会说英语";
  auto out = index.Match(found, 2);
  EXPECT_GT(Feature(*Find(out, "m-2"), "language")->evidence, 0);
  const FeatureScore* against = Feature(*Find(out, "m-1"), "language");
  EXPECT_LT(against->evidence, 0);  // Cantonese against English: a robust contradiction
  EXPECT_TRUE(Says(against, "different languages")) << against->explanation;
  // Mandarin as 國語 and 普通话 is the same language, but weak evidence (most children speak it).
  Case mandarin = Missing("m-3", Sex::kMale, 5, 110, "红", "黑", "白");
  mandarin.child.language = "國語";
  MatchIndex one(venue_, {}, Phrases());
  one.Upsert(mandarin);
  found.child.features.clear();
  found.child.language = "普通话";
  const std::vector<Candidate> m3_out = one.Match(found, 1);
  const FeatureScore* m3 = Feature(m3_out[0], "language");
  EXPECT_GT(m3->evidence, 0);
  EXPECT_LT(m3->evidence, MatchWeights{}.language.for_match);
  EXPECT_TRUE(Says(m3, "both Mandarin")) << m3->explanation;
}

// Issue 13: features written in English on one side and Chinese on the other shared 0% of
// characters. They are compared through the phrase table's ids.
TEST_F(MatcherTest, Issue13FeaturesAcrossChineseAndEnglish) {
  MatchIndex index(venue_, {}, Phrases());
  Case m = Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白");
  m.child.features = "red-framed glasses, a scar above the left eyebrow";
  index.Upsert(m);
  Case found = Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白");
  found.child.features = "戴红框眼镜，左眉有疤";
  const std::vector<Candidate> f_out = index.Match(found, 1);
  const FeatureScore* f = Feature(f_out[0], "features");
  EXPECT_GT(f->evidence, 0);
  EXPECT_TRUE(Says(f, "wears glasses")) << f->explanation;
  EXPECT_TRUE(Says(f, "a scar")) << f->explanation;
}

// Fragile features cost less than robust ones when they disagree: a toddler's sex less than
// a nine-year-old's, a top (a jacket comes off) less than shoes.
TEST_F(MatcherTest, Issue13FragileMismatchCostsLessThanRobust) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("toddler", Sex::kFemale, 3, 95, "红", "黑", "白"));
  index.Upsert(Missing("older", Sex::kFemale, 9, 135, "红", "黑", "白"));
  auto toddler = index.Match(Found("f-1", Sex::kMale, 2, 4, 95, "红", "黑", "白"), 2);
  auto older = index.Match(Found("f-2", Sex::kMale, 8, 10, 135, "红", "黑", "白"), 2);
  const FeatureScore* sex_toddler = Feature(*Find(toddler, "toddler"), "sex");
  const FeatureScore* sex_older = Feature(*Find(older, "older"), "sex");
  EXPECT_LT(sex_toddler->evidence, 0);
  EXPECT_LT(sex_older->evidence, sex_toddler->evidence);
  EXPECT_TRUE(Says(sex_toddler, "toddler's sex is often misjudged")) << sex_toddler->explanation;

  MatchIndex clothes(venue_, {}, Phrases());
  clothes.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红色外套", "黑色裤子", "白色鞋"));
  auto top_off = clothes.Match(Found("f-1", Sex::kMale, 4, 6, 110, "绿", "黑", "白"), 1);
  auto other_shoes = clothes.Match(Found("f-2", Sex::kMale, 4, 6, 110, "红", "黑", "绿"), 1);
  const FeatureScore* top = Feature(top_off[0], "top");
  const FeatureScore* shoes = Feature(other_shoes[0], "shoes");
  EXPECT_LT(top->evidence, 0);
  EXPECT_LT(shoes->evidence, top->evidence);
  EXPECT_TRUE(Says(top, "a jacket may be off or on")) << top->explanation;
  EXPECT_TRUE(Says(shoes, "shoes are rarely changed")) << shoes->explanation;
  EXPECT_TRUE(HasWarning(other_shoes[0], "shoe colour differs"));
}

// Issue 13: an older child's sex recorded differently by the officer cost 2.1 against a
// distractor of the recorded sex (1.5 against, 0.6 for), more than trousers of another colour;
// on the development sets about one true child in ten has its sex recorded differently. The
// true child, whose clothes all agree, now ranks above the distractor whose trousers differ.
TEST_F(MatcherTest, Issue13AnOlderChildsSexRecordedDifferentlyCostsLessThanOtherTrousers) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("true", Sex::kFemale, 9, 135, "红色外套", "黑色裤子", "白色鞋"));
  index.Upsert(Missing("other", Sex::kMale, 9, 135, "红色外套", "蓝色裤子", "白色鞋"));
  auto out = index.Match(Found("f-1", Sex::kMale, 8, 10, 135, "红", "黑", "白"), 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "true");
  EXPECT_FALSE(out[0].tied);
  EXPECT_TRUE(HasWarning(out[0], "sex differs"));  // still shown to the desk
  EXPECT_LT(Feature(out[0], "sex")->evidence, 0);
}

// Issue 13: a toddler's sex recorded differently (0.4 against, 0.4 for the distractor of the
// recorded sex) outweighed a last-seen estimate 40 minutes further from the found time. An
// officer's guess of a toddler's sex is now nearly no evidence either way.
TEST_F(MatcherTest, Issue13AToddlersSexRecordedDifferentlyWeighsLessThanFortyMinutes) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("true", Sex::kFemale, 3, 95, "红色外套", "黑色裤子", "白色鞋"));
  Case earlier = Missing("earlier", Sex::kMale, 3, 95, "红色外套", "黑色裤子", "白色鞋");
  earlier.seen_at = t0_ - std::chrono::minutes(40);
  index.Upsert(earlier);
  auto out = index.Match(Found("f-1", Sex::kMale, 2, 4, 95, "红", "黑", "白", "penguin",
                               std::chrono::minutes(15)), 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "true");
  EXPECT_FALSE(out[0].tied);
  EXPECT_TRUE(Says(Feature(out[0], "sex"), "toddler's sex is often misjudged"));
}

// Far but reachable is weak evidence, not a veto; beyond a walk is weak evidence against.
TEST_F(MatcherTest, Issue13FarButReachableIsWeakEvidenceNotAVeto) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白", "plaza"));
  // plaza -> whale is ~680 m; in 20 min a child walks far more: far but reachable.
  auto far = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白", "whale"), 1);
  auto near = index.Match(Found("f-2", Sex::kMale, 4, 6, 110, "红", "黑", "白", "plaza"), 1);
  const FeatureScore* p = Feature(far[0], "place");
  EXPECT_GT(p->evidence, 0);
  EXPECT_LT(p->evidence, Feature(near[0], "place")->evidence);
  EXPECT_TRUE(Says(p, "far but reachable on foot: weak evidence")) << p->explanation;

  MatchConfig slow;
  slow.child_speed_mps = 0.1;  // a toddler who barely moves: whale is beyond a walk
  slow.speed_slack = 1.0;
  MatchIndex toddler(venue_, slow, Phrases());
  toddler.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白", "plaza"));
  auto carried = toddler.Match(Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白", "whale",
                                     std::chrono::minutes(30)),
                               1);
  const FeatureScore* c = Feature(carried[0], "place");
  EXPECT_LT(c->evidence, 0);
  EXPECT_GT(c->evidence, -slow.weights.place.against);  // weak, not the full weight
  EXPECT_TRUE(Says(c, "carried by a crowd or a parade")) << c->explanation;
  EXPECT_GT(carried[0].total, 0.6);  // everything else fits: still a strong candidate
}

// A guardian's last-seen time is an estimate: a found time a little before it is weak
// evidence against, not the strongest evidence against.
TEST_F(MatcherTest, Issue13FoundJustBeforeTheLastSeenEstimateIsWeakEvidenceAgainst) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白"));
  auto before = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白", "penguin",
                                  -std::chrono::minutes(10)),
                            1);
  const FeatureScore* t = Feature(before[0], "time");
  EXPECT_LT(t->evidence, 0);
  EXPECT_GT(t->evidence, -0.5 * MatchWeights{}.time.against);
  EXPECT_TRUE(Says(t, "before the guardian's estimate of last seen")) << t->explanation;
  EXPECT_TRUE(Says(t, "weak evidence against")) << t->explanation;
  EXPECT_FALSE(HasWarning(before[0], "time does not fit"));

  // Hours before cannot be the same child: strong evidence against, and a warning.
  auto hours = index.Match(Found("f-2", Sex::kMale, 4, 6, 110, "红", "黑", "白", "penguin",
                                 -std::chrono::hours(2)),
                           1);
  EXPECT_DOUBLE_EQ(Feature(hours[0], "time")->evidence, -MatchWeights{}.time.against);
  EXPECT_TRUE(HasWarning(hours[0], "time does not fit"));
}

// Found a few minutes before the guardian's estimate is within its usual error: on the
// development sets one true child in ten was found 1-5 min before it. Nearly as good as found
// soon after, not weak evidence; ten minutes before stays weak evidence against (above).
TEST_F(MatcherTest, Issue13FoundMinutesBeforeTheEstimateIsWithinItsError) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白"));
  auto before = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白", "penguin",
                                  -std::chrono::minutes(3)),
                            1);
  auto after = index.Match(Found("f-2", Sex::kMale, 4, 6, 110, "红", "黑", "白", "penguin",
                                 std::chrono::minutes(60)),
                           1);
  const FeatureScore* t = Feature(before[0], "time");
  ASSERT_NE(t, nullptr);
  EXPECT_GE(t->evidence, 0.8 * MatchWeights{}.time.for_match);
  EXPECT_GT(t->evidence, Feature(after[0], "time")->evidence);  // better than an hour after
  EXPECT_TRUE(Says(t, "the estimate is rough")) << t->explanation;
  EXPECT_TRUE(Says(t, "within its usual error")) << t->explanation;
  EXPECT_NE(t->explanation_zh.find("通常误差之内"), std::string::npos);
}

// A garment of two colours on both sides that agree in both is rarer than one colour shared:
// "白/蓝" against "白蓝" beats "白/蓝" against "白红", which shares white only.
TEST_F(MatcherTest, Issue13BothColoursOfATwoColourGarmentAgree) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "白蓝条纹T恤", "黑", "白"));
  index.Upsert(Missing("m-2", Sex::kMale, 5, 110, "白红条纹T恤", "黑", "白"));
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "白 蓝", "黑", "白", "penguin"), 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "m-1");
  EXPECT_FALSE(out[0].tied);
  const FeatureScore* both = Feature(out[0], "top");
  const FeatureScore* one = Feature(out[1], "top");
  EXPECT_GT(both->evidence, one->evidence);
  EXPECT_TRUE(Says(both, "a second colour agrees too")) << both->explanation;
  EXPECT_NE(both->explanation_zh.find("第二种颜色也相符"), std::string::npos);
  EXPECT_FALSE(Says(one, "a second colour agrees too")) << one->explanation;

  // One colour read twice ("黄" from inside the text "土黄色" beside the colour word "土黄") is
  // not a second colour: no bonus.
  MatchIndex khaki(venue_, {}, Phrases());
  Case m = Missing("m-3", Sex::kMale, 5, 110, "", "土黄色短裤", "");
  m.child.clothing.bottom.colour_words = "土黄";
  khaki.Upsert(m);
  Case f = Found("f-2", Sex::kMale, 4, 6, 110, "", "土黄", "", "penguin");
  f.child.clothing.bottom.text = "土黄色裤子";
  auto k = khaki.Match(f, 1);
  ASSERT_EQ(k.size(), 1u);
  const FeatureScore* bottom = Feature(k[0], "bottom");
  ASSERT_NE(bottom, nullptr);
  EXPECT_GT(bottom->evidence, 0);
  EXPECT_FALSE(Says(bottom, "a second colour agrees too")) << bottom->explanation;
}

// A visitor who fills the form in their own language: the basic colours of the languages the
// phrase table names (Russian in its genders, Spanish, Japanese, Korean, ...) are read into the
// same colour space as the officer's Chinese, not left unread.
TEST_F(MatcherTest, Issue13ColourWordsOfVisitorsLanguages) {
  MatchIndex index(venue_, {}, Phrases());
  Case m = Missing("m-1", Sex::kMale, 3, 96, "", "", "");
  m.child.clothing.top.colour_words = "красная";
  m.child.clothing.bottom.colour_words = "azul";
  m.child.clothing.shoes.colour_words = "흰색";
  index.Upsert(m);
  auto out = index.Match(Found("f-1", Sex::kMale, 2, 4, 95, "红", "蓝", "白", "penguin"), 1);
  ASSERT_EQ(out.size(), 1u);
  for (const char* g : {"top", "bottom", "shoes"}) {
    const FeatureScore* f = Feature(out[0], g);
    ASSERT_NE(f, nullptr);
    ASSERT_TRUE(f->strength.has_value()) << g << ": " << f->explanation;
    EXPECT_DOUBLE_EQ(*f->strength, 1.0) << f->explanation;
    EXPECT_GT(f->evidence, 0);
  }
  EXPECT_TRUE(Says(Feature(out[0], "top"), "красная")) << Feature(out[0], "top")->explanation;
}

// Unknown fields are neutral: a found report with no shoes and no height loses nothing there.
TEST_F(MatcherTest, Issue13NotRecordedIsNeutral) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白"));
  Case found = Found("f-1", Sex::kUnknown, 4, 6, 0, "红", "黑", "");
  auto out = index.Match(found, 1);
  for (const char* f : {"sex", "height", "shoes", "hat"}) {
    EXPECT_EQ(Feature(out[0], f)->evidence, 0) << f;
    EXPECT_DOUBLE_EQ(Feature(out[0], f)->score, 0.5) << f;
    EXPECT_TRUE(Says(Feature(out[0], f), "not recorded on one side: neutral")) << f;
  }
}

// Issue 18: "not recorded" is an explicit state, not the score 0.5 that a real neutral
// observation also has. An age one year outside the officer's range is recorded on both sides
// and neutral (strength 0); an unrecorded height has no strength at all.
TEST_F(MatcherTest, Issue18NotRecordedIsAStateNotAScore) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 7, 110, "红", "黑", "白"));
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 0, "红", "黑", "绿"), 1);
  const FeatureScore* age = Feature(out[0], "age");
  const FeatureScore* height = Feature(out[0], "height");
  ASSERT_TRUE(age->strength.has_value());
  EXPECT_DOUBLE_EQ(*age->strength, 0);  // recorded, and neither for nor against
  EXPECT_DOUBLE_EQ(age->score, 0.5);
  EXPECT_FALSE(height->strength.has_value());  // not recorded: no strength
  EXPECT_DOUBLE_EQ(height->score, 0.5);
  // The shoe warning is real: it fires on a recorded shoe contradiction and only then.
  const FeatureScore* shoes = Feature(out[0], "shoes");
  ASSERT_TRUE(shoes->strength.has_value());
  EXPECT_LT(*shoes->strength, 0);
  EXPECT_TRUE(HasWarning(out[0], "shoe colour differs"));
  auto no_shoes = index.Match(Found("f-2", Sex::kMale, 4, 6, 0, "红", "黑", ""), 1);
  EXPECT_FALSE(Feature(no_shoes[0], "shoes")->strength.has_value());
  EXPECT_FALSE(HasWarning(no_shoes[0], "shoe colour differs"));
}

// Session 2 of issue 13: rarer evidence counts above common evidence. White shoes shared by
// most open reports say less than purple shoes only one report names.
TEST_F(MatcherTest, Issue13CommonColourCountsLessThanARareOne) {
  MatchIndex index(venue_, {}, Phrases());
  for (int i = 0; i < 12; ++i)
    index.Upsert(Missing("white-" + std::to_string(i), Sex::kMale, 5, 110, "红", "黑", "白色鞋"));
  index.Upsert(Missing("purple", Sex::kMale, 5, 110, "红", "黑", "紫色鞋"));
  auto white = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白"), 20);
  auto purple = index.Match(Found("f-2", Sex::kMale, 4, 6, 110, "红", "黑", "紫"), 20);
  const FeatureScore* w = Feature(*Find(white, "white-0"), "shoes");
  const FeatureScore* p = Feature(*Find(purple, "purple"), "shoes");
  EXPECT_GT(w->evidence, 0);
  EXPECT_LT(w->evidence, p->evidence);
  EXPECT_DOUBLE_EQ(p->evidence, MatchWeights{}.shoes.for_match);  // a rare colour: full weight
  EXPECT_TRUE(Says(w, "common among the open reports")) << w->explanation;
  EXPECT_NE(w->explanation_zh.find("常见"), std::string::npos) << w->explanation_zh;
}

// A shared mark few children have (braces) says more than a shared look many have (short hair),
// and a long phrase shared in free words is one piece of evidence, not one per character pair.
TEST_F(MatcherTest, Issue13SharedMarkOutweighsSharedCommonLook) {
  MatchIndex index(venue_, {}, Phrases());
  Case look = Missing("look", Sex::kMale, 5, 110, "红", "黑", "白");
  look.child.features = "短发";
  Case mark = Missing("mark", Sex::kMale, 5, 110, "红", "黑", "白");
  mark.child.features = "戴牙套";
  Case sentence = Missing("sentence", Sex::kMale, 5, 110, "红", "黑", "白");
  sentence.child.features = "头发梳得很整齐";
  for (const Case& c : {look, mark, sentence}) index.Upsert(c);
  Case found = Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白");
  found.child.features = "短发，戴牙套，头发梳得很整齐";
  auto out = index.Match(found, 3);
  const double e_look = Feature(*Find(out, "look"), "features")->evidence;
  const double e_mark = Feature(*Find(out, "mark"), "features")->evidence;
  const double e_sentence = Feature(*Find(out, "sentence"), "features")->evidence;
  EXPECT_GT(e_look, 0);
  EXPECT_GT(e_mark, 1.5 * e_look);
  EXPECT_LT(e_sentence, 1.5 * e_mark);  // the old matcher: 3 × the mark (five pairs saturate)
  EXPECT_TRUE(Says(Feature(*Find(out, "look"), "features"), "a look many children share"));
}

// Garment kinds are compared as well as colours: a dress is not a T-shirt (evidence against,
// with a warning), while a jacket over a T-shirt never contradicts.
TEST_F(MatcherTest, Issue13GarmentKindsThatExcludeEachOtherAreEvidenceAgainst) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("dress", Sex::kFemale, 5, 110, "粉色连衣裙", "", "白色运动鞋"));
  index.Upsert(Missing("jacket", Sex::kFemale, 5, 110, "粉色外套", "", "白色运动鞋"));
  Case found = Found("f-1", Sex::kFemale, 4, 6, 110, "粉", "", "白");
  found.child.clothing.top.text = "粉色短袖T恤";
  auto out = index.Match(found, 2);
  const FeatureScore* d = Feature(*Find(out, "dress"), "details");
  const FeatureScore* j = Feature(*Find(out, "jacket"), "details");
  EXPECT_LT(d->evidence, 0);
  EXPECT_GE(j->evidence, 0);
  EXPECT_TRUE(Says(d, "different kinds of garment")) << d->explanation;
  EXPECT_NE(d->explanation_zh.find("不同种类"), std::string::npos) << d->explanation_zh;
  EXPECT_TRUE(HasWarning(*Find(out, "dress"), "different kind"));
  EXPECT_EQ(out[0].case_id, "jacket");
}

// Time and height are graded: found 15 min after last seen is stronger evidence than 50 min
// after (the old matcher gave both full weight), and a 1 cm height gap more than 5 cm.
TEST_F(MatcherTest, Issue13SoonerAndCloserAreStrongerEvidence) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白"));
  Case soon = Found("f-1", Sex::kMale, 4, 6, 111, "红", "黑", "白", "penguin", std::chrono::minutes(15));
  Case later = Found("f-2", Sex::kMale, 4, 6, 115, "红", "黑", "白", "penguin", std::chrono::minutes(50));
  soon.child.height_tolerance_cm = later.child.height_tolerance_cm = 0;
  auto a = index.Match(soon, 1);
  auto b = index.Match(later, 1);
  EXPECT_GT(Feature(a[0], "time")->evidence, Feature(b[0], "time")->evidence);
  EXPECT_GT(Feature(b[0], "time")->evidence, 0);
  EXPECT_GT(Feature(a[0], "height")->evidence, Feature(b[0], "height")->evidence);
  EXPECT_GT(Feature(b[0], "height")->evidence, 0);
  EXPECT_TRUE(Says(Feature(b[0], "time"), "later, weaker evidence"));
  EXPECT_NE(Feature(b[0], "time")->explanation_zh.find("分钟"), std::string::npos);
}

// A height within tolerance is weak evidence given the age: a report that only adds a stated
// height does not outrank a child whose guardian gave none but who fits the time better (at the
// old weight, 0.5, the stated height won; issue 13, session 9).
TEST_F(MatcherTest, Issue13AStatedHeightAloneDoesNotOutrankABetterTime) {
  MatchIndex index(venue_, {}, Phrases());
  Case with_height = Missing("m-height", Sex::kMale, 5, 110, "红", "黑", "白");
  with_height.seen_at = t0_ - std::chrono::minutes(10);  // found 30 min after
  index.Upsert(with_height);
  index.Upsert(Missing("m-no-height", Sex::kMale, 5, 0, "红", "黑", "白"));  // found 20 min after
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白", "penguin"), 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "m-no-height");
  EXPECT_FALSE(out[0].tied);
  const FeatureScore* h = Feature(out[1], "height");
  ASSERT_NE(h, nullptr);
  EXPECT_GT(h->evidence, 0);     // still some evidence for the match
  EXPECT_LT(h->evidence, 0.2);   // but less than a few minutes of time
  EXPECT_FALSE(Feature(out[0], "height")->strength.has_value());  // not given: neutral
}

// The picture on a garment is seen by the officer and known by the guardian: both naming one
// and sharing none (a shark against a dinosaur) is evidence against, like a dress against a
// T-shirt. A style (stripes) goes with any picture, and a character is its animal to an officer
// who does not know it (Hello Kitty is "a cat"). Issue 13, session 9.
TEST_F(MatcherTest, Issue13DifferentPicturesOnAGarmentAreEvidenceAgainst) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-shark", Sex::kMale, 5, 110, "白色T恤，印着鲨鱼", "黑色裤子", "白色鞋"));
  index.Upsert(Missing("m-plain", Sex::kMale, 5, 110, "白色T恤", "黑色裤子", "白色鞋"));
  index.Upsert(Missing("m-stripes", Sex::kMale, 5, 110, "白色条纹T恤", "黑色裤子", "白色鞋"));
  Case found = Found("f-1", Sex::kMale, 4, 6, 110, "白", "黑", "白", "penguin");
  found.child.clothing.top.text = "白T恤 恐龙";
  auto out = index.Match(found, 3);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[2].case_id, "m-shark");
  EXPECT_LT(out[2].evidence, out[1].evidence - 0.5);
  const FeatureScore* d = Feature(out[2], "details");
  ASSERT_NE(d, nullptr);
  EXPECT_LT(d->evidence, 0);
  EXPECT_TRUE(Says(d, "different picture"));
  EXPECT_NE(d->explanation_zh.find("图案"), std::string::npos);
  EXPECT_TRUE(HasWarning(out[2], "different picture"));
  const Candidate* stripes = Find(out, "m-stripes");
  ASSERT_NE(stripes, nullptr);
  EXPECT_FALSE(HasWarning(*stripes, "different picture"));  // a style, not a picture

  MatchIndex kitty_index(venue_, {}, Phrases());
  kitty_index.Upsert(Missing("m-kitty", Sex::kFemale, 6, 115, "Hello Kitty粉色卫衣", "蓝裤子", "白鞋"));
  Case officer = Found("f-2", Sex::kFemale, 5, 7, 115, "粉", "蓝", "白", "penguin");
  officer.child.clothing.top.text = "粉红色卫衣有猫咪";
  auto kitty = kitty_index.Match(officer, 1);
  ASSERT_EQ(kitty.size(), 1u);
  EXPECT_FALSE(HasWarning(kitty[0], "different picture"));
  EXPECT_GT(Feature(kitty[0], "details")->evidence, 0);  // "a cat" shared
}

// The commonest pictures on children's clothes in either language: "a cat on it" and 猫咪 are one
// print, "dog" and 小狗 another, and the two are different pictures.
TEST_F(MatcherTest, Issue13CatsAndDogsAreReadInEitherLanguage) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-cat", Sex::kFemale, 6, 115, "灰色卫衣，有只猫咪", "黑裤子", "白鞋"));
  index.Upsert(Missing("m-dog", Sex::kFemale, 6, 115, "灰色卫衣，小狗印花", "黑裤子", "白鞋"));
  Case found = Found("f-1", Sex::kFemale, 5, 7, 115, "grey", "black", "white", "penguin");
  found.child.clothing.top.text = "grey hoodie, cat on it";
  auto out = index.Match(found, 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "m-cat");
  EXPECT_GT(Feature(out[0], "details")->evidence, 0);
  EXPECT_TRUE(HasWarning(out[1], "different picture"));
}

// One gate away (200 m) is near: a child seen there at the right time is not outranked on place
// by a report in the found zone whose time fits worse (at 150 m it was; issue 13, session 9).
TEST_F(MatcherTest, Issue13TheNextZoneIsNear) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-next-zone", Sex::kMale, 5, 110, "红", "黑", "白", "penguin"));  // 206 m
  Case same_zone = Missing("m-same-zone", Sex::kMale, 5, 110, "红", "黑", "白", "whale");
  same_zone.seen_at = t0_ - std::chrono::minutes(5);  // found 25 min after, not 20
  index.Upsert(same_zone);
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白", "whale"), 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "m-next-zone");
  EXPECT_FALSE(out[0].tied);
  EXPECT_TRUE(Says(Feature(out[0], "place"), "near"));
}

// Both name one thing with another value: a mole on the other cheek is another child, however
// much else fits (issue 13, session 10). The old matcher counted the shared mole for the match
// and ranked the report whose time fits better, with the mole on the wrong side, first.
TEST_F(MatcherTest, Issue13SameThingOtherValueIsEvidenceAgainst) {
  MatchIndex index(venue_, {}, Phrases());
  Case true_child = Missing("m-left", Sex::kFemale, 5, 110, "红", "黑", "白", "penguin");
  true_child.child.features = "扎辫子，脸上有颗痣";  // the guardian gives no side
  true_child.seen_at = t0_ - std::chrono::minutes(25);  // found 45 min after
  Case other = Missing("m-right", Sex::kFemale, 5, 110, "红", "黑", "白", "penguin");
  other.child.features = "扎辫子，右脸颊有颗痣";  // found 20 min after
  index.Upsert(true_child);
  index.Upsert(other);
  Case found = Found("f-1", Sex::kFemale, 4, 6, 110, "红", "黑", "白", "penguin");
  found.child.features = "mole on her left cheek, pigtails";
  auto out = index.Match(found, 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].case_id, "m-left");
  const FeatureScore* f = Feature(out[1], "features");
  ASSERT_NE(f, nullptr);
  EXPECT_LT(f->evidence, 0);
  EXPECT_TRUE(Says(f, "the same thing with another value")) << f->explanation;
  EXPECT_TRUE(Says(f, "on the right")) << f->explanation;
  EXPECT_NE(f->explanation_zh.find("同一样东西说法不同"), std::string::npos) << f->explanation_zh;
  EXPECT_TRUE(HasWarning(out[1], "side, place or colour"));

  // A worn thing's colour counts, a carried thing's little: a silver bracelet against a gold
  // one is evidence against; a red balloon against a blue one costs less.
  MatchIndex worn(venue_, {}, Phrases());
  Case silver = Missing("m-silver", Sex::kFemale, 5, 110, "红", "黑", "白", "penguin");
  silver.child.features = "戴银色手链";
  Case red_balloon = Missing("m-balloon", Sex::kFemale, 5, 110, "红", "黑", "白", "penguin");
  red_balloon.child.features = "拿着红色气球";
  worn.Upsert(silver);
  worn.Upsert(red_balloon);
  Case gold = Found("f-2", Sex::kFemale, 4, 6, 110, "红", "黑", "白", "penguin");
  gold.child.features = "gold bracelet";
  Case blue = Found("f-3", Sex::kFemale, 4, 6, 110, "红", "黑", "白", "penguin");
  blue.child.features = "蓝色气球";
  auto g = worn.Match(gold, 2);
  auto b = worn.Match(blue, 2);
  const FeatureScore* bracelet = Feature(*Find(g, "m-silver"), "features");
  const FeatureScore* balloon = Feature(*Find(b, "m-balloon"), "features");
  ASSERT_NE(bracelet, nullptr);
  ASSERT_NE(balloon, nullptr);
  EXPECT_LT(bracelet->evidence, 0);
  EXPECT_LT(balloon->evidence, 0);
  EXPECT_LT(bracelet->evidence, balloon->evidence);
  EXPECT_TRUE(Says(balloon, "easily swapped")) << balloon->explanation;
}

// case-service matches an open case from the profile indexed when it was filed: the same
// candidates as matching its description afresh; a case not indexed gives nothing.
TEST_F(MatcherTest, Issue13MatchIndexedEqualsMatchingTheCase) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白"));
  index.Upsert(Missing("m-2", Sex::kFemale, 8, 130, "绿", "白", "黑"));
  const Case found = Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白");
  index.Upsert(found);
  auto fresh = index.Match(found, 2);
  auto indexed = index.MatchIndexed("f-1", 2);
  ASSERT_TRUE(indexed.has_value());
  ASSERT_EQ(indexed->size(), fresh.size());
  for (size_t i = 0; i < fresh.size(); ++i) {
    EXPECT_EQ((*indexed)[i].case_id, fresh[i].case_id);
    EXPECT_DOUBLE_EQ((*indexed)[i].evidence, fresh[i].evidence);
  }
  EXPECT_FALSE(index.MatchIndexed("nobody").has_value());
}

TEST_F(MatcherTest, LabelsLikelyOnlyWhenOneStandsClearlyAbove) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "藏青色外套", "黑色裤子", "白色运动鞋"));
  index.Upsert(Missing("m-2", Sex::kFemale, 9, 135, "粉红连衣裙", "粉色裙子", "红色凉鞋"));
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 112, "navy", "black", "white", "penguin"), 2);
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].label, "likely");
  EXPECT_NE(out[0].label_reason_en.find("points of evidence above the next candidate m-2"),
            std::string::npos)
      << out[0].label_reason_en;
  EXPECT_NE(out[0].label_reason_zh.find("很可能"), std::string::npos);
  EXPECT_EQ(out[1].label, "possible");
  EXPECT_NE(out[1].label_reason_zh.find("低"), std::string::npos);

  // Two close candidates: neither is likely.
  index.Upsert(Missing("m-3", Sex::kMale, 5, 111, "深蓝外套", "黑色裤子", "白色鞋"));
  out = index.Match(Found("f-1", Sex::kMale, 4, 6, 112, "navy", "black", "white", "penguin"), 2);
  EXPECT_EQ(out[0].label, "possible");
  EXPECT_NE(out[0].label_reason_en.find("compare both"), std::string::npos)
      << out[0].label_reason_en;
}

TEST_F(MatcherTest, TiesBeyondTheLimitAreReturnedToo) {
  MatchIndex index(venue_, {}, Phrases());
  for (const char* id : {"m-1", "m-2", "m-3"})
    index.Upsert(Missing(id, Sex::kMale, 5, 110, "红", "黑", "白"));
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白"), 1);
  ASSERT_EQ(out.size(), 3u);
  for (const auto& c : out) EXPECT_TRUE(c.tied) << c.case_id;
}

TEST_F(MatcherTest, RemoveAndSameKindDuplicates) {
  MatchIndex index(venue_, {}, Phrases());
  index.Upsert(Missing("m-1", Sex::kMale, 5, 110, "藏青", "黑", "白"));
  index.Upsert(Missing("m-2", Sex::kMale, 5, 111, "navy", "black", "white"));
  index.Upsert(Found("f-9", Sex::kFemale, 10, 12, 140, "red", "red", "red"));
  EXPECT_EQ(index.size(), 3u);
  auto dup = index.Match(Missing("m-1", Sex::kMale, 5, 110, "藏青", "黑", "白"), 5,
                         MatchTarget::kSameKind);
  ASSERT_EQ(dup.size(), 1u);  // itself excluded, found excluded
  EXPECT_EQ(dup[0].case_id, "m-2");
  index.Remove("m-2");
  index.Remove("nope");
  EXPECT_EQ(index.size(), 2u);
  EXPECT_TRUE(
      index.Match(Missing("m-1", Sex::kMale, 5, 110, "藏青", "黑", "白"), 5, MatchTarget::kSameKind)
          .empty());
  // Upsert replaces rather than duplicates.
  index.Upsert(Missing("m-1", Sex::kMale, 6, 118, "red", "red", "red"));
  EXPECT_EQ(index.size(), 2u);
}

TEST_F(MatcherTest, PhotoColoursTakePartInMatching) {
  MatchIndex index(venue_, {}, Phrases());
  Case m = Missing("m-1", Sex::kMale, 5, 110, "", "", "");
  m.child.clothing.top.photo_colours = {SrgbToLab(25, 35, 80)};  // navy-ish from a photo
  index.Upsert(m);
  auto out = index.Match(Found("f-1", Sex::kMale, 4, 6, 110, "藏青", "", ""), 1);
  EXPECT_DOUBLE_EQ(Feature(out[0], "top")->score, 1.0);
  EXPECT_NE(Feature(out[0], "top")->explanation.find("photo"), std::string::npos);
}

// With a shortlist of 1 the prefilter alone picks the candidate: it must agree with the full
// model on a clear case, or the shortlist would drop true matches.
TEST_F(MatcherTest, PrefilterAgreesWithFullModelOnClearCases) {
  MatchConfig one;
  one.shortlist = 1;
  MatchIndex narrow(venue_, one, Phrases());
  MatchIndex wide(venue_, {}, Phrases());
  const Case cases[] = {
      Missing("m-1", Sex::kMale, 5, 110, "藏青色外套", "黑色裤子", "白色运动鞋"),
      Missing("m-2", Sex::kFemale, 9, 135, "粉红连衣裙", "粉色裙子", "红色凉鞋"),
      Missing("m-3", Sex::kMale, 11, 150, "黄色T恤", "绿色短裤", "黑色鞋", "theatre"),
  };
  for (const auto& c : cases) {
    narrow.Upsert(c);
    wide.Upsert(c);
  }
  const Case queries[] = {
      Found("f-1", Sex::kMale, 4, 6, 112, "navy", "black", "white"),
      Found("f-2", Sex::kFemale, 8, 10, 132, "pink", "pink", "red"),
      Found("f-3", Sex::kMale, 10, 12, 148, "yellow", "green", "black", "polar")};
  const char* want[] = {"m-1", "m-2", "m-3"};
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(narrow.Match(queries[i], 1).at(0).case_id, want[i]);
    EXPECT_EQ(wide.Match(queries[i], 1).at(0).case_id, want[i]);
  }
}


// Session 3 of issue 13: a child who speaks a dialect at home (湖南话) nearly always speaks
// Mandarin too, so an officer who hears Mandarin gives no evidence against the guardian's
// dialect (it was weak evidence against); two different dialects stay weak evidence against.
TEST_F(MatcherTest, Issue13MandarinAgainstADialectIsNeutral) {
  MatchIndex index(venue_, {}, Phrases());
  Case hunan = Missing("m-1", Sex::kMale, 5, 110, "红", "黑", "白");
  hunan.child.language = "湖南话";
  index.Upsert(hunan);
  Case found = Found("f-1", Sex::kMale, 4, 6, 110, "红", "黑", "白");
  found.child.language = "普通话";
  auto out = index.Match(found, 1);
  const FeatureScore* l = Feature(out[0], "language");
  ASSERT_NE(l, nullptr);
  EXPECT_EQ(l->evidence, 0);
  EXPECT_TRUE(l->strength.has_value());  // recorded on both sides: a real neutral
  EXPECT_TRUE(Says(l, "usually speaks Mandarin too")) << l->explanation;
  EXPECT_NE(l->explanation_zh.find("中性"), std::string::npos);
  found.child.language = "粤语";
  out = index.Match(found, 1);
  EXPECT_LT(Feature(out[0], "language")->evidence, 0);
}

// Issue 13: the prefilter skips the colour and language lookups of a report whose bound is
// below the shortlist's last entry. That must never change what comes back: among thousands
// of random reports, the pruned scan returns exactly the candidates, evidence and ties of the
// full scan, for found and missing queries and for several limits.
TEST_F(MatcherTest, Issue13PrunedScanReturnsWhatTheFullScanReturns) {
  MatchConfig full_cfg;
  full_cfg.prune_scan = false;
  MatchIndex pruned(venue_, {}, Phrases());
  MatchIndex full(venue_, full_cfg, Phrases());
  std::mt19937 rng(13);
  auto pick = [&rng](const auto& options) {
    return options[std::uniform_int_distribution<size_t>(0, std::size(options) - 1)(rng)];
  };
  auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  static constexpr const char* kColours[] = {"红", "蓝", "浅蓝", "藏青", "黑", "白", "灰", "粉色",
                                             "黄", "绿", "紫", "米色", "", "navy", "天蓝 白"};
  static constexpr const char* kFeatures[] = {"戴眼镜", "左脸有痣", "短发", "扎马尾", "",
                                              "门牙缺了一颗", "没戴眼镜", "拿着小火车", "胖胖的"};
  static constexpr const char* kLanguages[] = {"普通话", "粤语", "English", "", "四川话"};
  static constexpr const char* kZones[] = {"plaza", "parade", "penguin", "whale", "polar",
                                           "theatre"};
  static constexpr Sex kSexes[] = {Sex::kMale, Sex::kFemale, Sex::kUnknown};
  auto random_case = [&](const std::string& id, CaseKind kind) {
    Case c;
    c.id = id;
    c.kind = kind;
    c.child.sex = pick(kSexes);
    c.child.age_min = uniform(2, 11);
    c.child.age_max = c.child.age_min + (kind == CaseKind::kFound ? uniform(0, 2) : 0);
    c.child.height_cm = uniform(0, 3) == 0 ? 0 : 80 + 6 * c.child.age_min + uniform(-8, 8);
    c.child.height_tolerance_cm = kind == CaseKind::kFound ? 5 : 0;
    for (Garment* g : {&c.child.clothing.top, &c.child.clothing.bottom, &c.child.clothing.hat,
                       &c.child.clothing.shoes})
      g->colour_words = pick(kColours);
    c.child.features = std::string(pick(kFeatures)) + "，" + pick(kFeatures);
    c.child.language = pick(kLanguages);
    c.zone_id = pick(kZones);
    c.seen_at = t0_ + std::chrono::minutes(uniform(0, 600));
    return c;
  };
  for (int i = 0; i < 3000; ++i) {
    const Case c = random_case("m-" + std::to_string(i), CaseKind::kMissing);
    pruned.Upsert(c);
    full.Upsert(c);
  }
  int compared = 0;
  for (int i = 0; i < 60; ++i) {
    const Case q = random_case("q-" + std::to_string(i),
                               i % 4 == 3 ? CaseKind::kMissing : CaseKind::kFound);
    const MatchTarget target = q.kind == CaseKind::kMissing ? MatchTarget::kSameKind
                                                            : MatchTarget::kOppositeKind;
    for (size_t top_n : {1u, 5u, 20u}) {
      const auto a = pruned.Match(q, top_n, target);
      const auto b = full.Match(q, top_n, target);
      ASSERT_EQ(a.size(), b.size()) << q.id;
      for (size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a[k].case_id, b[k].case_id) << q.id << " #" << k;
        EXPECT_EQ(a[k].evidence, b[k].evidence) << q.id << " #" << k;
        EXPECT_EQ(a[k].tied, b[k].tied) << q.id << " #" << k;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 60 * 20);
}

}  // namespace
}  // namespace cs::cases
