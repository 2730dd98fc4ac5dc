// CAP 1.2 export of an appeal (urn:oasis:names:tc:emergency:cap:1.2): publish -> Alert,
// update -> Update, retract -> Cancel, with <references> to the earlier messages. An ordinary
// lost child is not an AMBER alert, so the category is Rescue (or Safety) and the event is the
// project-defined "Lost child".
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/appeals/drafting/drafter.h"

namespace cs::appeals {

enum class CapMsgType { kAlert, kUpdate, kCancel };

struct CapReference {  // an earlier message this one updates or cancels
  std::string sender;
  std::string identifier;
  TimePoint sent{};
};

struct CapInfo {         // one per language version
  std::string language;  // RFC 3066 tag: "zh-CN", "zh-HK", "en"
  std::string headline;
  std::string description;
  std::string instruction;
};

struct CapArea {
  std::string area_desc;                           // the venue, e.g. "海洋公园 Ocean Park"
  double lat = 0, lon = 0;                         // WGS 84 centre
  double radius_km = 0;                            // > 0 gives a <circle>
  std::vector<std::pair<double, double>> polygon;  // (lat, lon), closed, >= 4 points; optional
};

struct CapAppeal {
  std::string identifier;  // unique per message; no spaces, commas, '<' or '&'
  std::string sender;      // e.g. "press@ocean-park.example"
  TimePoint sent{};
  int utc_offset_minutes = 480;
  CapMsgType msg_type = CapMsgType::kAlert;
  std::vector<CapReference> references;  // required for Update and Cancel
  std::string category = "Rescue";       // "Rescue" or "Safety"
  std::string event = "Lost child";
  std::string sender_name;
  std::string contact;  // the official hotline
  std::vector<CapInfo> infos;
  CapArea area;
};

// The CAP 1.2 XML document (UTF-8). InvalidArgument naming the field for a bad identifier,
// sender, category, language, missing references, no info, or an area outside WGS 84 ranges.
absl::StatusOr<std::string> ExportCap(const CapAppeal& appeal);

// One <info> per language version of a draft: the headline (cut to CAP's recommended 160
// characters by CapHeadline) and the long version as the description. `instruction` is left empty:
// the call to act is already part of both texts.
std::vector<CapInfo> CapInfosFromDraft(const AppealDraft& draft);

// `headline` when it fits `max_code_points`; else cut at the last sentence end, or failing that
// the last word boundary, in the second half, never inside a number (a hotline keeps every
// digit), and ended with "…".
std::string CapHeadline(std::string_view headline, size_t max_code_points = 160);

// Escapes & < > " ' and drops characters XML 1.0 forbids (controls, invalid UTF-8).
std::string XmlEscape(std::string_view text);

// "2026-02-12T14:30:00+08:00", the dateTime form CAP requires.
std::string CapDateTime(TimePoint t, int utc_offset_minutes);

}  // namespace cs::appeals
