#include "services/crowd/redis_density_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/redis/redis_keys.h"

namespace cs::crowd {

absl::Status RedisDensityStore::Put(const std::string& venue,
                                    const std::vector<DensityReport>& reports) {
  if (reports.empty()) return absl::OkStatus();
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& r : reports) {
    // count|area|time_ms: density and level are derived again on read, from the same rule.
    fields.emplace_back(r.region_id, absl::StrCat(r.count, "|", r.area_m2, "|", ToMillis(r.time)));
  }
  return redis_.HSet(VenueKey(venue, "density"), fields);
}

absl::StatusOr<std::vector<DensityReport>> RedisDensityStore::Latest(const std::string& venue) {
  auto all = redis_.HGetAll(VenueKey(venue, "density"));
  if (!all.ok()) return all.status();
  std::vector<DensityReport> out;
  for (const auto& [region, value] : *all) {
    std::vector<std::string> parts = absl::StrSplit(value, '|');
    DensityReport r;
    int64_t ms = 0;
    if (parts.size() != 3 || !absl::SimpleAtod(parts[0], &r.count) ||
        !absl::SimpleAtod(parts[1], &r.area_m2) || !absl::SimpleAtoi(parts[2], &ms)) {
      continue;  // written by an older or foreign writer: not ours to interpret
    }
    r.region_id = region;
    r.time = FromMillis(ms);
    r.density = r.area_m2 > 0 ? r.count / r.area_m2 : 0;
    r.level = FruinWalkwayLevel(r.density);
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cs::crowd
