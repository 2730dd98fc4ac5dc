#include "common/redis/resp_reply.h"

#include <hiredis/hiredis.h>
#include <hiredis/read.h>

#include <memory>

namespace cs {
namespace {

// hiredis's own reply functions (a static table inside the library, so the pointer stays valid).
const redisReplyObjectFunctions* HiredisFunctions() {
  static const redisReplyObjectFunctions* fn = [] {
    redisReader* probe = redisReaderCreate();
    const redisReplyObjectFunctions* found = probe->fn;
    redisReaderFree(probe);
    return found;
  }();
  return fn;
}

void* CreateBoundedArray(const redisReadTask* task, int elements) {
  if (elements > kMaxArrayReplyElements) return nullptr;  // hiredis reports it as an error
  return HiredisFunctions()->createArray(task, elements);
}

redisReplyObjectFunctions* BoundedFunctions() {
  static redisReplyObjectFunctions fn = [] {
    redisReplyObjectFunctions copy = *HiredisFunctions();
    copy.createArray = CreateBoundedArray;
    return copy;
  }();
  return &fn;
}

}  // namespace

void BoundArrayReplies(redisReader* reader) { reader->fn = BoundedFunctions(); }

RedisReply FromHiredisReply(const redisReply* r) {
  RedisReply out;
  switch (r->type) {
    case REDIS_REPLY_STRING:
      out.type = RedisReply::Type::kString;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_STATUS:
      out.type = RedisReply::Type::kStatus;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_ERROR:
      out.type = RedisReply::Type::kError;
      out.str.assign(r->str, r->len);
      break;
    case REDIS_REPLY_INTEGER:
      out.type = RedisReply::Type::kInteger;
      out.integer = r->integer;
      break;
    case REDIS_REPLY_ARRAY:
      out.type = RedisReply::Type::kArray;
      out.elements.reserve(r->elements);
      // hiredis bounds the nesting (its reader keeps a fixed-size stack), so this recursion is
      // bounded too.
      for (size_t i = 0; i < r->elements; ++i) out.elements.push_back(FromHiredisReply(r->element[i]));
      break;
    default:
      out.type = RedisReply::Type::kNil;
  }
  return out;
}

absl::StatusOr<std::vector<RedisReply>> ParseRespReplies(std::string_view bytes) {
  std::unique_ptr<redisReader, void (*)(redisReader*)> reader(redisReaderCreate(),
                                                              redisReaderFree);
  if (reader == nullptr) return absl::ResourceExhaustedError("redis reader: out of memory");
  BoundArrayReplies(reader.get());
  if (!bytes.empty() && redisReaderFeed(reader.get(), bytes.data(), bytes.size()) != REDIS_OK) {
    return absl::ResourceExhaustedError("redis reader: cannot buffer the input");
  }
  std::vector<RedisReply> out;
  for (;;) {
    void* raw = nullptr;
    if (redisReaderGetReply(reader.get(), &raw) != REDIS_OK) {
      return absl::InvalidArgumentError("redis reply: protocol error");
    }
    if (raw == nullptr) break;  // no complete reply left
    out.push_back(FromHiredisReply(static_cast<redisReply*>(raw)));
    freeReplyObject(raw);
  }
  // hiredis keeps the unread tail in its buffer; a non-empty tail is a reply cut short.
  if (reader->len > reader->pos) return absl::DataLossError("redis reply: truncated");
  return out;
}

}  // namespace cs
