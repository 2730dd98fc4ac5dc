#include "services/appeals/drafting/cap_export.h"

#include <cmath>
#include <cstdlib>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/text/utf8.h"
#include "common/xml_escape.h"

namespace cs::appeals {

namespace {

constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

// CAP forbids spaces, commas and restricted characters in identifiers and senders, because
// <references> joins them with commas and spaces.
absl::Status CheckToken(std::string_view field, std::string_view value) {
  if (value.empty())
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ": is empty"));
  for (char c : value) {
    if (c == ' ' || c == ',' || c == '<' || c == '&' || static_cast<unsigned char>(c) < 0x21 ||
        static_cast<unsigned char>(c) > 0x7E) {
      return absl::InvalidArgumentError(absl::StrCat(
          std::string(field), ": may hold only printable ASCII without spaces, ',', '<' or '&'"));
    }
  }
  return absl::OkStatus();
}

std::string Coord(double v) { return absl::StrFormat("%.6f", v); }

absl::Status CheckPoint(std::string_view field, double lat, double lon) {
  if (!std::isfinite(lat) || lat < -90 || lat > 90) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ".lat: outside -90..90"));
  }
  if (!std::isfinite(lon) || lon < -180 || lon > 180) {
    return absl::InvalidArgumentError(absl::StrCat(std::string(field), ".lon: outside -180..180"));
  }
  return absl::OkStatus();
}

void Element(std::string* out, std::string_view indent, std::string_view name,
             std::string_view value) {
  absl::StrAppend(out, std::string(indent), "<", std::string(name), ">", XmlEscape(value), "</",
                  std::string(name), ">\n");
}

}  // namespace

std::string CapHeadline(std::string_view headline, size_t max_code_points) {
  const std::u32string s = DecodeUtf8(headline);
  if (s.size() <= max_code_points) return std::string(headline);
  // Room for the ellipsis that says the headline goes on.
  const size_t limit = max_code_points - 1;
  auto is_digitish = [](char32_t c) {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '(' || c == ')' || c == ':';
  };
  auto sentence_end = [](char32_t c) {
    return std::u32string_view(U"。！？；.!?;").find(c) != std::u32string_view::npos;
  };
  auto word_end = [](char32_t c) {
    return c == ' ' || std::u32string_view(U"，、：,:").find(c) != std::u32string_view::npos;
  };
  // A cut after position `cut` (exclusive) never splits a number ("0756-8899 0110"): the
  // characters on both sides of a space inside a phone number are digits.
  auto splits_number = [&](size_t cut) {
    size_t l = cut, r = cut;
    while (l > 0 && (s[l - 1] == ' ')) --l;
    while (r < s.size() && s[r] == ' ') ++r;
    return l > 0 && r < s.size() && is_digitish(s[l - 1]) && is_digitish(s[r]);
  };
  size_t best = 0;
  for (size_t cut = limit; cut > limit / 2 && best == 0; --cut) {
    if (sentence_end(s[cut - 1]) && !splits_number(cut)) best = cut;
  }
  for (size_t cut = limit; cut > limit / 2 && best == 0; --cut) {
    if (word_end(s[cut - 1]) && !splits_number(cut)) best = cut;
  }
  if (best == 0) {
    // Chinese has no spaces: cut between two characters that are not both part of a number.
    for (size_t cut = limit; cut > 0 && best == 0; --cut) {
      if (!is_digitish(s[cut - 1]) || !is_digitish(s[cut])) best = cut;
    }
  }
  std::u32string out = s.substr(0, best);
  while (!out.empty() && (out.back() == ' ' || word_end(out.back()))) out.pop_back();
  return EncodeUtf8(out) + "…";
}

std::vector<CapInfo> CapInfosFromDraft(const AppealDraft& draft) {
  std::vector<CapInfo> infos;
  for (const DraftVersion& v : draft.versions) {
    infos.push_back(
        {std::string(LanguageTag(v.language)), CapHeadline(v.headline, 160), v.long_text, ""});
  }
  return infos;
}

std::string XmlEscape(std::string_view text) { return cs::XmlEscapeText(text); }

std::string CapDateTime(TimePoint t, int utc_offset_minutes) {
  const absl::TimeZone tz = absl::FixedTimeZone(utc_offset_minutes * 60);
  const absl::CivilSecond c = absl::ToCivilSecond(absl::FromChrono(t), tz);
  const int off = std::abs(utc_offset_minutes);
  return absl::StrFormat("%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year(), c.month(), c.day(),
                         c.hour(), c.minute(), c.second(), utc_offset_minutes < 0 ? '-' : '+',
                         off / 60, off % 60);
}

absl::StatusOr<std::string> ExportCap(const CapAppeal& a) {
  if (auto st = CheckToken("cap.identifier", a.identifier); !st.ok()) return st;
  if (auto st = CheckToken("cap.sender", a.sender); !st.ok()) return st;
  if (a.category != "Rescue" && a.category != "Safety") {
    return absl::InvalidArgumentError("cap.category: must be Rescue or Safety");
  }
  if (a.event.empty()) return absl::InvalidArgumentError("cap.event: is empty");
  if (a.utc_offset_minutes < -14 * 60 || a.utc_offset_minutes > 14 * 60) {
    return absl::InvalidArgumentError("cap.utc_offset_minutes: outside -840..840");
  }
  if (a.msg_type != CapMsgType::kAlert && a.references.empty()) {
    return absl::InvalidArgumentError("cap.references: required for Update and Cancel");
  }
  for (const CapReference& r : a.references) {
    if (auto st = CheckToken("cap.references.sender", r.sender); !st.ok()) return st;
    if (auto st = CheckToken("cap.references.identifier", r.identifier); !st.ok()) return st;
  }
  if (a.infos.empty()) return absl::InvalidArgumentError("cap.infos: at least one is required");
  for (const CapInfo& info : a.infos) {
    if (auto st = CheckToken("cap.infos.language", info.language); !st.ok()) return st;
  }
  if (a.area.area_desc.empty()) return absl::InvalidArgumentError("cap.area.area_desc: is empty");
  if (auto st = CheckPoint("cap.area", a.area.lat, a.area.lon); !st.ok()) return st;
  if (!(a.area.radius_km >= 0) || !std::isfinite(a.area.radius_km)) {
    return absl::InvalidArgumentError("cap.area.radius_km: must be >= 0");
  }
  if (!a.area.polygon.empty()) {
    if (a.area.polygon.size() < 4 || a.area.polygon.front() != a.area.polygon.back()) {
      return absl::InvalidArgumentError(
          "cap.area.polygon: needs >= 4 points and the last must equal the first");
    }
    for (const auto& [lat, lon] : a.area.polygon) {
      if (auto st = CheckPoint("cap.area.polygon", lat, lon); !st.ok()) return st;
    }
  }
  if (a.area.polygon.empty() && a.area.radius_km <= 0) {
    return absl::InvalidArgumentError("cap.area: needs a circle (radius_km > 0) or a polygon");
  }

  const bool cancel = a.msg_type == CapMsgType::kCancel;
  const char* msg_type = a.msg_type == CapMsgType::kAlert    ? "Alert"
                         : a.msg_type == CapMsgType::kUpdate ? "Update"
                                                             : "Cancel";
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  absl::StrAppend(&out, "<alert xmlns=\"", kCapNamespace, "\">\n");
  Element(&out, "  ", "identifier", a.identifier);
  Element(&out, "  ", "sender", a.sender);
  Element(&out, "  ", "sent", CapDateTime(a.sent, a.utc_offset_minutes));
  Element(&out, "  ", "status", "Actual");
  Element(&out, "  ", "msgType", msg_type);
  Element(&out, "  ", "scope", "Public");
  if (!a.references.empty()) {
    std::string refs;
    for (const CapReference& r : a.references) {
      if (!refs.empty()) refs += ' ';
      absl::StrAppend(&refs, r.sender, ",", r.identifier, ",",
                      CapDateTime(r.sent, a.utc_offset_minutes));
    }
    Element(&out, "  ", "references", refs);
  }
  for (const CapInfo& info : a.infos) {
    out += "  <info>\n";
    Element(&out, "    ", "language", info.language);
    Element(&out, "    ", "category", a.category);
    Element(&out, "    ", "event", a.event);
    // A lost child: the public should look out now; a retraction tells them to stand down.
    Element(&out, "    ", "responseType", cancel ? "AllClear" : "Monitor");
    Element(&out, "    ", "urgency", cancel ? "Past" : "Immediate");
    Element(&out, "    ", "severity", cancel ? "Minor" : "Moderate");
    Element(&out, "    ", "certainty", "Observed");
    if (!a.sender_name.empty()) Element(&out, "    ", "senderName", a.sender_name);
    if (!info.headline.empty()) Element(&out, "    ", "headline", info.headline);
    if (!info.description.empty()) Element(&out, "    ", "description", info.description);
    if (!info.instruction.empty()) Element(&out, "    ", "instruction", info.instruction);
    if (!a.contact.empty()) Element(&out, "    ", "contact", a.contact);
    out += "    <area>\n";
    Element(&out, "      ", "areaDesc", a.area.area_desc);
    if (!a.area.polygon.empty()) {
      std::string poly;
      for (const auto& [lat, lon] : a.area.polygon) {
        if (!poly.empty()) poly += ' ';
        absl::StrAppend(&poly, Coord(lat), ",", Coord(lon));
      }
      Element(&out, "      ", "polygon", poly);
    }
    if (a.area.radius_km > 0) {
      Element(&out, "      ", "circle",
              absl::StrCat(Coord(a.area.lat), ",", Coord(a.area.lon), " ",
                           absl::StrFormat("%.3f", a.area.radius_km)));
    }
    out += "    </area>\n";
    out += "  </info>\n";
  }
  out += "</alert>\n";
  return out;
}

}  // namespace cs::appeals
