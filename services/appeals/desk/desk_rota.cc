#include "services/appeals/desk/desk_rota.h"

#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "common/text/utf8.h"

namespace cs::appeals {
namespace {

std::string FormatMinute(int m) { return absl::StrFormat("%02d:%02d", m / 60, m % 60); }

}  // namespace

std::optional<int> ParseClockMinute(const std::string& s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  for (size_t i : {0, 1, 3, 4}) {
    if (s[i] < '0' || s[i] > '9') return std::nullopt;
  }
  const int h = (s[0] - '0') * 10 + (s[1] - '0');
  const int m = (s[3] - '0') * 10 + (s[4] - '0');
  if (h == 24 && m == 0) return 24 * 60;
  if (h > 23 || m > 59) return std::nullopt;
  return h * 60 + m;
}

absl::StatusOr<DeskRota> DeskRota::Create(DeskHoursConfig c) {
  auto in_day = [](int m) { return m >= 0 && m < 24 * 60; };
  if (!in_day(c.open_minute)) return absl::InvalidArgumentError("desk_hours.open: not a time");
  if (!in_day(c.close_minute) && c.close_minute != 24 * 60) {
    return absl::InvalidArgumentError("desk_hours.close: not a time");
  }
  if (c.open_minute == c.close_minute) {
    return absl::InvalidArgumentError("desk_hours.close: equals open");
  }
  absl::TimeZone tz;
  if (!absl::LoadTimeZone(c.timezone, &tz)) {
    return absl::InvalidArgumentError("desk_hours.timezone: unknown time zone");
  }
  auto gives_numbers = [](const std::string& reply) {
    return reply.find("110") != std::string::npos && reply.find("120") != std::string::npos;
  };
  if (!gives_numbers(c.out_of_hours_reply)) {
    return absl::InvalidArgumentError("desk_hours.out_of_hours_reply: must give 110 and 120");
  }
  if (!gives_numbers(c.out_of_hours_short_reply)) {
    return absl::InvalidArgumentError(
        "desk_hours.out_of_hours_short_reply: must give 110 and 120");
  }
  const std::string hours = FormatMinute(c.open_minute) + "–" + FormatMinute(c.close_minute);
  std::string reply = absl::StrReplaceAll(c.out_of_hours_reply, {{"{hours}", hours}});
  std::string short_reply = absl::StrReplaceAll(c.out_of_hours_short_reply, {{"{hours}", hours}});
  if (CodePointCount(short_reply) > kCommentReplyMaxChars) {
    return absl::InvalidArgumentError(
        "desk_hours.out_of_hours_short_reply: longer than a comment reply takes (140)");
  }
  return DeskRota(std::move(c), tz, std::move(reply), std::move(short_reply));
}

const std::string& DeskRota::OutOfHoursReply(std::string_view channel) const {
  // A comment or an @mention is answered by a comment reply; everything else has room.
  return channel == "weibo_comment" || channel == "weibo_mention" ? short_reply_ : reply_;
}

bool DeskRota::IsOpen(TimePoint t) const {
  const absl::CivilMinute local = absl::ToCivilMinute(absl::FromChrono(t), tz_);
  const int m = local.hour() * 60 + local.minute();
  if (config_.open_minute < config_.close_minute) {
    return m >= config_.open_minute && m < config_.close_minute;
  }
  return m >= config_.open_minute || m < config_.close_minute;  // open across midnight
}

}  // namespace cs::appeals
