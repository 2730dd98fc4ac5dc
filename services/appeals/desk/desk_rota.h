// The press desk's hours (the police Weibo desk is staffed 08:00-22:00 on a daily rota). Outside
// them a message gets an automatic reply with the emergency numbers and the hours; a
// life-safety message never does: it pages the command centre at any hour instead.
// Thread-safety: immutable after construction; safe from several threads.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/clock.h"

namespace cs::appeals {

// Weibo's comments/reply and comments/create take at most this many characters.
inline constexpr size_t kCommentReplyMaxChars = 140;

struct DeskHoursConfig {
  int open_minute = 8 * 60;  // minutes after local midnight
  // Exclusive; may be before open_minute (a desk open overnight); 1440 ("24:00") with
  // open_minute 0 is a desk that never closes.
  int close_minute = 22 * 60;
  std::string timezone = "Asia/Shanghai";
  // {hours} is replaced by "08:00–22:00".
  std::string out_of_hours_reply =
      "您好，本账号值守时间为每日 {hours}，您的消息已收到，值班民警上班后将尽快回复。"
      "如遇紧急情况，请立即拨打 110（报警）或 120（急救）。"
      "Our desk is staffed {hours} daily. In an emergency call 110 (police) or 120 (ambulance).";
  // The same for a comment reply, which Weibo limits to kCommentReplyMaxChars: the long form
  // does not fit, and a visitor who commented out of hours must still be told where to turn.
  std::string out_of_hours_short_reply =
      "本号值守 {hours}，紧急请拨 110 报警、120 急救。Desk {hours}; emergencies: 110 / 120.";
};

class DeskRota {
 public:
  // InvalidArgument naming the field for minutes outside 0..1439, open == close, an unknown
  // time zone or a reply without 110 and 120.
  static absl::StatusOr<DeskRota> Create(DeskHoursConfig config);

  bool IsOpen(TimePoint t) const;
  // The automatic reply with the hours filled in: the short form for a channel whose replies are
  // comment replies (a comment or an @mention: kCommentReplyMaxChars), the full one otherwise.
  const std::string& OutOfHoursReply(std::string_view channel) const;

 private:
  DeskRota(DeskHoursConfig config, absl::TimeZone tz, std::string reply, std::string short_reply)
      : config_(std::move(config)),
        tz_(tz),
        reply_(std::move(reply)),
        short_reply_(std::move(short_reply)) {}
  DeskHoursConfig config_;
  absl::TimeZone tz_;
  std::string reply_;
  std::string short_reply_;
};

// "08:00" -> 480, "24:00" -> 1440; nullopt unless HH:MM with HH < 24 and MM < 60 (or 24:00).
std::optional<int> ParseClockMinute(const std::string& hh_mm);

}  // namespace cs::appeals
