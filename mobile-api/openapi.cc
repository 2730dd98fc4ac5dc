#include "mobile-api/openapi.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <map>
#include <set>
#include <vector>

#include "crowdsafe/v1/api.pb.h"
#include "crowdsafe/v1/appeals.pb.h"
#include "crowdsafe/v1/cases.pb.h"
#include "crowdsafe/v1/crowd.pb.h"
#include "mobile-api/required_fields.h"
#include "mobile-api/route_table.h"

namespace cs::api {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Struct;
using google::protobuf::Value;

Value Str(const std::string& s) {
  Value v;
  v.set_string_value(s);
  return v;
}

Value Obj(std::initializer_list<std::pair<std::string, Value>> fields) {
  Value v;
  auto& f = *v.mutable_struct_value()->mutable_fields();
  for (const auto& [k, val] : fields) f[k] = val;
  return v;
}

Value Ref(const std::string& full_name) {
  return Obj({{"$ref", Str("#/components/schemas/" + full_name)}});
}

// The JSON-mapping schema of one field (not counting repetition).
Value FieldSchema(const FieldDescriptor* f, std::set<const Descriptor*>& todo) {
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const std::string& name = f->message_type()->full_name();
      if (name == "google.protobuf.Timestamp") {
        return Obj({{"type", Str("string")}, {"format", Str("date-time")}});
      }
      todo.insert(f->message_type());
      return Ref(name);
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      Value v = Obj({{"type", Str("string")}});
      auto* list = (*v.mutable_struct_value()->mutable_fields())["enum"].mutable_list_value();
      for (int i = 0; i < f->enum_type()->value_count(); ++i) {
        list->add_values()->set_string_value(f->enum_type()->value(i)->name());
      }
      return v;
    }
    case FieldDescriptor::CPPTYPE_STRING:
      return f->type() == FieldDescriptor::TYPE_BYTES
                 ? Obj({{"type", Str("string")}, {"format", Str("byte")}})
                 : Obj({{"type", Str("string")}});
    case FieldDescriptor::CPPTYPE_BOOL:
      return Obj({{"type", Str("boolean")}});
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT64:  // int64 travels as a decimal string
      return Obj({{"type", Str("string")}, {"format", Str("int64")}});
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_UINT32:
      return Obj({{"type", Str("integer")}});
    default:
      return Obj({{"type", Str("number")}});
  }
}

// What a client must know about a field that the proto type does not say.
const std::map<std::string, std::string>& FieldNotes() {
  static const std::map<std::string, std::string> kNotes = {
      {"actor",
       "Set by the gateway from your token. Output only: a request that sends it is refused "
       "(400)."},
      {"photoIds",
       "Given by case-service to the uploaded photos. Output only: send photos instead (400 if "
       "sent)."},
      {"venueId", "Optional: the gateway's venue is filled in; another venue is refused (400)."},
      {"foundAt", "When the child was found (RFC 3339, not in the future)."},
      {"lastSeenAt", "When the child was last seen (RFC 3339, not in the future)."},
      {"heldAt",
       "Where the child is now, e.g. the venue's lost-child centre (GET /v1/venue "
       "lostChildCentre); at most 100 characters."},
      {"foundZoneId", "A zone id of GET /v1/venue."},
      {"lastSeenZoneId", "A zone id of GET /v1/venue."},
      {"colours", "Colour words the matcher knows, Chinese or English (e.g. 红, navy); at most 5."},
      {"ageMin", "Years, 0..17; for a found child the apparent age."},
      {"ageMax", "Years, ageMin..17."},
      {"heightCm", "40..200; 0 when unknown."},
      {"documentNumber",
       "The full number, masked by case-service at once; only the masked form is stored."},
      // "<Message>.<field>": a note for one message only, where the name means different things.
      {"RevokeSessionsRequest.username",
       "The user whose sessions end. The desk may name patrol officers only, an admin anyone "
       "(403 otherwise); an unknown name is 404. New logins stay possible."},
      {"AppealActionRequest.reason",
       "Required (400 without it) for reject, retract and lift-blur; not used by submit and "
       "approve. At most 500 characters."},
      {"ReviewAnswerProposalRequest.reason",
       "Required (400 without it) when approve is false, i.e. to reject; at most 500 characters."},
      {"PublishAppealRequest.postUrl",
       "Optional: the https URL of the Weibo post made by hand. Without it the configured "
       "publisher posts the appeal."},
      {"EditAppealRequest.baseVersion",
       "The appeal's current version (Appeal.versionCount), the one you edited; an older one "
       "is refused."},
      {"EditAppealRequest.texts",
       "The languages to change (zh-Hans, zh-Hant, en), each once; languages not sent keep their "
       "text."},
      {"AnswerMessageRequest.answer", "The reply; not blank, at most 2000 characters."},
      {"DraftAppealRequest.followsAppealId",
       "Required (400 without it) for kind APPEAL_FOLLOW_UP: the appeal it follows."},
      {"LinkTipToCaseRequest.caseId",
       "A case id; only a message routed as a tip (MESSAGE_TIP) links to a case (409 otherwise)."},
  };
  return kNotes;
}

Value MessageSchema(const Descriptor* d, std::set<const Descriptor*>& todo) {
  Value schema = Obj({{"type", Str("object")}, {"additionalProperties", Value()}});
  auto& fields = *schema.mutable_struct_value()->mutable_fields();
  fields["additionalProperties"].set_bool_value(false);
  auto& props = *fields["properties"].mutable_struct_value()->mutable_fields();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    Value one = FieldSchema(f, todo);
    if (f->is_repeated()) one = Obj({{"type", Str("array")}, {"items", one}});
    if (auto inside = RequiredInside().find(d->full_name() + "." + f->json_name());
        inside != RequiredInside().end()) {
      Value extra = Obj({{"type", Str("object")}});
      auto* list =
          (*extra.mutable_struct_value()->mutable_fields())["required"].mutable_list_value();
      for (const auto& r : inside->second) list->add_values()->set_string_value(r);
      Value all = Obj({});
      auto* parts = (*all.mutable_struct_value()->mutable_fields())["allOf"].mutable_list_value();
      *parts->add_values() = one;
      *parts->add_values() = extra;
      one = all;
    }
    auto& o = *one.mutable_struct_value()->mutable_fields();
    auto note = FieldNotes().find(d->name() + "." + f->json_name());
    if (note == FieldNotes().end()) note = FieldNotes().find(f->json_name());
    if (note != FieldNotes().end()) {
      if (o.count("$ref")) {  // siblings of $ref are ignored in 3.0: wrap it
        Value wrapped = Obj({});
        (*wrapped.mutable_struct_value()->mutable_fields())["allOf"]
            .mutable_list_value()
            ->add_values()
            ->CopyFrom(one);
        one = wrapped;
      }
      (*one.mutable_struct_value()->mutable_fields())["description"] = Str(note->second);
    }
    if (f->json_name() == "actor" || f->json_name() == "photoIds") {
      (*one.mutable_struct_value()->mutable_fields())["readOnly"].set_bool_value(true);
    }
    props[f->json_name()] = one;
  }
  if (auto required = RequiredFields().find(d->full_name()); required != RequiredFields().end()) {
    auto* list = fields["required"].mutable_list_value();
    for (const auto& r : required->second) list->add_values()->set_string_value(r);
  }
  return schema;
}

// A found report as a phone sends it (the example of the report routes).
Value FoundReportExample() {
  Value v;
  (void)google::protobuf::util::JsonStringToMessage(
      R"({"report":{"child":{"sex":"SEX_MALE","ageMin":4,"ageMax":6,"heightCm":105,)"
      R"("clothing":{"top":{"colours":["红"],"description":"红色羽绒服"},"shoes":{"colours":["蓝"]}},)"
      R"("features":"左脸颊有小痣"},"foundZoneId":"penguin","foundAt":"2026-02-01T06:12:00Z",)"
      R"("heldAt":"失物招领及走失儿童中心"}})",
      &v);
  return v;
}

}  // namespace

std::string OpenApiDocument() {
  Struct doc;
  auto& root = *doc.mutable_fields();
  root["openapi"] = Str("3.0.3");
  root["info"] =
      Obj({{"title", Str("crowdsafe mobile-api")},
           {"version", Str("1")},
           {"description",
            Str("HTTP/JSON gateway of crowdsafe. Shapes are the protobuf JSON mapping of "
                "proto/crowdsafe/v1 (lowerCamelCase; enums by full name, or by the short "
                "name in any case, e.g. \"male\" for SEX_MALE). Errors are RFC 7807 "
                "application/problem+json whose `field` is the JSON path of the field "
                "at fault. Every creating POST accepts an Idempotency-Key header "
                "(docs/api.md).")}});
  // Relative: the document is served by the gateway it describes, over HTTP or HTTPS.
  {
    auto* servers = root["servers"].mutable_list_value();
    *servers->add_values() =
        Obj({{"url", Str("/")}, {"description", Str("the gateway serving this document")}});
  }
  Value problem = Obj({{"type", Str("object")}});
  {
    auto& props = *(*problem.mutable_struct_value()->mutable_fields())["properties"]
                       .mutable_struct_value()
                       ->mutable_fields();
    for (const char* k : {"type", "title", "detail", "field"})
      props[k] = Obj({{"type", Str("string")}});
    props["status"] = Obj({{"type", Str("integer")}});
  }
  std::set<const Descriptor*> todo;
  auto* pool = google::protobuf::DescriptorPool::generated_pool();
  // Make sure every file is linked in, so FindMessageTypeByName sees all of them.
  (void)crowdsafe::v1::LoginRequest::descriptor();
  (void)crowdsafe::v1::Case::descriptor();
  (void)crowdsafe::v1::Appeal::descriptor();
  (void)crowdsafe::v1::VenueOccupancy::descriptor();

  auto& paths = *root["paths"].mutable_struct_value()->mutable_fields();
  for (const auto& r : AllRoutes()) {
    Value op = Obj({{"summary", Str(r.summary)}, {"operationId", Str(r.Key())}});
    auto& o = *op.mutable_struct_value()->mutable_fields();
    auto* roles = o["x-roles"].mutable_list_value();
    for (Role role : {Role::kPatrol, Role::kDesk, Role::kPress, Role::kAdmin}) {
      if (r.Allows(role)) roles->add_values()->set_string_value(std::string(RoleName(role)));
    }
    if (!r.Public()) {
      Value scopes;
      scopes.mutable_list_value();
      (*o["security"]
            .mutable_list_value()
            ->add_values()
            ->mutable_struct_value()
            ->mutable_fields())["bearer"] = scopes;
    }
    auto* params = o["parameters"].mutable_list_value();
    for (const auto& p : PathParams(r.path)) {
      *params->add_values() =
          Obj({{"name", Str(p)}, {"in", Str("path")}, {"schema", Obj({{"type", Str("string")}})}});
      (*params->mutable_values(params->values_size() - 1)
            ->mutable_struct_value()
            ->mutable_fields())["required"]
          .set_bool_value(true);
    }
    for (const auto& q : r.query) {
      *params->add_values() =
          Obj({{"name", Str(q)}, {"in", Str("query")}, {"schema", Obj({{"type", Str("string")}})}});
    }
    if (r.sse) {
      *params->add_values() = Obj({{"name", Str("Last-Event-ID")},
                                   {"in", Str("header")},
                                   {"schema", Obj({{"type", Str("string")}})}});
    }
    if (r.idempotent) {
      *params->add_values() =
          Obj({{"name", Str("Idempotency-Key")},
               {"in", Str("header")},
               {"description",
                Str("A client-made key (a UUID) per request: a retry with the same key and body "
                    "gets the first answer (kept 24 h, per user) and creates nothing; the same key "
                    "with another body is 422.")},
               {"schema",
                Obj({{"type", Str("string")}, {"pattern", Str("^[A-Za-z0-9._:-]{1,128}$")}})}});
    }
    if (!r.request_type.empty()) {
      const Descriptor* d = pool->FindMessageTypeByName(r.request_type);
      if (d != nullptr) todo.insert(d);
      Value content = Obj({{"application/json", Obj({{"schema", Ref(r.request_type)}})}});
      if (r.body == BodyKind::kReport) {
        Value photo =
            Obj({{"type", Str("array")},
                 {"maxItems", Value()},
                 {"description", Str("JPEG or PNG, at most 5 MB each; one part per photo")},
                 {"items", Obj({{"type", Str("string")}, {"format", Str("binary")}})}});
        (*photo.mutable_struct_value()->mutable_fields())["maxItems"].set_number_value(4);
        Value report =
            Obj({{"allOf", Value()},
                 {"description", Str("The whole request as JSON: {\"report\": {...}}, sent with "
                                     "Content-Type application/json (not the bare report)")}});
        *(*report.mutable_struct_value()->mutable_fields())["allOf"]
             .mutable_list_value()
             ->add_values() = Ref(r.request_type);
        Value multipart = Obj(
            {{"schema", Obj({{"type", Str("object")},
                             {"required", Value()},
                             {"properties", Obj({{"report", report}, {"photo", photo}})}})},
             {"encoding", Obj({{"report", Obj({{"contentType", Str("application/json")}})},
                               {"photo", Obj({{"contentType", Str("image/jpeg, image/png")}})}})}});
        (*(*multipart.mutable_struct_value()->mutable_fields())["schema"]
              .mutable_struct_value()
              ->mutable_fields())["required"]
            .mutable_list_value()
            ->add_values()
            ->set_string_value("report");
        auto& cf = *content.mutable_struct_value()->mutable_fields();
        cf["multipart/form-data"] = multipart;
        if (r.request_type == "crowdsafe.v1.FileFoundReportRequest") {
          (*cf["application/json"].mutable_struct_value()->mutable_fields())["example"] =
              FoundReportExample();
        }
      }
      o["requestBody"] = Obj({{"content", content}});
      (*o["requestBody"].mutable_struct_value()->mutable_fields())["required"].set_bool_value(true);
    }
    Value ok_content;
    if (!r.response_type.empty()) {
      const Descriptor* d = pool->FindMessageTypeByName(r.response_type);
      if (d != nullptr) todo.insert(d);
      ok_content = Obj({{r.content_type, Obj({{"schema", Ref(r.response_type)}})}});
    } else {
      ok_content = Obj({{r.content_type, Obj({{"schema", Obj({{"type", Str("string")}})}})}});
    }
    Value problem_content = Obj({{"application/problem+json", Obj({{"schema", Ref("Problem")}})}});
    o["responses"] =
        Obj({{"200", Obj({{"description", Str("OK")}, {"content", ok_content}})},
             {"default",
              Obj({{"description", Str("RFC 7807 problem")}, {"content", problem_content}})}});
    auto& all_responses = *o["responses"].mutable_struct_value()->mutable_fields();
    if (r.body != BodyKind::kNone) {
      all_responses["400"] = Obj(
          {{"description", Str("A field is missing, malformed or out of range (field names it), "
                               "or the body is nested deeper than 32 objects and lists (checked "
                               "before any parse)")},
           {"content", problem_content}});
    }
    if (r.content_type == "text/event-stream") {
      all_responses["429"] =
          Obj({{"description", Str("This user already holds api.sse_streams_per_user (4) open "
                                   "streams; other users are not affected")},
               {"content", problem_content}});
      all_responses["503"] = Obj({{"description", Str("Every stream slot of the gateway is taken")},
                                  {"content", problem_content}});
    }
    if (r.idempotent) {
      auto& responses = *o["responses"].mutable_struct_value()->mutable_fields();
      responses["409"] = Obj({{"description", Str("A request with this Idempotency-Key is still "
                                                  "running, or the case's state forbids it")},
                              {"content", problem_content}});
      responses["422"] = Obj({{"description", Str("The Idempotency-Key was used for another "
                                                  "request (field: Idempotency-Key)")},
                              {"content", problem_content}});
    }
    {
      std::string roles_text;
      for (const auto& v : o["x-roles"].list_value().values())
        roles_text += (roles_text.empty() ? "" : ", ") + v.string_value();
      o["description"] = Str(r.summary + ". Roles: " + (r.Public() ? "public" : roles_text) + ".");
    }
    std::string method = r.method;
    for (char& c : method) c = static_cast<char>(tolower(c));
    (*paths[r.path].mutable_struct_value()->mutable_fields())[method] = op;
  }

  auto& components = *root["components"].mutable_struct_value()->mutable_fields();
  auto& schemas = *components["schemas"].mutable_struct_value()->mutable_fields();
  schemas["Problem"] = problem;
  std::set<const Descriptor*> done;
  while (!todo.empty()) {
    const Descriptor* d = *todo.begin();
    todo.erase(todo.begin());
    if (!done.insert(d).second) continue;
    schemas[d->full_name()] = MessageSchema(d, todo);
  }
  components["securitySchemes"] =
      Obj({{"bearer", Obj({{"type", Str("http")}, {"scheme", Str("bearer")}})}});
  std::string out;
  (void)google::protobuf::util::MessageToJsonString(doc, &out);
  return out;
}

}  // namespace cs::api
