#include "common/grpc/status_convert.h"

#include "crowdsafe/v1/common.pb.h"

namespace cs {

std::string FieldOf(std::string_view message) {
  auto colon = message.find(": ");
  if (colon == std::string_view::npos || colon == 0) return {};
  std::string_view field = message.substr(0, colon);
  for (char c : field) {
    bool ok = isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '[' || c == ']';
    if (!ok) return {};
  }
  return std::string(field);
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  auto code = static_cast<grpc::StatusCode>(status.code());
  std::string message(status.message());
  if (status.code() == absl::StatusCode::kInvalidArgument) {
    std::string field = FieldOf(message);
    if (!field.empty()) {
      crowdsafe::v1::ErrorDetails details;
      auto* v = details.add_violations();
      v->set_field(field);
      v->set_description(message.substr(field.size() + 2));
      return grpc::Status(code, message, details.SerializeAsString());
    }
  }
  // A Redis timeout is the store being unavailable, as far as the caller is concerned.
  if (status.code() == absl::StatusCode::kDeadlineExceeded) code = grpc::StatusCode::UNAVAILABLE;
  return grpc::Status(code, message);
}

}  // namespace cs
