// Finds the zone of the venue a message names, however colloquially ("企鹅那边", "大鲸鱼的地方",
// "main gate"), so a life-safety alert is pinned on the desk's site plan. Names come from
// config (config/triage/zones.yaml). Places outside the venue ("北门外", "停车场") are names
// too, of no zone: "北门外" is then not read as the north gate's zone.
// Thread-safety: immutable after construction; safe from several threads.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "services/appeals/desk/triage_text.h"

namespace cs::appeals {

struct ZoneNames {
  std::string zone_id;  // empty: a place outside the venue
  std::vector<std::string> names;
};

class ZoneMentions {
 public:
  ZoneMentions() = default;
  ZoneMentions(std::vector<ZoneNames> zones, ScriptFolder fold);

  // The zone named first in the text (the longest name where names overlap); "" when the text
  // names none, or names a place outside the venue first.
  std::string Resolve(std::string_view text) const;

 private:
  struct Name {
    std::u32string text;
    std::string zone_id;
  };
  std::vector<Name> names_;
  ScriptFolder fold_;
};

}  // namespace cs::appeals
