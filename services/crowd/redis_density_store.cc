#include "services/crowd/redis_density_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/redis/redis_keys.h"

namespace cs::crowd {

absl::Status RedisDensityStore::Put(const std::string& venue,
                                    const std::vector<DensityReport>& reports) {
  if (reports.empty()) return absl::OkStatus();
  RedisArgv latest = {"HSET", VenueKey(venue, "density")};
  std::vector<RedisArgv> cmds = {{"MULTI"}};
  for (const auto& r : reports) {
    // count|area|time_ms: density and level are derived again on read, from the same rule.
    std::string value = absl::StrCat(r.count, "|", r.area_m2, "|", ToMillis(r.time));
    latest.push_back(r.region_id);
    latest.push_back(value);
    // About 15 minutes of 100 regions reporting every second (some 10 MB): the lease holder
    // reads it within a fraction of a second, a successor within the lease time.
    cmds.push_back({"XADD", VenueKey(venue, "density_log"), "MAXLEN", "~", "100000", "*", "g",
                    r.region_id, "v", value});
  }
  cmds.insert(cmds.begin() + 1, latest);
  cmds.push_back({"EXEC"});
  auto replies = redis_.Pipeline(cmds);
  if (!replies.ok()) return replies.status();
  if (replies->back().type != RedisReply::Type::kArray) {
    return absl::UnavailableError("density put: EXEC failed");
  }
  return absl::OkStatus();
}

namespace {

// "count|area|time_ms" back into a report; false when written by an older or foreign writer.
bool Decode(const std::string& region, const std::string& value, DensityReport* r) {
  std::vector<std::string> parts = absl::StrSplit(value, '|');
  int64_t ms = 0;
  if (parts.size() != 3 || !absl::SimpleAtod(parts[0], &r->count) ||
      !absl::SimpleAtod(parts[1], &r->area_m2) || !absl::SimpleAtoi(parts[2], &ms)) {
    return false;
  }
  r->region_id = region;
  r->time = FromMillis(ms);
  r->density = r->area_m2 > 0 ? r->count / r->area_m2 : 0;
  r->level = FruinWalkwayLevel(r->density);
  return true;
}

}  // namespace

absl::StatusOr<std::vector<std::pair<std::string, DensityReport>>> RedisDensityStore::After(
    const std::string& venue, const std::string& cursor, int64_t count) {
  auto entries = redis_.XRangeAfter(VenueKey(venue, "density_log"), cursor, count);
  if (!entries.ok()) return entries.status();
  std::vector<std::pair<std::string, DensityReport>> out;
  for (const auto& e : *entries) {
    std::string region, value;
    for (const auto& [k, v] : e.fields) {
      if (k == "g") region = v;
      if (k == "v") value = v;
    }
    DensityReport r;
    // An unreadable entry is skipped, but its id still moves the cursor past it.
    if (!Decode(region, value, &r)) r.region_id.clear();
    out.emplace_back(e.id, std::move(r));
  }
  return out;
}

absl::StatusOr<std::string> RedisDensityStore::LastCursor(const std::string& venue) {
  auto r = redis_.Command({"XREVRANGE", VenueKey(venue, "density_log"), "+", "-", "COUNT", "1"});
  if (!r.ok()) return r.status();
  if (r->elements.empty() || r->elements[0].elements.empty()) return std::string("0");
  return r->elements[0].elements[0].str;
}

absl::StatusOr<std::vector<DensityReport>> RedisDensityStore::Latest(const std::string& venue) {
  auto all = redis_.HGetAll(VenueKey(venue, "density"));
  if (!all.ok()) return all.status();
  std::vector<DensityReport> out;
  for (const auto& [region, value] : *all) {
    DensityReport r;
    if (Decode(region, value, &r)) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace cs::crowd
