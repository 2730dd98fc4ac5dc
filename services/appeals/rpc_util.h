// Helpers shared by the appeal-service adapter's files (appeal_service*.cc): status mapping and
// the contract's constants. Private to services/appeals.
// Thread-safety: pure functions.
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/grpc/status_convert.h"

namespace cs::appeals::rpc {

inline constexpr size_t kMaxReasonChars = 500;
inline constexpr size_t kMaxMessageChars = 2000;
inline constexpr size_t kMaxQueryChars = 200;
inline constexpr const char* kLanguages[] = {"zh-Hans", "zh-Hant", "en"};

inline grpc::Status Bad(const absl::Status& s) { return ToGrpcStatus(s); }

// The core names some fields by its own structs ("message.text"); the contract's names differ
// ("text"). Renames the leading field of an INVALID_ARGUMENT message from `from` to `to`.
inline absl::Status RenameField(const absl::Status& s, std::string_view from, std::string_view to) {
  if (s.code() != absl::StatusCode::kInvalidArgument) return s;
  std::string msg(s.message());
  if (msg.rfind(std::string(from), 0) != 0) return s;
  return absl::InvalidArgumentError(std::string(to) + msg.substr(from.size()));
}

}  // namespace cs::appeals::rpc

// Sets `lhs` from a StatusOr's value or returns its error as a grpc::Status.
#define CS_ASSIGN_OR_RETURN_GRPC(lhs, expr)                              \
  auto lhs##_or = (expr);                                                \
  if (!lhs##_or.ok()) return ::cs::appeals::rpc::Bad(lhs##_or.status()); \
  auto lhs = *std::move(lhs##_or)

#define CS_RETURN_IF_ERROR_GRPC(expr)                   \
  do {                                                  \
    absl::Status _st = (expr);                          \
    if (!_st.ok()) return ::cs::appeals::rpc::Bad(_st); \
  } while (0)
