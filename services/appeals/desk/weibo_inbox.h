// The Weibo inbox connector's core: polls the account's direct messages, @mentions and comments
// on its posts, hands each new one to the press-desk inbox exactly once, and sends the desk's
// answer back the way the message came (a private message, or a comment reply).
// Thread-safety: not thread-safe; one PollOnce at a time (PeriodicLoop guarantees that). The
// state store may be shared with other processes; the reply claim is a compare-and-set there.
//
// Exactly once, across restarts:
//   - each Weibo item becomes inbox message "wb-<dm|at|cm>-<weibo id>"; the inbox refuses a
//     second message with that id (ALREADY_EXISTS), so a crash between submit and record only
//     costs a refused resubmit;
//   - the item's record (what to reply to) is stored before the cursor moves past it;
//   - a reply is claimed (awaiting -> sending) before the request, so it is sent at most once.
//     An item has two replies, each with its own state: the out-of-hours automatic reply (sent
//     first, as soon as the item is in the inbox) and the desk's answer.
//     An ambiguous send (timeout, 5xx) is never retried on its own: the desk sees it and
//     answers by hand.
//
// Rate limits (HTTP 429, error_code 10022/10023/10024) pause every call until Retry-After or
// an exponential backoff (1 min doubling to 15 min). An expired or revoked token (21314..21317,
// 21327, 21332) stops every call until the token source returns a different token.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/appeals/desk/inbox_store.h"

namespace cs::appeals {

enum class WeiboSource { kDirectMessage, kMention, kComment };
// "dm", "at", "cm": the short form used in inbox ids and Redis keys.
const char* WeiboSourceCode(WeiboSource source);
// The inbox channel: "weibo_dm", "weibo_mention", "weibo_comment".
const char* WeiboSourceChannel(WeiboSource source);
inline constexpr WeiboSource kAllWeiboSources[] = {WeiboSource::kDirectMessage,
                                                   WeiboSource::kMention, WeiboSource::kComment};

// One message as Weibo delivered it.
struct WeiboItem {
  WeiboSource source = WeiboSource::kDirectMessage;
  std::string id;  // idstr: decimal, grows with time
  std::string text;
  TimePoint created_at;
  std::string sender_uid;   // who to send a private message to
  std::string sender_name;  // screen name: RESTRICTED (the inbox's sender handle)
  std::string status_id;    // mention: the post that mentions us; comment: the post commented on
};

// The inbox message id for an item: "wb-dm-4901...".
std::string WeiboInboxId(WeiboSource source, std::string_view weibo_id);
// True when decimal id `a` is greater than `b` (ids are too long for int64 on some accounts).
bool WeiboIdGreater(std::string_view a, std::string_view b);

// How a call to Weibo ended, read from the HTTP status and Weibo's error_code.
enum class WeiboOutcome {
  kOk,
  kRateLimited,   // nothing done; try again after retry_after
  kTokenExpired,  // nothing done; a new token is needed
  kRefused,       // a definite no (bad parameters, no permission): retrying will not help
  kUnavailable,   // never reached Weibo, or 5xx/timeout: for a send, it may have happened
};
const char* WeiboOutcomeName(WeiboOutcome outcome);

struct WeiboCall {
  WeiboOutcome outcome = WeiboOutcome::kOk;
  Duration retry_after{};  // from Retry-After, when the answer had one
  std::string detail;      // "HTTP 403 error_code 10023"; never the token or message text
  // Set by a client when the request surely never left (connection refused, bad URL): a send
  // that kUnavailable would otherwise leave ambiguous can then simply be tried again.
  bool never_sent = false;
};

// The classification every client uses. `reached` false: the request never got an answer.
WeiboCall ClassifyWeiboAnswer(bool reached, long http_status, std::string_view error_code,
                              Duration retry_after = {});

struct WeiboPage {
  WeiboCall call;
  std::vector<WeiboItem> items;  // any order
};

struct WeiboReplyTarget {
  WeiboSource source = WeiboSource::kDirectMessage;
  std::string weibo_id;  // the item answered
  std::string status_id;
  std::string sender_uid;
};

struct WeiboSendResult {
  WeiboCall call;
  std::string reply_id;  // Weibo's id for what we sent
};

// The HTTP side (libcurl in appeal-service; a fake in tests). The token is passed per call so
// that a rotated token is used at once.
class WeiboInboxApi {
 public:
  virtual ~WeiboInboxApi() = default;
  // Items newer than `since_id` ("" for the newest page).
  virtual WeiboPage Fetch(WeiboSource source, const std::string& since_id,
                          const std::string& token) = 0;
  // Direct message: a private message to the sender. Comment: a reply to that comment.
  // Mention: a comment on the post that mentions us.
  virtual WeiboSendResult Send(const WeiboReplyTarget& target, const std::string& text,
                               const std::string& token) = 0;
};

enum class ReplyState {
  kAwaiting,   // the desk has not answered yet
  kSending,    // claimed; a request may be on the wire
  kSent,
  kOutbox,     // outbox mode: a press officer sends it by hand
  kAmbiguous,  // it may or may not have been sent: left for the desk, never resent
  kFailed,     // Weibo refused it, or it cannot go this way (too long for a comment)
  kNotSubmitted,  // the inbox refused the item itself (e.g. empty text): nothing to answer
  kNone,          // automatic reply only: the message did not get one (the desk was open)
};
const char* ReplyStateName(ReplyState state);
// What the inbox shows for a reply in this state (sending, awaiting: queued).
ReplyDelivery DeliveryOf(ReplyState state);

struct WeiboItemRecord {
  std::string inbox_id;
  WeiboReplyTarget target;
  ReplyState reply_state = ReplyState::kAwaiting;  // the desk's answer
  std::string reply_id;
  std::string note;  // why it failed or is ambiguous (no message text, no token)
  // The out-of-hours automatic reply: kAwaiting until the inbox says whether there is one.
  ReplyState auto_reply_state = ReplyState::kNone;
  std::string auto_reply_id;
  std::string auto_note;
};
// Either reply still to go (awaiting or sending): the record is in the awaiting set.
bool HasOpenReply(const WeiboItemRecord& record);

// Cursors, item records and the awaiting-reply set. Redis: redis_weibo_inbox_state.h.
class WeiboInboxState {
 public:
  virtual ~WeiboInboxState() = default;
  virtual absl::StatusOr<std::string> Cursor(WeiboSource source) = 0;
  virtual absl::Status SetCursor(WeiboSource source, const std::string& id) = 0;
  virtual absl::StatusOr<std::optional<WeiboItemRecord>> Find(WeiboSource source,
                                                              const std::string& weibo_id) = 0;
  // Stores a new record; an awaiting one joins the awaiting set in the same write.
  virtual absl::Status Record(const WeiboItemRecord& record) = 0;
  virtual absl::StatusOr<std::vector<WeiboItemRecord>> Awaiting() = 0;
  // Compare-and-set of one reply's state; false when it was not in `from` (someone else has
  // it). When neither reply is left awaiting or sending, the record leaves the awaiting set.
  virtual absl::StatusOr<bool> MoveReply(const WeiboReplyTarget& target, ReplyKind kind,
                                         ReplyState from, ReplyState to,
                                         const std::string& reply_id, const std::string& note) = 0;
};

class InMemoryWeiboInboxState final : public WeiboInboxState {
 public:
  absl::StatusOr<std::string> Cursor(WeiboSource source) override;
  absl::Status SetCursor(WeiboSource source, const std::string& id) override;
  absl::StatusOr<std::optional<WeiboItemRecord>> Find(WeiboSource source,
                                                      const std::string& weibo_id) override;
  absl::Status Record(const WeiboItemRecord& record) override;
  absl::StatusOr<std::vector<WeiboItemRecord>> Awaiting() override;
  absl::StatusOr<bool> MoveReply(const WeiboReplyTarget& target, ReplyKind kind, ReplyState from,
                                 ReplyState to, const std::string& reply_id,
                                 const std::string& note) override;

 private:
  std::vector<std::string> cursors_ = std::vector<std::string>(3);
  std::vector<WeiboItemRecord> records_;
};

// Where items go and where answers come from: the inbox (appeal-service wires it to
// SubmitMessage in-process, so a Weibo message gets exactly the triage of any other).
class InboxGateway {
 public:
  virtual ~InboxGateway() = default;
  // OK, or AlreadyExists when the inbox has this id already (both: it is in the inbox).
  // InvalidArgument: the inbox will never take it. Anything else: try again later.
  virtual absl::Status Submit(const std::string& inbox_id, const WeiboItem& item) = 0;
  // The answer to send once the desk has answered; nullopt while the message is still open.
  virtual absl::StatusOr<std::optional<std::string>> AnswerFor(const std::string& inbox_id) = 0;
  // The out-of-hours reply the inbox gave this message; nullopt when it gave none.
  virtual absl::StatusOr<std::optional<std::string>> AutoReplyFor(const std::string& inbox_id) = 0;
  // Tells the inbox how far a reply got, for the desk to see.
  virtual absl::Status ReportDelivery(const std::string& inbox_id, ReplyKind kind,
                                      ReplyDelivery delivery) = 0;
};

enum class ReplyMode {
  kOutbox,  // default: answers wait for a press officer to send them by hand
  kApi,     // answers go out through WeiboInboxApi::Send
};

struct WeiboInboxOptions {
  ReplyMode reply_mode = ReplyMode::kOutbox;
  std::vector<WeiboSource> sources = {std::begin(kAllWeiboSources), std::end(kAllWeiboSources)};
  Duration first_backoff = std::chrono::minutes(1);
  Duration max_backoff = std::chrono::minutes(15);
  // A kSending claim older than this is taken to be from a crashed sender: marked ambiguous.
  Duration sending_timeout = std::chrono::minutes(2);
  size_t comment_max_chars = 140;  // comments/reply and comments/create take at most 140
};

struct WeiboPollStats {
  int fetched = 0;
  int submitted = 0;
  int duplicates = 0;  // already in the inbox (redelivered, or older than the cursor)
  int rejected = 0;    // the inbox refused the item
  int replies_sent = 0;
  int replies_to_outbox = 0;
  int replies_failed = 0;  // refused, ambiguous or too long: for the desk to answer by hand
  int auto_replies = 0;  // out-of-hours replies sent or queued (also counted in the above)
  int delivery_reports_failed = 0;  // the inbox could not be told; its display lags
  bool paused = false;          // rate-limited: no call made this pass, or the pass stopped
  bool token_expired = false;   // no call made, or the pass stopped
};

class WeiboInbox {
 public:
  using TokenSource = std::function<std::string()>;  // "" when no token is configured
  WeiboInbox(WeiboInboxApi* api, WeiboInboxState* state, InboxGateway* inbox, TokenSource token,
             const Clock* clock, WeiboInboxOptions options = {});

  // One pass: fetch every source, submit what is new, then deliver answered replies.
  // Errors: FailedPrecondition when no token is set; a store error stops the pass (the next
  // pass picks up where this one stopped). Rate limits and token expiry are not errors: they
  // are in the stats.
  absl::StatusOr<WeiboPollStats> PollOnce();

  // Until when calls are paused by a rate limit (TimePoint{} when not).
  TimePoint paused_until() const { return paused_until_; }

 private:
  // False when the pass must stop (rate limit, token expired); the reason is in `stats`.
  bool Absorb(const WeiboCall& call, WeiboPollStats& stats, const std::string& token);
  absl::Status PollSource(WeiboSource source, const std::string& token, WeiboPollStats& stats,
                          bool& stop);
  absl::Status DeliverReplies(const std::string& token, WeiboPollStats& stats);
  // False `stop` to go on with the next reply.
  absl::Status DeliverKind(const WeiboItemRecord& record, ReplyKind kind, TimePoint now,
                           const std::string& token, WeiboPollStats& stats, bool& stop);
  absl::Status DeliverOne(const WeiboItemRecord& record, ReplyKind kind, const std::string& text,
                          const std::string& token, WeiboPollStats& stats, bool& stop);
  void Report(const std::string& inbox_id, ReplyKind kind, ReplyState state,
              WeiboPollStats& stats);

  WeiboInboxApi* api_;
  WeiboInboxState* state_;
  InboxGateway* inbox_;
  TokenSource token_;
  const Clock* clock_;
  WeiboInboxOptions options_;
  TimePoint paused_until_{};
  Duration backoff_{};
  std::string expired_token_;  // the token Weibo said is expired: not used again
  std::vector<std::pair<std::string, TimePoint>> sending_seen_;  // claims found, first seen at
};

}  // namespace cs::appeals
