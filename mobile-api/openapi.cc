#include "mobile-api/openapi.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <set>

#include "crowdsafe/v1/api.pb.h"
#include "crowdsafe/v1/appeals.pb.h"
#include "crowdsafe/v1/cases.pb.h"
#include "crowdsafe/v1/crowd.pb.h"
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

Value MessageSchema(const Descriptor* d, std::set<const Descriptor*>& todo) {
  Value schema = Obj({{"type", Str("object")}, {"additionalProperties", Value()}});
  auto& fields = *schema.mutable_struct_value()->mutable_fields();
  fields["additionalProperties"].set_bool_value(false);
  auto& props = *fields["properties"].mutable_struct_value()->mutable_fields();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    Value one = FieldSchema(f, todo);
    if (f->is_repeated()) one = Obj({{"type", Str("array")}, {"items", one}});
    props[f->json_name()] = one;
  }
  return schema;
}

}  // namespace

std::string OpenApiDocument() {
  Struct doc;
  auto& root = *doc.mutable_fields();
  root["openapi"] = Str("3.0.3");
  root["info"] = Obj({{"title", Str("crowdsafe mobile-api")},
                      {"version", Str("1")},
                      {"description", Str("HTTP/JSON gateway of crowdsafe. Shapes are the protobuf "
                                          "JSON mapping of proto/crowdsafe/v1. Errors are RFC 7807 "
                                          "application/problem+json naming the field.")}});
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
    if (!r.request_type.empty()) {
      const Descriptor* d = pool->FindMessageTypeByName(r.request_type);
      if (d != nullptr) todo.insert(d);
      Value content = Obj({{"application/json", Obj({{"schema", Ref(r.request_type)}})}});
      if (r.body == BodyKind::kReport) {
        (*content.mutable_struct_value()->mutable_fields())["multipart/form-data"] =
            Obj({{"schema",
                  Obj({{"type", Str("object")},
                       {"properties",
                        Obj({{"report", Ref(r.request_type)},
                             {"photo", Obj({{"type", Str("array")},
                                            {"items", Obj({{"type", Str("string")},
                                                           {"format", Str("binary")}})}})}})}})}});
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
    o["responses"] =
        Obj({{"200", Obj({{"description", Str("OK")}, {"content", ok_content}})},
             {"default", Obj({{"description", Str("RFC 7807 problem")},
                              {"content", Obj({{"application/problem+json",
                                                Obj({{"schema", Ref("Problem")}})}})}})}});
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
