// WeiboInboxApi over HTTP with libcurl: the endpoints of Weibo's open API v2 that the press
// desk's connector reads and writes (paths configurable, defaults below).
// Thread-safety: stateless between calls; safe from several threads.
//
// Read (GET, since_id, count):
//   direct messages  /2/direct_messages.json   {"direct_messages":[{idstr,text,created_at,
//                                               sender_id, sender:{idstr,screen_name}}]}
//   @mentions        /2/statuses/mentions.json {"statuses":[{idstr,text,created_at,
//                                               user:{idstr,screen_name}}]}
//   comments to us   /2/comments/to_me.json    {"comments":[{idstr,text,created_at,
//                                               user:{...}, status:{idstr}}]}
// Write (POST, form-encoded):
//   private message  /2/direct_messages/new.json  uid, text
//   comment reply    /2/comments/reply.json       cid (the comment), id (its post), comment
//   mention reply    /2/comments/create.json      id (the post that mentions us), comment
// Errors come as {"error":"...","error_code":21327,"request":"/2/..."}; see
// ClassifyWeiboAnswer. The token travels in "Authorization: OAuth2 <token>" only: never in a
// URL, a log line or an error.
//
// Assumed from open.weibo.com's wiki (not reachable from here): reading private messages needs
// the advanced (blue-V/enterprise) permission; the fans-service platform's push and
// /2/messages/reply.json are the newer route and fit behind the same interface.
#pragma once

#include <string>

#include "services/appeals/desk/weibo_inbox.h"

namespace cs::appeals {

struct WeiboInboxHttpConfig {
  std::string base_url = "https://api.weibo.com";
  std::string direct_messages_path = "/2/direct_messages.json";
  std::string mentions_path = "/2/statuses/mentions.json";
  std::string comments_path = "/2/comments/to_me.json";
  std::string send_message_path = "/2/direct_messages/new.json";
  std::string reply_comment_path = "/2/comments/reply.json";
  std::string create_comment_path = "/2/comments/create.json";
  int page_size = 50;  // Weibo allows up to 200
  long timeout_ms = 10'000;
};

class WeiboInboxHttp final : public WeiboInboxApi {
 public:
  explicit WeiboInboxHttp(WeiboInboxHttpConfig config);

  WeiboPage Fetch(WeiboSource source, const std::string& since_id,
                  const std::string& token) override;
  WeiboSendResult Send(const WeiboReplyTarget& target, const std::string& text,
                       const std::string& token) override;

 private:
  WeiboInboxHttpConfig config_;
};

}  // namespace cs::appeals
