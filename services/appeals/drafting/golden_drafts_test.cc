// Golden drafts: 30+ realistic cases (testdata/golden_drafts/cases.txt) drafted in zh-Hans,
// zh-Hant and English and compared with testdata/golden_drafts/expected.txt, so a change of
// grammar, structure or translation shows as a reviewed diff. CS_GOLDEN_UPDATE=1 rewrites the
// expected file. Beyond the exact text, every draft is checked for the rules the issue named:
// no colour written twice, no Chinese inside the English, the found time in venue time.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/appeals/drafting/description_builder.h"
#include "services/appeals/drafting/drafter.h"

namespace cs::appeals {
namespace {

std::string SourcePath(const std::string& rel) {
  const char* root = std::getenv("CS_SOURCE_DIR");
  return std::string(root ? root : ".") + "/" + rel;
}

using Fields = std::map<std::string, std::string>;

std::vector<Fields> LoadCases() {
  std::ifstream in(SourcePath("services/appeals/drafting/testdata/golden_drafts/cases.txt"));
  EXPECT_TRUE(in.good());
  std::vector<Fields> cases;
  Fields current;
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line[0] == '#') continue;
    if (line.empty()) {
      if (!current.empty()) cases.push_back(std::move(current));
      current.clear();
      continue;
    }
    const size_t colon = line.find(": ");
    if (colon != std::string::npos) current[line.substr(0, colon)] = line.substr(colon + 2);
  }
  if (!current.empty()) cases.push_back(std::move(current));
  return cases;
}

std::vector<std::string> List(const std::string& s) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(s, ',', absl::SkipEmpty())) {
    out.emplace_back(absl::StripAsciiWhitespace(part));
  }
  return out;
}

CaseSnapshot SnapshotOf(const Fields& f) {
  auto get = [&](const char* key) {
    const auto it = f.find(key);
    return it == f.end() ? std::string() : it->second;
  };
  CaseSnapshot s;
  s.kind = get("kind") == "missing" ? CaseKind::kMissing : CaseKind::kFound;
  absl::CivilMinute local;
  EXPECT_TRUE(absl::ParseCivilTime(absl::StrReplaceAll(get("time"), {{" ", "T"}}), &local))
      << get("id");
  const absl::Time t = absl::FromCivil(local, absl::FixedTimeZone(8 * 3600));
  s.time = s.last_seen_time = absl::ToChronoTime(t);
  const std::vector<std::string> zone = absl::StrSplit(get("zone"), '|');
  s.zone_name_zh = zone[0];
  s.zone_name_en = zone.size() > 1 ? zone[1] : "";
  s.venue_name_zh = "海洋公园";
  s.venue_name_en = "Ocean Park";
  s.sex = get("sex") == "male" ? Sex::kMale : get("sex") == "female" ? Sex::kFemale : Sex::kUnknown;
  s.age_years = get("age").empty() ? 0 : std::stoi(get("age"));
  s.height_cm = get("height").empty() ? 0 : std::stoi(get("height"));
  s.top.zh = get("top");
  s.bottom.zh = get("bottom");
  s.hat.zh = get("hat");
  s.shoes.zh = get("shoes");
  s.top_colours = List(get("top_colours"));
  s.bottom_colours = List(get("bottom_colours"));
  s.hat_colours = List(get("hat_colours"));
  s.shoes_colours = List(get("shoes_colours"));
  s.features.zh = get("features");
  s.where_now.zh = get("held_at");
  s.last_seen_note.zh = get("last_seen_note");
  s.surname = get("surname");
  s.surname_consent = get("consent") == "true";
  s.official_hotline = "0756-8899 0110";
  return s;
}

// The words of ASCII letters in `text`.
std::vector<std::string> LatinWords(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text + " ") {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      word += c;
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  return words;
}

// Latin the Chinese may carry: letter codes and capitals (T恤, A区, NBA) and the Latin
// Chinese forms of config/phrases.yaml (Vans).
bool IsKeptLatin(const std::string& word) {
  if (word == "Vans") return true;
  return std::all_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

class GoldenDraftsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table = text::PhraseTable::LoadFile(SourcePath("config/phrases.yaml"));
    ASSERT_TRUE(table.ok()) << table.status();
    phrases_ = std::make_unique<text::PhraseTable>(*std::move(table));
    auto d = Drafter::Create(DefaultAppealTemplates(), phrases_.get());
    ASSERT_TRUE(d.ok()) << d.status();
    drafter_ = *std::move(d);
  }
  std::unique_ptr<text::PhraseTable> phrases_;
  std::unique_ptr<Drafter> drafter_;
};

TEST_F(GoldenDraftsTest, DraftsMatchTheReviewedGoldenFile) {
  const std::vector<Fields> cases = LoadCases();
  ASSERT_GE(cases.size(), 30u);
  std::ostringstream got;
  for (const Fields& f : cases) {
    const std::string id = f.at("id");
    const CaseSnapshot s = SnapshotOf(f);
    const AppealKind kind =
        s.kind == CaseKind::kMissing ? AppealKind::kMissingChild : AppealKind::kFoundChild;
    auto draft = drafter_->Draft(s, kind);
    ASSERT_TRUE(draft.ok()) << id << ": " << draft.status();
    got << "== " << id << "\n";
    for (const DraftVersion& v : draft->versions) {
      got << "[" << LanguageTag(v.language) << " headline] " << v.headline << "\n";
      got << "[" << LanguageTag(v.language) << " long] " << v.long_text << "\n";
      if (v.language == Language::kEnglish) {
        EXPECT_FALSE(HasHan(v.headline) || HasHan(v.long_text)) << id << ": Chinese in English";
        for (const std::string& u : v.untranslated) got << "[needs translation] " << u << "\n";
      } else {
        // No English inside the Chinese: the Latin words left are the table's Chinese forms
        // the press office keeps in Latin, and codes (A区, NBA).
        for (const std::string* text : {&v.headline, &v.long_text}) {
          for (const std::string& word : LatinWords(*text)) {
            EXPECT_TRUE(IsKeptLatin(word)) << id << ": English \"" << word << "\" in " << *text;
          }
          for (const std::string& u : v.untranslated) {
            EXPECT_EQ(text->find(u), std::string::npos) << id << ": untranslated " << u;
          }
        }
        EXPECT_EQ(v.untranslated, draft->versions[0].untranslated) << id << ": both Chinese";
        if (v.language == Language::kSimplifiedChinese) {
          for (const std::string& u : v.untranslated) got << "[zh needs translation] " << u << "\n";
        }
        // No colour twice in a row ("粉红色粉红色", "白色白鞋").
        for (const char* c : {"色色", "红色红", "白色白", "蓝色蓝", "粉色粉", "黑色黑", "穿穿"}) {
          EXPECT_EQ(v.long_text.find(c), std::string::npos) << id << ": " << v.long_text;
        }
      }
    }
    // The time is the case's, in venue time, never the moment of drafting.
    const std::string hhmm = f.at("time").substr(11);
    EXPECT_NE(draft->versions[0].long_text.find(hhmm), std::string::npos) << id;
  }
  const std::string path =
      SourcePath("services/appeals/drafting/testdata/golden_drafts/expected.txt");
  if (std::getenv("CS_GOLDEN_UPDATE") != nullptr) {
    std::ofstream(path) << got.str();
    GTEST_SKIP() << "CS_GOLDEN_UPDATE: rewrote " << path;
  }
  std::ifstream in(path);
  ASSERT_TRUE(in.good()) << path << " is missing (run with CS_GOLDEN_UPDATE=1)";
  std::stringstream want;
  want << in.rdbuf();
  // Compare line by line so a failure names the case and language.
  const std::vector<std::string> a = absl::StrSplit(got.str(), '\n');
  const std::vector<std::string> b = absl::StrSplit(want.str(), '\n');
  for (size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    EXPECT_EQ(i < a.size() ? a[i] : "", i < b.size() ? b[i] : "") << "line " << i + 1;
  }
}

}  // namespace
}  // namespace cs::appeals
