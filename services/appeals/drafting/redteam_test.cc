// Red team: every input in testdata/redteam.txt, fed into every free-text field, must leave no
// trace in any language version, and every draft must stay valid (lengths, hotline).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/privacy/pii_guard.h"
#include "common/privacy/text_normalizer.h"
#include "common/text/utf8.h"
#include "services/appeals/drafting/drafter.h"
#include "services/appeals/drafting/weibo_length.h"

namespace cs::appeals {
using privacy::AsciiLower;
using privacy::Normalize;
using privacy::PiiGuard;
using privacy::PiiGuardConfig;
using text::ChineseConverter;
using text::kTraditionalToSimplified;

namespace {

constexpr const char* kHotline = "021-6123 4567";

struct RedCase {
  std::string category, payload, leak;
};

std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 3, "\\u{") == 0) {
      const size_t close = s.find('}', i);
      AppendUtf8(static_cast<char32_t>(std::stoul(s.substr(i + 3, close - i - 3), nullptr, 16)),
                 out);
      i = close;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

std::vector<RedCase> LoadCases() {
  const char* root = std::getenv("CS_SOURCE_DIR");
  const std::string path =
      std::string(root ? root : ".") + "/services/appeals/drafting/testdata/redteam.txt";
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << path;
  std::vector<RedCase> cases;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    std::stringstream ss(line);
    for (std::string col; std::getline(ss, col, '\t');) cols.push_back(col);
    cols.resize(3);
    cases.push_back({cols[0], Unescape(cols[1]), cols[2]});
  }
  return cases;
}

int Digit(char32_t c) {
  static const std::u32string kZero = U"0〇零洞",
                              kDigits[] = {U"0〇零洞", U"1一壹幺", U"2二贰貳两兩", U"3三叁參",
                                           U"4四肆",   U"5五伍",   U"6六陆陸",     U"7七柒拐",
                                           U"8八捌",   U"9九玖勾"};
  for (int d = 0; d < 10; ++d) {
    if (kDigits[d].find(c) != std::u32string::npos) return d;
  }
  return -1;
}

// Letters, digits and CJK only; lower case; numerals as ASCII digits.
std::u32string Squash(const std::string& text) {
  std::u32string out;
  for (char32_t c : Normalize(text).text) {
    c = AsciiLower(c);
    if (const int d = Digit(c); d >= 0) {
      out.push_back(U'0' + d);
    } else if ((c >= 'a' && c <= 'z') || c >= 0x3400) {
      out.push_back(c);
    }
  }
  return out;
}

class RedTeamTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto d = Drafter::Create();
    ASSERT_TRUE(d.ok()) << d.status();
    drafter_ = d->release();
    auto t2s = ChineseConverter::Create(kTraditionalToSimplified);
    ASSERT_TRUE(t2s.ok());
    t2s_ = t2s->release();
  }
  static void TearDownTestSuite() {
    delete drafter_;
    delete t2s_;
  }

  static CaseSnapshot Base() {
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
    s.top = {"红色外套", "red jacket"};
    s.shoes = {"白色运动鞋", "white trainers"};
    s.where_now = {"走失儿童服务中心", "the lost-child centre"};
    s.surname = "张";
    s.official_hotline = kHotline;
    s.child_full_name = "张小明";
    s.guardian_name = "李秀英";
    s.other_name_forms = {"Zhang Xiaoming", "Li Xiuying"};
    return s;
  }

  // An independent guard (not the drafter's) with the same restricted data.
  static const PiiGuard& Guard(bool consent) {
    auto make = [](bool with_consent) {
      PiiGuardConfig config;
      config.official_hotline = kHotline;
      config.protected_names = {{"张小明", "张"}, {"李秀英", ""}, {"Zhang Xiaoming", "Zhang"}};
      config.child_surname = "张";
      config.surname_consent = with_consent;
      config.allowed_terms = {"企鹅馆", "Penguin Pavilion", "海洋公园", "Ocean Park"};
      return new PiiGuard(*PiiGuard::Create(config));
    };
    static const PiiGuard* without = make(false);
    static const PiiGuard* with = make(true);
    return consent ? *with : *without;
  }

  static void CheckText(const std::string& text, int64_t limit, const RedCase& c, bool consent,
                        const std::string& where) {
    SCOPED_TRACE(c.category + " [" + c.payload.substr(0, 60) + "] in " + where);
    EXPECT_LE(WeiboLength(text), limit);
    EXPECT_NE(text.find(kHotline), std::string::npos) << text;
    EXPECT_TRUE(Guard(consent).Scan(text).empty()) << text;
    const std::u32string folded = Normalize(text).text;
    EXPECT_EQ(folded.size(), DecodeUtf8(text).size()) << "hidden characters: " << text;
    for (char32_t bad : U"#@<>{}") {
      if (bad != 0) {
        EXPECT_EQ(folded.find(bad), std::u32string::npos) << text;
      }
    }
    std::u32string lower;
    for (char32_t ch : folded) lower.push_back(AsciiLower(ch));
    for (std::u32string_view word : {U"http", U"www.", U"script", U"javascript"}) {
      EXPECT_EQ(lower.find(word), std::u32string::npos) << text;
    }
    if (!c.leak.empty()) {
      const std::u32string leak = Squash(c.leak);
      EXPECT_EQ(Squash(text).find(leak), std::u32string::npos) << text;
      EXPECT_EQ(Squash(*t2s_->Convert(text)).find(leak), std::u32string::npos) << text;
    }
  }

  static void CheckDraft(const CaseSnapshot& s, AppealKind kind, const RedCase& c,
                         const std::string& field) {
    auto draft = drafter_->Draft(s, kind);
    ASSERT_TRUE(draft.ok()) << draft.status() << " for " << c.payload << " in " << field;
    ASSERT_EQ(draft->versions.size(), 3u);
    for (const DraftVersion& v : draft->versions) {
      const std::string where = std::string(LanguageTag(v.language)) + " " + field;
      CheckText(v.headline, kWeiboHeadlineLimit, c, s.surname_consent, where + " headline");
      CheckText(v.long_text, kWeiboLongLimit, c, s.surname_consent, where + " long");
    }
  }

  static inline Drafter* drafter_ = nullptr;
  static inline ChineseConverter* t2s_ = nullptr;
};

TEST_F(RedTeamTest, DataFileHasEnoughCases) {
  int phones = 0;
  for (const RedCase& c : LoadCases()) phones += c.category == "phone";
  EXPECT_GE(phones, 20);
}

TEST_F(RedTeamTest, EveryInputInEveryFieldLeavesNoTrace) {
  const std::vector<RedCase> cases = LoadCases();
  ASSERT_FALSE(cases.empty());
  for (const RedCase& c : cases) {
    // All fields at once, all three appeal kinds, with and without consent.
    for (const bool consent : {false, true}) {
      CaseSnapshot s = Base();
      s.surname_consent = consent;
      for (LocalText* f :
           {&s.top, &s.bottom, &s.hat, &s.shoes, &s.features, &s.where_now, &s.last_seen_place}) {
        *f = {"蓝色" + c.payload + "衣服", "blue " + c.payload + " clothes"};
      }
      for (AppealKind kind :
           {AppealKind::kFoundChild, AppealKind::kMissingChild, AppealKind::kFollowUp}) {
        CheckDraft(s, kind, c, "all fields");
      }
    }
    // One field at a time, so no neighbour hides a problem.
    const char* names[] = {"top", "bottom", "hat", "shoes", "features", "where_now"};
    for (int k = 0; k < 6; ++k) {
      CaseSnapshot s = Base();
      LocalText* fields[] = {&s.top, &s.bottom, &s.hat, &s.shoes, &s.features, &s.where_now};
      fields[k]->zh = c.payload;
      fields[k]->en = "";  // falls back to the Chinese text
      CheckDraft(s, AppealKind::kFoundChild, c, names[k]);
    }
    // The surname with consent is published, so it must be cleaned too.
    CaseSnapshot s = Base();
    s.surname_consent = true;
    s.surname = c.payload;
    CheckDraft(s, AppealKind::kFoundChild, c, "surname");
  }
}

TEST_F(RedTeamTest, HundredThousandCharacterField) {
  std::string huge;
  const std::vector<RedCase> cases = LoadCases();
  while (CodePointCount(huge) < 100000) {
    for (const RedCase& c : cases) huge += c.payload + "，";
  }
  huge = std::string(TruncateCodePoints(huge, 100000));
  ASSERT_EQ(CodePointCount(huge), 100000u);
  CaseSnapshot s = Base();
  for (LocalText* f : {&s.top, &s.bottom, &s.hat, &s.shoes, &s.features, &s.where_now}) {
    *f = {huge, huge};
  }
  const RedCase c{"huge", "(100,000 characters)", "13812345678"};
  CheckDraft(s, AppealKind::kFoundChild, c, "all fields");
  CheckDraft(s, AppealKind::kMissingChild, c, "all fields");
}

}  // namespace
}  // namespace cs::appeals
