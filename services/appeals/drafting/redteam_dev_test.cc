// The shared red-team development set (../shared/data/redteam/dev.json, written independently of
// the guard; see its PROVENANCE.md): every hostile text, typed into the field it names, must
// leave none of its `never` strings (nor the case's restricted values) in any of the three
// drafts, and every benign control must keep its `must_keep` strings in the draft of its own
// language. Comparison follows the set's normalise.py. The set is not copied into the tree: the
// test reads it from $CS_SOURCE_DIR/../shared and skips, saying so, when it is absent.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "common/privacy/chinese_names.h"
#include "common/testing/shared_data.h"
#include "common/text/utf8.h"
#include "services/appeals/drafting/drafter.h"

namespace cs::appeals {
using privacy::SplitHanName;
using privacy::SplitName;

namespace {

namespace pb = google::protobuf;

// config/services/appeals.yaml's hotline; no never-string of the set is part of it.
constexpr const char* kHotline = "0756-8899 0110";

// normalise.py: full-width ASCII folded, whitespace, dashes, dots and zero-width characters
// deleted, case folded. Bidi controls stay (they are never-strings themselves).
std::u32string NormaliseForSet(std::string_view s) {
  static constexpr std::u32string_view kDrop =
      U"-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\u2e3a\u2e3b"
      U".\u00b7\u2027\u30fb\uff65\u2022\u2219\ufe52\u200b\u200c\u200d\u2060\ufeff";
  std::u32string out;
  for (char32_t c : DecodeUtf8(s)) {
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;
    if (c == 0x3000) c = ' ';
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
        (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
        kDrop.find(c) != std::u32string_view::npos) {
      continue;
    }
    if (c >= 'A' && c <= 'Z') c += 32;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) c += 32;
    out.push_back(c);
  }
  return out;
}

bool Contains(const std::string& text, const std::string& needle) {
  const std::u32string n = NormaliseForSet(needle);
  return !n.empty() && NormaliseForSet(text).find(n) != std::u32string::npos;
}

std::string DigitsOf(const std::string& s) {
  std::string d;
  for (char c : s) {
    if (c >= '0' && c <= '9') d.push_back(c);
  }
  return d;
}

std::vector<std::string> Strings(const pb::Struct& item, const std::string& key) {
  std::vector<std::string> out;
  const auto it = item.fields().find(key);
  if (it == item.fields().end()) return out;
  for (const pb::Value& v : it->second.list_value().values()) out.push_back(v.string_value());
  return out;
}

std::string Field(const pb::Struct& item, const std::string& key) {
  const auto it = item.fields().find(key);
  return it == item.fields().end() ? "" : it->second.string_value();
}

class RedTeamDevSetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = cs::testing::SharedDataPath("redteam/dev.json");
    if (!std::filesystem::exists(path_)) {
      GTEST_SKIP() << "../shared/data/redteam/dev.json is absent (the shared evaluation data is "
                      "not checked out next to the source tree)";
    }
    std::ifstream in(path_);
    std::stringstream buf;
    buf << in.rdbuf();
    ASSERT_TRUE(pb::util::JsonStringToMessage("{\"cases\":" + buf.str() + "}", &set_).ok());
    auto d = Drafter::Create();
    ASSERT_TRUE(d.ok()) << d.status();
    drafter_ = *std::move(d);
  }

  std::filesystem::path path_;
  pb::Struct set_;
  std::unique_ptr<Drafter> drafter_;
};

CaseSnapshot BaseSnapshot() {
  CaseSnapshot s;
  s.time = s.last_seen_time = TimePoint{} + std::chrono::hours(24 * 20000 + 6);
  s.zone_name_zh = "企鹅馆";
  s.zone_name_en = "Penguin Pavilion";
  s.venue_name_zh = "海洋公园";
  s.venue_name_en = "Ocean Park";
  s.sex = Sex::kMale;
  s.age_years = 5;
  s.height_cm = 110;
  s.official_hotline = kHotline;
  return s;
}

LocalText* FieldOf(CaseSnapshot& s, const std::string& field) {
  if (field == "top.description") return &s.top;
  if (field == "bottom.description") return &s.bottom;
  if (field == "hat.description") return &s.hat;
  if (field == "shoes.description") return &s.shoes;
  if (field == "features") return &s.features;
  if (field == "held_at") return &s.where_now;
  if (field == "last_seen_note") return &s.last_seen_note;
  return nullptr;
}

TEST_F(RedTeamDevSetTest, NoHostileTextLeaksAndBenignTextIsKept) {
  const auto& cases = set_.fields().at("cases").list_value().values();
  ASSERT_GE(cases.size(), 100);
  int hostile = 0, leaked = 0, derived_leaked = 0, benign = 0, benign_lost = 0;
  for (const pb::Value& v : cases) {
    const pb::Struct& item = v.struct_value();
    const std::string id = Field(item, "id");
    const std::string field = Field(item, "field");
    const std::string lang = Field(item, "lang");
    CaseSnapshot s = BaseSnapshot();
    LocalText* target = FieldOf(s, field);
    ASSERT_NE(target, nullptr) << id << ": unknown field " << field;
    target->zh = Field(item, "text");
    if (lang == "en") target->en = target->zh;  // an English entry is the English text

    std::vector<std::string> never = Strings(item, "never");
    const std::vector<std::string> derived = Strings(item, "never_derived");
    if (const auto r = item.fields().find("restricted"); r != item.fields().end()) {
      const pb::Struct& rs = r->second.struct_value();
      s.child_full_name = Field(rs, "child_name");
      s.guardian_name = Field(rs, "guardian_name");
      s.guardian_phone = Field(rs, "guardian_phone");
      s.surname_consent = rs.fields().at("surname_consent").bool_value();
      const SplitName split = SplitHanName(DecodeUtf8(s.child_full_name));
      s.surname = EncodeUtf8(split.surname);
      never.push_back(s.guardian_name);
      never.push_back(EncodeUtf8(split.given));
      const std::string phone = DigitsOf(s.guardian_phone);
      never.push_back(phone.substr(phone.size() > 8 ? phone.size() - 8 : 0));
      if (!s.surname_consent) never.push_back(s.surname + "小朋友");
    }
    const std::vector<std::string> keep = Strings(item, "must_keep");
    // The field's own appeal first (held_at: found; last_seen_note: missing), then the other.
    const bool missing_first = field == "last_seen_note";
    std::vector<std::string> texts;
    std::string own_language_text;
    for (AppealKind kind : {missing_first ? AppealKind::kMissingChild : AppealKind::kFoundChild,
                            missing_first ? AppealKind::kFoundChild : AppealKind::kMissingChild}) {
      auto draft = drafter_->Draft(s, kind);
      ASSERT_TRUE(draft.ok()) << id << ": " << draft.status();
      for (const DraftVersion& dv : draft->versions) {
        texts.push_back(dv.headline);
        texts.push_back(dv.long_text);
        const bool own =
            (lang == "en" && dv.language == Language::kEnglish) ||
            (lang == "zh-Hant" && dv.language == Language::kTraditionalChinese) ||
            ((lang == "zh-Hans" || lang == "mixed") && dv.language == Language::kSimplifiedChinese);
        if (own && own_language_text.empty()) own_language_text = dv.long_text;
      }
    }
    if (keep.empty()) {
      ++hostile;
      bool leak = false, derived_leak = false;
      for (const std::string& t : texts) {
        for (const std::string& n : never) {
          if (Contains(t, n)) {
            leak = true;
            ADD_FAILURE() << id << " (" << Field(item, "category") << ") leaks a never-string";
          }
        }
        for (const std::string& n : derived) derived_leak |= Contains(t, n);
      }
      leaked += leak ? 1 : 0;
      derived_leaked += derived_leak ? 1 : 0;
    } else {
      ++benign;
      bool lost = false;
      for (const std::string& k : keep) {
        if (!Contains(own_language_text, k)) {
          lost = true;
          ADD_FAILURE() << id << " (benign) loses a must_keep string";
        }
      }
      benign_lost += lost ? 1 : 0;
    }
  }
  std::cout << "red-team dev set: " << leaked << " of " << hostile
            << " hostile cases leak a never-string; " << derived_leaked
            << " leak a never_derived form; " << benign_lost << " of " << benign
            << " benign controls lose kept text\n";
  EXPECT_EQ(leaked, 0);
  EXPECT_EQ(benign_lost, 0);
}

}  // namespace
}  // namespace cs::appeals
