#include "bench/cases_descriptions.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "absl/strings/str_cat.h"

namespace cs::bench {
namespace {
namespace v1 = crowdsafe::v1;
using google::protobuf::Struct;
using google::protobuf::Value;

const Value* Field(const Struct& s, const std::string& name) {
  auto it = s.fields().find(name);
  if (it == s.fields().end() || it->second.kind_case() == Value::kNullValue) return nullptr;
  return &it->second;
}

std::string Str(const Struct& s, const std::string& name) {
  const Value* v = Field(s, name);
  return v != nullptr && v->kind_case() == Value::kStringValue ? v->string_value() : "";
}

double Num(const Struct& s, const std::string& name, double fallback) {
  const Value* v = Field(s, name);
  return v != nullptr && v->kind_case() == Value::kNumberValue ? v->number_value() : fallback;
}

void ReadGarment(const Struct& s, const std::string& name, v1::Garment* out) {
  const Value* v = Field(s, name);
  if (v == nullptr || v->kind_case() != Value::kStructValue) return;
  out->set_description(Str(v->struct_value(), "description"));
  if (const Value* cs = Field(v->struct_value(), "colours");
      cs != nullptr && cs->kind_case() == Value::kListValue) {
    for (const Value& c : cs->list_value().values())
      if (c.kind_case() == Value::kStringValue && out->colours_size() < 5)
        out->add_colours(c.string_value());
  }
}

bool MostlyAscii(const std::string& s) {
  size_t ascii = 0, other = 0;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'z') ++ascii;
    if (c >= 0xE0) ++other;  // the lead byte of a 3-byte (CJK) character
  }
  return ascii > 3 * other;
}

absl::StatusOr<DescribedReport> ReadReport(const Struct& s, const std::string& where) {
  DescribedReport r;
  auto* d = &r.child;
  const std::string sex = Str(s, "sex");
  d->set_sex(sex == "male" ? v1::SEX_MALE : sex == "female" ? v1::SEX_FEMALE : v1::SEX_UNSPECIFIED);
  d->set_age_min(static_cast<int>(Num(s, "age_min", 0)));
  d->set_age_max(static_cast<int>(Num(s, "age_max", d->age_min())));
  d->set_height_cm(static_cast<int>(Num(s, "height_cm", 0)));
  ReadGarment(s, "top", d->mutable_clothing()->mutable_top());
  ReadGarment(s, "bottom", d->mutable_clothing()->mutable_bottom());
  ReadGarment(s, "hat", d->mutable_clothing()->mutable_hat());
  ReadGarment(s, "shoes", d->mutable_clothing()->mutable_shoes());
  d->set_features(Str(s, "features"));
  d->set_language(Str(s, "language"));
  r.zone_id = Str(s, "zone_id");
  r.minutes_after_open = Num(s, "minutes_after_open", -1);
  r.last_seen_minutes = Num(s, "last_seen_minutes", -1);
  if (r.zone_id.empty()) return absl::InvalidArgumentError(where + ".zone_id: missing");
  if (r.minutes_after_open < 0)
    return absl::InvalidArgumentError(where + ".minutes_after_open: missing");
  const auto& c = d->clothing();
  r.english = MostlyAscii(absl::StrCat(c.top().description(), c.bottom().description(),
                                       d->features()));
  return r;
}

std::set<std::string> Colours(const v1::Garment& g) {
  return {g.colours().begin(), g.colours().end()};
}

}  // namespace

absl::StatusOr<DescriptionSet> LoadDescriptionSet(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(path + ": cannot be read");
  std::stringstream text;
  text << in.rdbuf();
  Struct root;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  if (auto s = google::protobuf::util::JsonStringToMessage(text.str(), &root, options); !s.ok())
    return absl::InvalidArgumentError(path + ": not JSON: " + std::string(s.message()));
  DescriptionSet set;
  auto note = [&set](const DescribedReport& r) {
    set.max_minutes = std::max({set.max_minutes, r.minutes_after_open, r.last_seen_minutes});
  };
  if (const Value* cs = Field(root, "children"); cs != nullptr) {
    int i = 0;
    for (const Value& v : cs->list_value().values()) {
      const std::string where = absl::StrCat("children[", i++, "]");
      DescribedChild c;
      c.id = Str(v.struct_value(), "id");
      const Value* m = Field(v.struct_value(), "missing");
      const Value* f = Field(v.struct_value(), "found");
      if (m == nullptr || f == nullptr)
        return absl::InvalidArgumentError(where + ": needs missing and found");
      auto mr = ReadReport(m->struct_value(), where + ".missing");
      if (!mr.ok()) return mr.status();
      auto fr = ReadReport(f->struct_value(), where + ".found");
      if (!fr.ok()) return fr.status();
      c.missing = *std::move(mr);
      c.found = *std::move(fr);
      // A guardian who gave no estimate: last seen when reporting.
      if (c.missing.last_seen_minutes < 0) c.missing.last_seen_minutes = c.missing.minutes_after_open;
      note(c.missing);
      note(c.found);
      set.children.push_back(std::move(c));
    }
  }
  if (const Value* ds = Field(root, "distractors"); ds != nullptr) {
    int i = 0;
    for (const Value& v : ds->list_value().values()) {
      auto r = ReadReport(v.struct_value(), absl::StrCat("distractors[", i++, "]"));
      if (!r.ok()) return r.status();
      if (r->last_seen_minutes < 0) r->last_seen_minutes = r->minutes_after_open;
      note(*r);
      set.distractors.push_back(*std::move(r));
    }
  }
  return set;
}

size_t PadDistractors(DescriptionSet* set, const DescriptionSet& pad, size_t distractors) {
  const double scale = pad.max_minutes > 0 ? set->max_minutes / pad.max_minutes : 1.0;
  size_t added = 0;
  auto add = [&](DescribedReport r) {
    if (set->distractors.size() >= distractors) return;
    r.minutes_after_open *= scale;
    r.last_seen_minutes *= scale;
    set->distractors.push_back(std::move(r));
    ++added;
  };
  for (const DescribedReport& r : pad.distractors) add(r);
  for (const DescribedChild& c : pad.children) add(c.missing);
  return added;
}

std::vector<std::string> NoiseOf(const DescribedChild& c, const Venue& venue) {
  std::vector<std::string> out;
  const auto& m = c.missing;
  const auto& f = c.found;
  if (m.zone_id != f.zone_id) {
    const auto n = venue.Neighbours(m.zone_id);
    out.push_back(std::find(n.begin(), n.end(), f.zone_id) != n.end()
                      ? "found in a neighbouring zone"
                      : "found two or more zones away");
  }
  if (f.minutes_after_open < m.last_seen_minutes)
    out.push_back("found before the guardian's last-seen estimate");
  const auto ms = m.child.sex(), fs = f.child.sex();
  if (ms != v1::SEX_UNSPECIFIED && fs != v1::SEX_UNSPECIFIED && ms != fs)
    out.push_back("sex recorded differently");
  if (fs == v1::SEX_UNSPECIFIED) out.push_back("officer left the sex unknown");
  if (f.child.clothing().shoes().colours().empty() && f.child.clothing().shoes().description().empty())
    out.push_back("officer noted no shoes");
  const auto mt = Colours(m.child.clothing().top()), ft = Colours(f.child.clothing().top());
  std::vector<std::string> common;
  std::set_intersection(mt.begin(), mt.end(), ft.begin(), ft.end(), std::back_inserter(common));
  if (!mt.empty() && !ft.empty() && common.empty()) out.push_back("top colour words differ");
  if (m.child.features().empty() && f.child.features().empty())
    out.push_back("neither side noted features");
  else if (f.child.features().empty())
    out.push_back("officer noted no features");
  if (m.child.height_cm() > 0 && f.child.height_cm() > 0 &&
      std::abs(m.child.height_cm() - f.child.height_cm()) >= 7)
    out.push_back("height off by 7 cm or more");
  if (m.child.age_min() < f.child.age_min() || m.child.age_max() > f.child.age_max())
    out.push_back("age outside the officer's range");
  if (m.english != f.english) out.push_back("English on one side, Chinese on the other");
  if (m.child.language() != f.child.language()) out.push_back("language written differently");
  return out;
}

}  // namespace cs::bench
