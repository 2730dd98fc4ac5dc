#include "services/crowd/core/alert_text.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/crowd/core/alert_engine.h"

namespace cs::crowd {

namespace {

// "capacity.yellow" -> ("capacity", "yellow").
std::pair<std::string, std::string> SplitRule(const std::string& rule) {
  auto dot = rule.find('.');
  if (dot == std::string::npos) return {rule, ""};
  return {rule.substr(0, dot), rule.substr(dot + 1)};
}

std::string Fixed1(double v) { return absl::StrFormat("%.1f", v); }
std::string Percent(double v) { return absl::StrFormat("%.0f%%", v); }

// The LB/T 034 line a capacity rule stands for.
Words TierLine(const std::string& level) {
  if (level == "yellow") return {"黄色线", "yellow line"};
  if (level == "orange") return {"橙色线", "orange line"};
  if (level == "red") return {"红色线", "red line"};
  return {"警戒线", "alert line"};
}

Words DensityLine(const std::string& level) {
  if (level == "critical") return {"危急线", "critical"};
  return {"警戒线", "warning level"};
}

Words FlowLine(const std::string& level) {
  if (level == "critical") return {"危急线", "critical line"};
  return {"警戒线", "warning line"};
}

Words LifeSafetyKind(const std::string& kind) {
  if (kind == "self_harm") return {"自伤风险", "risk of self-harm"};
  if (kind == "violence") return {"暴力", "violence"};
  if (kind == "child_danger") return {"儿童处于危险", "a child in danger"};
  if (kind == "medical") return {"急症", "a medical emergency"};
  if (kind == "crowd_crush") return {"人群拥挤踩踏", "a crowd crush"};
  return {"其他险情", "another danger"};
}

Words Capacity(const Words& s, const std::string& level, const Alert& a, bool cleared) {
  const Words line = TierLine(level);
  const std::string v = Percent(a.value), t = Percent(a.threshold);
  if (cleared) {
    return {absl::StrCat(s.zh, "承载回落至 ", v, "，低于", line.zh, " ", t, "，已解除"),
            absl::StrCat(s.en, ": back to ", v, " of capacity, under the ", line.en, " ", t,
                         " (cleared)")};
  }
  return {absl::StrCat(s.zh, "承载 ", v, "，超过", line.zh, " ", t),
          absl::StrCat(s.en, ": ", v, " of capacity, over the ", line.en, " ", t)};
}

// The best-capacity notice measures against the best capacity, not the maximum: the words give
// the head count and the share of the maximum, so 113 % of the best does not read as a venue at
// 113 % while its capacity bar says 85 %.
Words BestCapacity(const Venue& venue, const Words& s, const Alert& a, bool cleared) {
  const double inside = a.value * static_cast<double>(venue.best_capacity) / 100.0;
  const std::string count = WithThousands(static_cast<int64_t>(std::llround(inside)));
  const std::string best = WithThousands(venue.best_capacity);
  const std::string of_max = venue.max_capacity > 0
                                 ? Percent(100.0 * inside / static_cast<double>(venue.max_capacity))
                                 : "";
  if (cleared) {
    return {absl::StrCat(s.zh, "在园约 ", count, " 人，已低于最佳承载量 ", best, " 人，已解除"),
            absl::StrCat(s.en, ": about ", count, " inside, under the best capacity of ", best,
                         " (cleared)")};
  }
  return {absl::StrCat(s.zh, "在园约 ", count, " 人，超过最佳承载量 ", best, " 人（最大承载量的 ",
                       of_max, "）"),
          absl::StrCat(s.en, ": about ", count, " inside, over the best capacity of ", best, " (",
                       of_max, " of the maximum)")};
}

Words Density(const Words& s, const std::string& level, const Alert& a, bool cleared) {
  const Words line = DensityLine(level);
  const std::string v = Fixed1(a.value), t = Fixed1(a.threshold);
  if (cleared) {
    return {absl::StrCat(s.zh, "密度回落至 ", v, " 人/㎡，低于", line.zh, " ", t, "，已解除"),
            absl::StrCat(s.en, ": down to ", v, " persons/m², under the ", line.en, " ", t,
                         " (cleared)")};
  }
  return {absl::StrCat(s.zh, "密度 ", v, " 人/㎡，超过", line.zh, " ", t),
          absl::StrCat(s.en, ": ", v, " persons/m², over the ", line.en, " ", t)};
}

// Gates have ids but no names in the venue file: the gate's id is its label on site.
Words GateFlow(const Words& s, const std::string& level, const Alert& a, bool cleared) {
  const Words line = FlowLine(level);
  const std::string gate = a.gate.value_or("");
  const std::string v = Percent(a.value * 100), t = Percent(a.threshold * 100);
  const Words where{absl::StrCat(s.zh, "闸机 ", gate, " "), absl::StrCat(s.en, ", gate ", gate)};
  if (cleared) {
    return {absl::StrCat(where.zh, "流量回落至 Green Guide 上限的 ", v, "，低于", line.zh, " ", t,
                         "，已解除"),
            absl::StrCat(where.en, ": flow back to ", v, " of the Green Guide limit, under the ",
                         line.en, " ", t, " (cleared)")};
  }
  return {absl::StrCat(where.zh, "流量达 Green Guide 上限的 ", v, "，超过", line.zh, " ", t),
          absl::StrCat(where.en, ": flow at ", v, " of the Green Guide limit, over the ", line.en,
                       " ", t)};
}

Words LifeSafety(const Words& s, const std::string& kind, bool cleared) {
  const Words k = LifeSafetyKind(kind);
  if (cleared) {
    return {absl::StrCat(s.zh, "：危及生命的信息（", k.zh, "）已处置"),
            absl::StrCat(s.en, ": the threat to life (", k.en, ") has been dealt with")};
  }
  return {absl::StrCat(s.zh, "：新闻办收到危及生命的信息（", k.zh, "），请立即处置"),
          absl::StrCat(s.en, ": the press desk reports a threat to life (", k.en, "); act now")};
}

}  // namespace

std::string WithThousands(int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

Words SubjectOf(const Venue& venue, const Alert& alert) {
  if (alert.zone.empty()) {
    return {venue.name_zh.empty() ? venue.id : venue.name_zh,
            venue.name_en.empty() ? venue.id : venue.name_en};
  }
  const Zone* zone = venue.FindZone(alert.zone);
  // A zone the config does not know (an old alert after a config change) keeps its id: better
  // an id than no subject at all.
  Words out = zone != nullptr ? Words{zone->name_zh, zone->name_en} : Words{alert.zone, alert.zone};
  if (alert.region) {
    const Region* region = venue.FindRegion(*alert.region);
    if (region != nullptr && !region->name_zh.empty()) out.zh += region->name_zh;
    if (region != nullptr && !region->name_en.empty()) absl::StrAppend(&out.en, " ", region->name_en);
  }
  return out;
}

Words DescribeAlert(const Venue& venue, const Alert& alert) {
  const Words subject = SubjectOf(venue, alert);
  const bool cleared = alert.state == AlertState::kCleared;
  if (alert.rule.rfind(kExternalRulePrefix, 0) == 0) {
    return LifeSafety(subject, alert.rule.substr(std::string(kExternalRulePrefix).size()), cleared);
  }
  const auto [family, level] = SplitRule(alert.rule);
  if (family == "capacity" && level == "best") return BestCapacity(venue, subject, alert, cleared);
  if (family == "capacity") return Capacity(subject, level, alert, cleared);
  if (family == "density") return Density(subject, level, alert, cleared);
  if (family == "gateflow") return GateFlow(subject, level, alert, cleared);
  // A rule these words do not know yet still reads as a sentence with its figures.
  const std::string v = absl::StrFormat("%.2f", alert.value);
  const std::string t = absl::StrFormat("%.2f", alert.threshold);
  if (cleared) {
    return {absl::StrCat(subject.zh, "：告警已解除（现为 ", v, "，阈值 ", t, "）"),
            absl::StrCat(subject.en, ": alert cleared (now ", v, ", threshold ", t, ")")};
  }
  return {absl::StrCat(subject.zh, "：告警（", v, "，阈值 ", t, "）"),
          absl::StrCat(subject.en, ": alert (", v, ", threshold ", t, ")")};
}

}  // namespace cs::crowd
