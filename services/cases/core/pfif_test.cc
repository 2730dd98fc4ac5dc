#include "services/cases/core/pfif.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "common/testing/shared_data.h"
#include "services/cases/core/test_venue.h"

namespace cs::cases {
namespace {

const std::string kSample = cs::testing::SharedDataPath("schemas/pfif-1.4-sample.xml");

Case Sample() {
  Case c;
  c.id = "case-123";
  c.kind = CaseKind::kFound;
  c.child.sex = Sex::kMale;
  c.child.age_min = 4;
  c.child.age_max = 6;
  c.child.height_cm = 110;
  c.child.clothing.top.colour_words = "藏青";
  c.child.clothing.top.text = "外套 <带帽> & \"鲸鱼\"图案";
  c.child.features = "戴眼镜";
  c.zone_id = "penguin";
  c.seen_at = FromMillis(1'770'000'000'000);
  c.filed_at = c.seen_at;
  c.held_at = "lost-child centre";
  c.restricted.child_name = "王小明";
  c.restricted.guardian_name = "王大明";
  c.restricted.guardian_phone = "13800138000";
  c.linked_ids = {"case-124"};
  return c;
}

// Element names (without prefix) of the direct children of each <pfif:elem>, in order.
std::vector<std::string> ChildNames(const std::string& xml, const std::string& elem) {
  std::vector<std::string> out;
  const std::string open = "<pfif:" + elem + ">";
  size_t at = xml.find(open);
  if (at == std::string::npos) return out;
  at += open.size();
  const std::regex tag("<pfif:([a-z_]+)>");
  std::string rest = xml.substr(at, xml.find("</pfif:" + elem + ">", at) - at);
  if (elem == "person") rest = rest.substr(0, rest.find("<pfif:note>"));
  for (std::sregex_iterator it(rest.begin(), rest.end(), tag), end; it != end; ++it)
    out.push_back((*it)[1]);
  return out;
}

bool InSpecOrder(const std::vector<std::string>& got, const std::vector<std::string>& spec) {
  size_t last = 0;
  for (const auto& name : got) {
    auto it = std::find(spec.begin(), spec.end(), name);
    if (it == spec.end()) return false;
    const size_t idx = static_cast<size_t>(it - spec.begin());
    if (idx < last) return false;
    last = idx;
  }
  return true;
}

TEST(Pfif, PersonAndNotesInSpecOrderEscapedAndWithoutRestrictedData) {
  const Venue venue = testing::OceanTestVenue();
  const std::string xml = ExportPfif({Sample()}, venue);
  EXPECT_NE(xml.find("xmlns:pfif=\"http://zesty.ca/pfif/1.4\""), std::string::npos);
  EXPECT_NE(xml.find("<pfif:person_record_id>crowdsafe.ocean/case-123</pfif:person_record_id>"),
            std::string::npos);
  EXPECT_NE(xml.find("<pfif:linked_person_record_id>crowdsafe.ocean/case-124<"), std::string::npos);
  // Public text is sanitised (markup characters dropped); the desk's copy is escaped instead.
  EXPECT_NE(xml.find("带帽"), std::string::npos);
  EXPECT_EQ(xml.find("<带帽>"), std::string::npos);
  EXPECT_EQ(xml.find("&lt;"), std::string::npos);
  EXPECT_NE(ExportRestrictedPfif({Sample()}, venue).find("&lt;带帽&gt; &amp; &quot;鲸鱼&quot;"),
            std::string::npos);
  EXPECT_NE(xml.find("<pfif:sex>male</pfif:sex>"), std::string::npos);
  EXPECT_NE(xml.find("<pfif:age>4-6</pfif:age>"), std::string::npos);
  EXPECT_NE(xml.find("<pfif:entry_date>2026-02-02T02:40:00Z</pfif:entry_date>"), std::string::npos);
  // Default export (press role): no name, no guardian contact.
  EXPECT_EQ(xml.find("王"), std::string::npos);
  EXPECT_EQ(xml.find("13800138000"), std::string::npos);
  EXPECT_EQ(xml.find("author_phone"), std::string::npos);
  EXPECT_TRUE(InSpecOrder(ChildNames(xml, "person"), PfifPersonFields()));
  EXPECT_TRUE(InSpecOrder(ChildNames(xml, "note"), PfifNoteFields()));
  EXPECT_FALSE(InSpecOrder({"entry_date", "person_record_id"}, PfifPersonFields()));
}

TEST(Pfif, RestrictedExportCarriesTheRestrictedFieldsAndSaysSo) {
  const Venue venue = testing::OceanTestVenue();
  Case c = Sample();
  c.kind = CaseKind::kMissing;
  c.last_seen_note = "在企鹅馆出口走散\x07";
  const std::string xml = ExportRestrictedPfif({c}, venue);
  EXPECT_NE(xml.find("<pfif:full_name>王小明</pfif:full_name>"), std::string::npos);
  EXPECT_NE(xml.find("<pfif:author_name>王大明</pfif:author_name>"), std::string::npos);
  EXPECT_NE(xml.find("<pfif:author_phone>13800138000</pfif:author_phone>"), std::string::npos);
  EXPECT_NE(xml.find("在企鹅馆出口走散"), std::string::npos);
  EXPECT_EQ(xml.find('\x07'), std::string::npos);
  // The marker: a comment before the root, the source name and the head of each description.
  const std::string marker = kRestrictedMarker;
  EXPECT_LT(xml.find("<!-- " + marker), xml.find("<pfif:pfif"));
  EXPECT_NE(xml.find("<pfif:source_name>crowdsafe " + marker + "</pfif:source_name>"),
            std::string::npos);
  EXPECT_NE(xml.find("<pfif:description>" + marker + ". "), std::string::npos);
  EXPECT_TRUE(InSpecOrder(ChildNames(xml, "person"), PfifPersonFields()));
  // And the public document never says RESTRICTED nor carries the name.
  const std::string pub = ExportPfif({c}, venue);
  EXPECT_EQ(pub.find("RESTRICTED"), std::string::npos);
  EXPECT_EQ(pub.find("王大明"), std::string::npos);
}

TEST(Pfif, ConfirmedMatchLinksBothRecords) {
  Case missing = Sample();
  missing.id = "case-1";
  missing.kind = CaseKind::kMissing;
  missing.linked_ids.clear();
  missing.matched_id = "case-2";
  Case found = Sample();
  found.id = "case-2";
  found.linked_ids.clear();
  found.matched_id = "case-1";
  const std::string xml = ExportPfif({missing, found}, testing::OceanTestVenue());
  const size_t second = xml.find("<pfif:person_record_id>crowdsafe.ocean/case-2<");
  ASSERT_NE(second, std::string::npos);
  const std::string first_record = xml.substr(0, second), second_record = xml.substr(second);
  EXPECT_NE(first_record.find("<pfif:linked_person_record_id>crowdsafe.ocean/case-2<"),
            std::string::npos);
  EXPECT_NE(second_record.find("<pfif:linked_person_record_id>crowdsafe.ocean/case-1<"),
            std::string::npos);
  EXPECT_TRUE(InSpecOrder(ChildNames(xml, "note"), PfifNoteFields()));
  // An unmatched case links nothing.
  missing.matched_id.clear();
  EXPECT_EQ(ExportPfif({missing}, testing::OceanTestVenue()).find("linked_person_record_id"),
            std::string::npos);
}

TEST(Pfif, ExpiredCaseIsAPlaceholder) {
  Case c = Sample();
  c.closed_at = c.filed_at + std::chrono::hours(2);
  c.expired = true;
  c.child = {};
  c.restricted = {};
  const std::string xml = ExportPfif({c}, testing::OceanTestVenue());
  EXPECT_NE(xml.find("crowdsafe.ocean/case-123"), std::string::npos);
  EXPECT_NE(xml.find("<pfif:expiry_date>"), std::string::npos);
  EXPECT_EQ(xml.find("<pfif:note>"), std::string::npos);
  EXPECT_EQ(xml.find("<pfif:description>"), std::string::npos);
}

// Issue 18 (pfif fuzz target): a closing time near the end of TimePoint's range overflowed in
// closed_at + retention (undefined behaviour; in practice a wrap to 1677).
TEST(Pfif, Issue18ExpiryOfALateClosingTimeSaturatesInsteadOfWrapping) {
  Case c = Sample();
  c.closed_at = TimePoint::max() - std::chrono::hours(1);
  const std::string xml = ExportPfif({c}, testing::OceanTestVenue());
  const size_t at = xml.find("<pfif:expiry_date>");
  ASSERT_NE(at, std::string::npos);
  EXPECT_EQ(xml.substr(at + 18, 4), "2262") << xml.substr(at, 50);
}

// Compares against the Person Finder PFIF 1.4 sample: same namespace, and every element we
// write is one the sample (a full record) uses.
TEST(Pfif, ElementsMatchThePersonFinderSample) {
  if (!std::filesystem::exists(kSample)) {
    GTEST_SKIP() << "skipped: " << kSample
                 << " is absent (../shared exists beside the source tree only on the team's "
                    "machines and in CI)";
  }
  std::ifstream in(kSample);
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string sample = buf.str();
  ASSERT_NE(sample.find(std::string("xmlns:pfif=\"") + kPfifNamespace + "\""), std::string::npos);
  const std::regex tag("<pfif:([a-z_]+)>");
  std::set<std::string> known;
  for (std::sregex_iterator it(sample.begin(), sample.end(), tag), end; it != end; ++it)
    known.insert((*it)[1]);
  Case c = Sample();
  c.reunited_at = c.seen_at + std::chrono::hours(1);
  c.closed_at = c.seen_at + std::chrono::hours(2);
  const std::string xml = ExportPfif({c}, testing::OceanTestVenue());
  size_t checked = 0;
  for (std::sregex_iterator it(xml.begin(), xml.end(), tag), end; it != end; ++it) {
    const std::string name = (*it)[1];
    if (name == "expiry_date") continue;  // in the spec, not used by this sample
    EXPECT_TRUE(known.count(name)) << name << " is not in the PFIF 1.4 sample";
    ++checked;
  }
  EXPECT_GT(checked, 20u);
  // Every field of the sample is a field of our spec lists (so the lists are not short).
  for (const auto& name : known) {
    if (name == "pfif" || name == "person" || name == "note") continue;
    const auto& p = PfifPersonFields();
    const auto& n = PfifNoteFields();
    EXPECT_TRUE(std::find(p.begin(), p.end(), name) != p.end() ||
                std::find(n.begin(), n.end(), name) != n.end())
        << name;
  }
}

}  // namespace
}  // namespace cs::cases
