// Fuzz target for the gateway's JSON request decoding (mobile-api/json_codec): every request
// body type of the route table is decoded from the same bytes. Nothing may crash, and whatever
// decodes must print and decode again to the same message (the JSON mapping is a round trip).
//
// Built two ways: with g++ as a plain executable that replays a corpus directory (a ctest test,
// see replay_main.cc), and with clang -fsanitize=fuzzer in the fuzz preset.
#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>

#include "crowdsafe/v1/api.pb.h"
#include "crowdsafe/v1/appeals.pb.h"
#include "crowdsafe/v1/cases.pb.h"
#include "crowdsafe/v1/crowd.pb.h"
#include "mobile-api/json_codec.h"
#include "mobile-api/route_table.h"

namespace {

const std::vector<const google::protobuf::Message*>& Prototypes() {
  static const auto* list = [] {
    (void)crowdsafe::v1::LoginRequest::descriptor();
    (void)crowdsafe::v1::Case::descriptor();
    (void)crowdsafe::v1::Appeal::descriptor();
    (void)crowdsafe::v1::Alert::descriptor();
    auto* out = new std::vector<const google::protobuf::Message*>();
    std::set<std::string> seen;
    for (const auto& r : cs::api::AllRoutes()) {
      if (r.request_type.empty() || !seen.insert(r.request_type).second) continue;
      const auto* d =
          google::protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(r.request_type);
      if (d == nullptr) std::abort();  // the table names a type that does not exist
      out->push_back(google::protobuf::MessageFactory::generated_factory()->GetPrototype(d));
    }
    return out;
  }();
  return *list;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;  // the gateway refuses such bodies before decoding
  std::string_view json(reinterpret_cast<const char*>(data), size);
  // Bytes that the type-independent first stage refuses are refused the same way for every
  // type, so one type confirms it and the others would only repeat the same parse: most
  // mutated inputs are malformed, and the time goes to bodies that reach the typed checks.
  const absl::Status shape = cs::api::CheckJsonObject(json);
  for (const auto* prototype : Prototypes()) {
    std::unique_ptr<google::protobuf::Message> m(prototype->New());
    const absl::Status parsed = cs::api::ParseJson(json, m.get());
    if (!parsed.ok()) {
      if (m->ByteSizeLong() != 0) {
        std::fprintf(stderr, "a failed decode left data behind in %s\n",
                     prototype->GetDescriptor()->full_name().c_str());
        std::abort();
      }
      if (!shape.ok()) {
        if (parsed != shape) {
          std::fprintf(stderr, "the first stage and ParseJson disagree for %s\n",
                       prototype->GetDescriptor()->full_name().c_str());
          std::abort();
        }
        break;
      }
      continue;
    }
    if (!shape.ok()) {
      std::fprintf(stderr, "ParseJson accepted what its first stage refused, for %s\n",
                   prototype->GetDescriptor()->full_name().c_str());
      std::abort();
    }
    std::string printed = cs::api::ToJson(*m);
    std::unique_ptr<google::protobuf::Message> again(prototype->New());
    auto s = cs::api::ParseJson(printed, again.get());
    if (!s.ok() || again->SerializeAsString() != m->SerializeAsString()) {
      std::fprintf(stderr, "round trip failed for %s: %s\n",
                   prototype->GetDescriptor()->full_name().c_str(), printed.c_str());
      std::abort();
    }
  }
  return 0;
}
