#include "mobile-api/required_fields.h"

#include <google/protobuf/descriptor.h>

namespace cs::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const FieldDescriptor* ByJsonName(const google::protobuf::Descriptor* d, const std::string& name) {
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->json_name() == name) return d->field(i);
  }
  return nullptr;
}

bool IsSet(const Message& m, const FieldDescriptor* f) {
  const auto* r = m.GetReflection();
  if (f->is_repeated()) return r->FieldSize(m, f) > 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: return r->HasField(m, f);
    case FieldDescriptor::CPPTYPE_STRING: return !r->GetString(m, f).empty();
    case FieldDescriptor::CPPTYPE_ENUM: return r->GetEnumValue(m, f) != 0;
    case FieldDescriptor::CPPTYPE_BOOL: return r->GetBool(m, f);
    case FieldDescriptor::CPPTYPE_INT32: return r->GetInt32(m, f) != 0;
    case FieldDescriptor::CPPTYPE_INT64: return r->GetInt64(m, f) != 0;
    case FieldDescriptor::CPPTYPE_UINT32: return r->GetUInt32(m, f) != 0;
    case FieldDescriptor::CPPTYPE_UINT64: return r->GetUInt64(m, f) != 0;
    case FieldDescriptor::CPPTYPE_DOUBLE: return r->GetDouble(m, f) != 0;
    case FieldDescriptor::CPPTYPE_FLOAT: return r->GetFloat(m, f) != 0;
  }
  return false;
}

void Collect(const Message& m, const std::vector<std::string>& extra, const std::string& prefix,
             std::vector<std::string>& missing) {
  const auto* d = m.GetDescriptor();
  std::vector<std::string> required = extra;
  if (auto it = RequiredFields().find(d->full_name()); it != RequiredFields().end()) {
    required.insert(required.end(), it->second.begin(), it->second.end());
  }
  for (const auto& name : required) {
    const FieldDescriptor* f = ByJsonName(d, name);
    if (f == nullptr) continue;  // a table typo; the OpenAPI test catches it
    const std::string path = prefix.empty() ? name : prefix + "." + name;
    if (!IsSet(m, f)) {
      missing.push_back(path);
      continue;
    }
    if (f->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE || f->is_repeated()) continue;
    std::vector<std::string> inside;
    if (auto it = RequiredInside().find(d->full_name() + "." + name); it != RequiredInside().end())
      inside = it->second;
    Collect(m.GetReflection()->GetMessage(m, f), inside, path, missing);
  }
}

}  // namespace

const std::map<std::string, std::vector<std::string>>& RequiredFields() {
  static const std::map<std::string, std::vector<std::string>> kRequired = {
      {"crowdsafe.v1.LoginRequest", {"username"}},
      {"crowdsafe.v1.RevokeSessionsRequest", {"username"}},
      {"crowdsafe.v1.FileFoundReportRequest", {"report"}},
      {"crowdsafe.v1.FoundReport", {"foundZoneId", "foundAt", "heldAt"}},
      {"crowdsafe.v1.FileMissingReportRequest", {"report"}},
      {"crowdsafe.v1.MissingReport", {"child", "lastSeenZoneId", "lastSeenAt"}},
      {"crowdsafe.v1.TransitionCaseRequest", {"to"}},
      {"crowdsafe.v1.RespondToBroadcastRequest", {"response"}},
      // Both cases of a pair must exist: without the other id case-service can only answer
      // "not found", so the gateway names the missing field instead.
      {"crowdsafe.v1.ConfirmMatchRequest", {"otherCaseId"}},
      {"crowdsafe.v1.LinkDuplicateRequest", {"duplicateOf"}},
      {"crowdsafe.v1.VerifyGuardianRequest", {"documentType", "documentNumber"}},
      // Appeals and the press desk (appeal-service). Reasons required only for some actions
      // (reject, retract, lift-blur; a proposal review that rejects) are described on the
      // field instead: one message type serves every action.
      {"crowdsafe.v1.DraftAppealRequest", {"kind", "snapshot"}},
      {"crowdsafe.v1.CaseSnapshot", {"caseId", "at", "zoneNameZh"}},
      {"crowdsafe.v1.EditAppealRequest", {"baseVersion", "texts"}},
      {"crowdsafe.v1.SubmitMessageRequest", {"channel", "text"}},
      {"crowdsafe.v1.AnswerMessageRequest", {"answer"}},
      {"crowdsafe.v1.LinkTipToCaseRequest", {"caseId"}},
      {"crowdsafe.v1.UpsertAnswerRequest", {"entry"}},
  };
  return kRequired;
}

const std::map<std::string, std::vector<std::string>>& RequiredInside() {
  static const std::map<std::string, std::vector<std::string>> kInside = {
      // An AnswerEntry is also a response; only as the body of an upsert it needs its text.
      {"crowdsafe.v1.UpsertAnswerRequest.entry", {"question", "answer"}},
  };
  return kInside;
}

std::vector<std::string> MissingRequired(const Message& message) {
  std::vector<std::string> missing;
  Collect(message, {}, "", missing);
  return missing;
}

}  // namespace cs::api
