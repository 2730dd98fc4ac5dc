#include "services/appeals/desk/weibo_inbox.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/absl_view.h"

namespace cs::appeals {
namespace {

bool IsRateLimitCode(std::string_view code) {
  // 10022 IP requests out of rate limit, 10023 user requests out of rate limit, 10024 user
  // requests for this interface out of rate limit (open.weibo.com/wiki/Error_code).
  return code == "10022" || code == "10023" || code == "10024";
}

bool IsTokenCode(std::string_view code) {
  // 21314..21317 token used/expired/revoked/rejected, 21327 expired_token, 21332
  // invalid_access_token (open.weibo.com/wiki/Error_code, OAuth2 error codes).
  return code == "21314" || code == "21315" || code == "21316" || code == "21317" ||
         code == "21327" || code == "21332";
}

bool IsOpenState(ReplyState s) { return s == ReplyState::kAwaiting || s == ReplyState::kSending; }

}  // namespace

const char* WeiboSourceCode(WeiboSource source) {
  switch (source) {
    case WeiboSource::kDirectMessage:
      return "dm";
    case WeiboSource::kMention:
      return "at";
    case WeiboSource::kComment:
      return "cm";
  }
  return "dm";
}

const char* WeiboSourceChannel(WeiboSource source) {
  switch (source) {
    case WeiboSource::kDirectMessage:
      return "weibo_dm";
    case WeiboSource::kMention:
      return "weibo_mention";
    case WeiboSource::kComment:
      return "weibo_comment";
  }
  return "weibo_dm";
}

const char* WeiboOutcomeName(WeiboOutcome outcome) {
  switch (outcome) {
    case WeiboOutcome::kOk:
      return "ok";
    case WeiboOutcome::kRateLimited:
      return "rate_limited";
    case WeiboOutcome::kTokenExpired:
      return "token_expired";
    case WeiboOutcome::kRefused:
      return "refused";
    case WeiboOutcome::kUnavailable:
      return "unavailable";
  }
  return "unavailable";
}

const char* ReplyStateName(ReplyState state) {
  switch (state) {
    case ReplyState::kAwaiting:
      return "awaiting";
    case ReplyState::kSending:
      return "sending";
    case ReplyState::kSent:
      return "sent";
    case ReplyState::kOutbox:
      return "outbox";
    case ReplyState::kAmbiguous:
      return "ambiguous";
    case ReplyState::kFailed:
      return "failed";
    case ReplyState::kNotSubmitted:
      return "not_submitted";
    case ReplyState::kNone:
      return "none";
  }
  return "failed";
}

ReplyDelivery DeliveryOf(ReplyState state) {
  switch (state) {
    case ReplyState::kAwaiting:
    case ReplyState::kSending:
    case ReplyState::kOutbox:
      return ReplyDelivery::kQueued;
    case ReplyState::kSent:
      return ReplyDelivery::kSent;
    case ReplyState::kAmbiguous:
    case ReplyState::kFailed:
      return ReplyDelivery::kFailed;
    case ReplyState::kNotSubmitted:
    case ReplyState::kNone:
      return ReplyDelivery::kNone;
  }
  return ReplyDelivery::kNone;
}

bool HasOpenReply(const WeiboItemRecord& record) {
  return IsOpenState(record.reply_state) || IsOpenState(record.auto_reply_state);
}

std::string WeiboInboxId(WeiboSource source, std::string_view weibo_id) {
  return absl::StrCat("wb-", WeiboSourceCode(source), "-", Av(weibo_id));
}

bool WeiboIdGreater(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return a.size() > b.size();
  return a > b;
}

WeiboCall ClassifyWeiboAnswer(bool reached, long http_status, std::string_view error_code,
                              Duration retry_after) {
  WeiboCall call;
  call.retry_after = retry_after;
  if (!reached) {
    call.outcome = WeiboOutcome::kUnavailable;
    call.detail = "no answer";
    return call;
  }
  call.detail = absl::StrCat("HTTP ", http_status,
                             error_code.empty() ? "" : absl::StrCat(" error_code ", Av(error_code)));
  // Weibo answers a rate limit with 403 (or 400) and 10023; a proxy in front may say 429.
  if (http_status == 429 || IsRateLimitCode(error_code)) {
    call.outcome = WeiboOutcome::kRateLimited;
  } else if (IsTokenCode(error_code) || http_status == 401) {
    call.outcome = WeiboOutcome::kTokenExpired;
  } else if (http_status == 200 && error_code.empty()) {
    call.outcome = WeiboOutcome::kOk;
  } else if (http_status >= 500 || http_status == 408) {
    call.outcome = WeiboOutcome::kUnavailable;
  } else {
    call.outcome = WeiboOutcome::kRefused;
  }
  return call;
}

// ---- InMemoryWeiboInboxState ----

absl::StatusOr<std::string> InMemoryWeiboInboxState::Cursor(WeiboSource source) {
  return cursors_[static_cast<size_t>(source)];
}

absl::Status InMemoryWeiboInboxState::SetCursor(WeiboSource source, const std::string& id) {
  cursors_[static_cast<size_t>(source)] = id;
  return absl::OkStatus();
}

absl::StatusOr<std::optional<WeiboItemRecord>> InMemoryWeiboInboxState::Find(
    WeiboSource source, const std::string& weibo_id) {
  for (const auto& r : records_) {
    if (r.target.source == source && r.target.weibo_id == weibo_id) return r;
  }
  return std::nullopt;
}

absl::Status InMemoryWeiboInboxState::Record(const WeiboItemRecord& record) {
  for (const auto& r : records_) {
    // Written once, like the Redis script: an existing record is left as it is.
    if (r.target.source == record.target.source && r.target.weibo_id == record.target.weibo_id) {
      return absl::OkStatus();
    }
  }
  records_.push_back(record);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<WeiboItemRecord>> InMemoryWeiboInboxState::Awaiting() {
  std::vector<WeiboItemRecord> out;
  for (const auto& r : records_) {
    if (HasOpenReply(r)) out.push_back(r);
  }
  return out;
}

absl::StatusOr<bool> InMemoryWeiboInboxState::MoveReply(const WeiboReplyTarget& target,
                                                        ReplyKind kind, ReplyState from,
                                                        ReplyState to, const std::string& reply_id,
                                                        const std::string& note) {
  for (auto& r : records_) {
    if (r.target.source != target.source || r.target.weibo_id != target.weibo_id) continue;
    const bool answer = kind == ReplyKind::kAnswer;
    ReplyState& state = answer ? r.reply_state : r.auto_reply_state;
    if (state != from) return false;
    state = to;
    if (!reply_id.empty()) (answer ? r.reply_id : r.auto_reply_id) = reply_id;
    (answer ? r.note : r.auto_note) = note;
    return true;
  }
  return absl::NotFoundError("weibo item: no record");
}

// ---- WeiboInbox ----

WeiboInbox::WeiboInbox(WeiboInboxApi* api, WeiboInboxState* state, InboxGateway* inbox,
                       TokenSource token, const Clock* clock, WeiboInboxOptions options)
    : api_(api),
      state_(state),
      inbox_(inbox),
      token_(std::move(token)),
      clock_(clock),
      options_(std::move(options)) {}

bool WeiboInbox::Absorb(const WeiboCall& call, WeiboPollStats& stats, const std::string& token) {
  if (call.outcome == WeiboOutcome::kRateLimited) {
    backoff_ = backoff_ == Duration{} ? options_.first_backoff
                                      : std::min(backoff_ * 2, options_.max_backoff);
    paused_until_ = clock_->Now() + std::max(call.retry_after, backoff_);
    stats.paused = true;
    return false;
  }
  if (call.outcome == WeiboOutcome::kTokenExpired) {
    expired_token_ = token;
    stats.token_expired = true;
    return false;
  }
  if (call.outcome == WeiboOutcome::kOk) backoff_ = Duration{};
  return true;
}

absl::StatusOr<WeiboPollStats> WeiboInbox::PollOnce() {
  WeiboPollStats stats;
  if (clock_->Now() < paused_until_) {
    stats.paused = true;
    return stats;
  }
  const std::string token = token_();
  if (token.empty()) return absl::FailedPreconditionError("weibo_inbox: no access token set");
  if (token == expired_token_) {
    stats.token_expired = true;  // waiting for someone to set a new token
    return stats;
  }
  expired_token_.clear();
  bool stop = false;
  for (WeiboSource source : options_.sources) {
    if (auto s = PollSource(source, token, stats, stop); !s.ok()) return s;
    if (stop) return stats;
  }
  if (auto s = DeliverReplies(token, stats); !s.ok()) return s;
  return stats;
}

absl::Status WeiboInbox::PollSource(WeiboSource source, const std::string& token,
                                    WeiboPollStats& stats, bool& stop) {
  auto cursor = state_->Cursor(source);
  if (!cursor.ok()) return cursor.status();
  WeiboPage page = api_->Fetch(source, *cursor, token);
  if (!Absorb(page.call, stats, token)) {
    stop = true;
    return absl::OkStatus();
  }
  if (page.call.outcome != WeiboOutcome::kOk) return absl::OkStatus();  // try at the next pass
  std::sort(page.items.begin(), page.items.end(), [](const WeiboItem& a, const WeiboItem& b) {
    return WeiboIdGreater(b.id, a.id);
  });
  std::string newest = *cursor;
  for (WeiboItem& item : page.items) {
    item.source = source;
    ++stats.fetched;
    if (item.id.empty()) continue;
    // The cursor only moves past items whose record is stored, so anything at or below it is
    // in the inbox already: a duplicate delivery.
    if (!cursor->empty() && !WeiboIdGreater(item.id, *cursor)) {
      ++stats.duplicates;
      continue;
    }
    auto known = state_->Find(source, item.id);
    if (!known.ok()) return known.status();
    if (known->has_value()) {
      ++stats.duplicates;
      if (WeiboIdGreater(item.id, newest)) newest = item.id;
      continue;
    }
    WeiboItemRecord record;
    record.inbox_id = WeiboInboxId(source, item.id);
    record.target = {source, item.id, item.status_id, item.sender_uid};
    absl::Status submitted = inbox_->Submit(record.inbox_id, item);
    if (absl::IsAlreadyExists(submitted)) {
      ++stats.duplicates;  // a pass before a crash got it in; only the record was missing
    } else if (absl::IsInvalidArgument(submitted)) {
      ++stats.rejected;
      record.reply_state = ReplyState::kNotSubmitted;
      record.note = std::string(submitted.message());
    } else if (!submitted.ok()) {
      break;  // the inbox is unavailable: stop here, the cursor stays before this item
    } else {
      ++stats.submitted;
    }
    // In the inbox: the next delivery asks whether it got an out-of-hours reply.
    if (record.reply_state != ReplyState::kNotSubmitted) {
      record.auto_reply_state = ReplyState::kAwaiting;
    }
    if (auto s = state_->Record(record); !s.ok()) return s;
    newest = item.id;
  }
  if (newest != *cursor) return state_->SetCursor(source, newest);
  return absl::OkStatus();
}

absl::Status WeiboInbox::DeliverReplies(const std::string& token, WeiboPollStats& stats) {
  auto awaiting = state_->Awaiting();
  if (!awaiting.ok()) return awaiting.status();
  const TimePoint now = clock_->Now();
  // Forget claims that have since finished (another sender completed them).
  sending_seen_.erase(
      std::remove_if(sending_seen_.begin(), sending_seen_.end(),
                     [&](const auto& seen) {
                       return std::none_of(awaiting->begin(), awaiting->end(), [&](const auto& r) {
                         return r.inbox_id == seen.first && r.reply_state == ReplyState::kSending;
                       });
                     }),
      sending_seen_.end());
  for (const WeiboItemRecord& record : *awaiting) {
    bool stop = false;
    // The automatic reply first: it was due when the message came in.
    for (ReplyKind kind : {ReplyKind::kAutoReply, ReplyKind::kAnswer}) {
      if (auto s = DeliverKind(record, kind, now, token, stats, stop); !s.ok()) return s;
      if (stop) return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

absl::Status WeiboInbox::DeliverKind(const WeiboItemRecord& record, ReplyKind kind, TimePoint now,
                                     const std::string& token, WeiboPollStats& stats,
                                     bool& stop) {
  const bool automatic = kind == ReplyKind::kAutoReply;
  const ReplyState state = automatic ? record.auto_reply_state : record.reply_state;
  if (state == ReplyState::kSending) {
    // Not ours (ours finish within the pass): a crashed sender, or another replica mid-send.
    const std::string key = automatic ? record.inbox_id + "#auto" : record.inbox_id;
    auto seen = std::find_if(sending_seen_.begin(), sending_seen_.end(),
                             [&](const auto& p) { return p.first == key; });
    if (seen == sending_seen_.end()) {
      sending_seen_.emplace_back(key, now);
    } else if (now - seen->second >= options_.sending_timeout) {
      auto moved = state_->MoveReply(record.target, kind, ReplyState::kSending,
                                     ReplyState::kAmbiguous, "",
                                     "a send was interrupted; check Weibo before resending");
      if (!moved.ok()) return moved.status();
      sending_seen_.erase(seen);
      ++stats.replies_failed;
      Report(record.inbox_id, kind, ReplyState::kAmbiguous, stats);
    }
    return absl::OkStatus();
  }
  if (state != ReplyState::kAwaiting) return absl::OkStatus();
  auto text = automatic ? inbox_->AutoReplyFor(record.inbox_id) : inbox_->AnswerFor(record.inbox_id);
  if (!text.ok()) return text.status();
  if (!text->has_value()) {
    // No automatic reply (the desk was open): settled. No answer yet: ask at the next pass.
    if (!automatic) return absl::OkStatus();
    return state_->MoveReply(record.target, kind, ReplyState::kAwaiting, ReplyState::kNone, "", "")
        .status();
  }
  return DeliverOne(record, kind, **text, token, stats, stop);
}

void WeiboInbox::Report(const std::string& inbox_id, ReplyKind kind, ReplyState state,
                        WeiboPollStats& stats) {
  // Display only: the connector's state is the truth, and a lost report lags, never resends.
  if (!inbox_->ReportDelivery(inbox_id, kind, DeliveryOf(state)).ok()) {
    ++stats.delivery_reports_failed;
  }
}

absl::Status WeiboInbox::DeliverOne(const WeiboItemRecord& record, ReplyKind kind,
                                    const std::string& answer, const std::string& token,
                                    WeiboPollStats& stats, bool& stop) {
  const int auto_before = stats.replies_sent + stats.replies_to_outbox;
  // Every move that settles a reply (or puts it back in the queue) is reported to the inbox.
  auto move = [&](ReplyState from, ReplyState to, const std::string& reply_id,
                  const std::string& note) -> absl::StatusOr<bool> {
    auto moved = state_->MoveReply(record.target, kind, from, to, reply_id, note);
    if (moved.ok() && *moved && to != ReplyState::kSending) Report(record.inbox_id, kind, to, stats);
    return moved;
  };
  auto count_auto = [&] {
    if (kind == ReplyKind::kAutoReply &&
        stats.replies_sent + stats.replies_to_outbox > auto_before) {
      ++stats.auto_replies;
    }
  };
  if (options_.reply_mode == ReplyMode::kOutbox) {
    auto moved = move(ReplyState::kAwaiting, ReplyState::kOutbox, "", "");
    if (!moved.ok()) return moved.status();
    if (*moved) ++stats.replies_to_outbox;
    count_auto();
    return absl::OkStatus();
  }
  if (record.target.source != WeiboSource::kDirectMessage &&
      DecodeUtf8(answer).size() > options_.comment_max_chars) {
    auto moved = move(ReplyState::kAwaiting, ReplyState::kFailed, "",
                      absl::StrCat("longer than the ", options_.comment_max_chars,
                                   " characters a comment takes; answer by hand"));
    if (!moved.ok()) return moved.status();
    if (*moved) ++stats.replies_failed;
    return absl::OkStatus();
  }
  // Claimed before the request: a crash from here on leaves kSending, never a second send.
  auto claimed = move(ReplyState::kAwaiting, ReplyState::kSending, "", "");
  if (!claimed.ok()) return claimed.status();
  if (!*claimed) return absl::OkStatus();  // another sender has it
  WeiboSendResult sent = api_->Send(record.target, answer, token);
  absl::StatusOr<bool> moved = true;
  switch (sent.call.outcome) {
    case WeiboOutcome::kOk:
      moved = move(ReplyState::kSending, ReplyState::kSent, sent.reply_id, "");
      if (moved.ok()) ++stats.replies_sent;
      break;
    case WeiboOutcome::kRateLimited:
    case WeiboOutcome::kTokenExpired:
      // Definitely not sent: back in the queue for a later pass.
      moved = move(ReplyState::kSending, ReplyState::kAwaiting, "", sent.call.detail);
      stop = !Absorb(sent.call, stats, token);
      break;
    case WeiboOutcome::kRefused:
      moved = move(ReplyState::kSending, ReplyState::kFailed, "", sent.call.detail);
      if (moved.ok()) ++stats.replies_failed;
      break;
    case WeiboOutcome::kUnavailable:
      if (sent.call.never_sent) {
        moved = move(ReplyState::kSending, ReplyState::kAwaiting, "", sent.call.detail);
        break;
      }
      moved = move(ReplyState::kSending, ReplyState::kAmbiguous, "",
                   absl::StrCat(sent.call.detail, "; check Weibo before resending"));
      if (moved.ok()) ++stats.replies_failed;
      break;
  }
  count_auto();
  return moved.status();
}

}  // namespace cs::appeals
