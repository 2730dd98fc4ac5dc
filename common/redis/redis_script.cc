#include "common/redis/redis_script.h"

#include <openssl/evp.h>

#include "absl/strings/str_cat.h"

namespace cs {

std::string Sha1Hex(const std::string& text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  // EVP_Digest is the one-shot form OpenSSL 3 keeps undeprecated.
  EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

RedisScript::RedisScript(std::string text) : text_(std::move(text)), sha1_(Sha1Hex(text_)) {}

absl::StatusOr<std::vector<RedisReply>> RedisScript::Send(RedisClient& client, bool by_text,
                                                          const std::vector<std::string>& keys,
                                                          const std::vector<std::string>& args,
                                                          int replicas, int timeout_ms) const {
  RedisArgv argv = {by_text ? "EVAL" : "EVALSHA", by_text ? text_ : sha1_,
                    absl::StrCat(keys.size())};
  argv.insert(argv.end(), keys.begin(), keys.end());
  argv.insert(argv.end(), args.begin(), args.end());
  std::vector<RedisArgv> commands = {std::move(argv)};
  if (replicas > 0) commands.push_back({"WAIT", absl::StrCat(replicas), absl::StrCat(timeout_ms)});
  // A pipeline hands back error replies as they are, so NOSCRIPT is read from its code, not
  // from a status message.
  return client.Pipeline(commands);
}

absl::StatusOr<std::vector<RedisReply>> RedisScript::SendWithFallback(
    RedisClient& client, const std::vector<std::string>& keys, const std::vector<std::string>& args,
    int replicas, int timeout_ms) const {
  auto replies = Send(client, /*by_text=*/false, keys, args, replicas, timeout_ms);
  if (!replies.ok()) return replies.status();
  const RedisReply& first = replies->front();
  // NOSCRIPT means nothing ran, so sending the text is safe even for a write.
  if (first.type == RedisReply::Type::kError && first.str.rfind("NOSCRIPT", 0) == 0)
    replies = Send(client, /*by_text=*/true, keys, args, replicas, timeout_ms);
  if (!replies.ok()) return replies.status();
  if (replies->front().type == RedisReply::Type::kError)
    return RedisErrorStatus("EVALSHA", replies->front().str);
  return replies;
}

absl::StatusOr<RedisReply> RedisScript::Eval(RedisClient& client,
                                             const std::vector<std::string>& keys,
                                             const std::vector<std::string>& args) const {
  auto replies = SendWithFallback(client, keys, args, /*replicas=*/0, 0);
  if (!replies.ok()) return replies.status();
  return std::move(replies->front());
}

absl::StatusOr<RedisScript::Confirmed> RedisScript::EvalAndWait(
    RedisClient& client, const std::vector<std::string>& keys, const std::vector<std::string>& args,
    int replicas, int timeout_ms) const {
  if (replicas <= 0) return absl::InvalidArgumentError("EvalAndWait: replicas must be at least 1");
  auto replies = SendWithFallback(client, keys, args, replicas, timeout_ms);
  if (!replies.ok()) return replies.status();
  const RedisReply& wait = replies->back();
  if (wait.type == RedisReply::Type::kError) return RedisErrorStatus("WAIT", wait.str);
  if (wait.type != RedisReply::Type::kInteger)
    return absl::InternalError("redis WAIT: unexpected reply");
  return Confirmed{std::move(replies->front()), wait.integer};
}

}  // namespace cs
