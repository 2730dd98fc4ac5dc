#include "common/grpc/time_convert.h"

#include <google/protobuf/descriptor.h>

namespace cs {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

absl::Status Walk(const Message& m, const std::string& prefix) {
  const auto* refl = m.GetReflection();
  std::vector<const FieldDescriptor*> set;
  refl->ListFields(m, &set);  // only what the client set
  for (const FieldDescriptor* f : set) {
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_map()) continue;
    const std::string path = prefix.empty() ? f->name() : prefix + "." + f->name();
    const bool is_time =
        f->message_type()->full_name() == google::protobuf::Timestamp::descriptor()->full_name();
    auto check = [&](const Message& value, const std::string& at) -> absl::Status {
      if (!is_time) return Walk(value, at);
      google::protobuf::Timestamp t;
      t.CopyFrom(value);
      return CheckProtoTime(t, at);
    };
    if (f->is_repeated()) {
      for (int i = 0; i < refl->FieldSize(m, f); ++i) {
        auto s = check(refl->GetRepeatedMessage(m, f, i), path + "[" + std::to_string(i) + "]");
        if (!s.ok()) return s;
      }
    } else if (auto s = check(refl->GetMessage(m, f), path); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckProtoTimes(const google::protobuf::Message& request) { return Walk(request, ""); }

}  // namespace cs
