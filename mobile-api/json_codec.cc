#include "mobile-api/json_codec.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>


namespace cs::api {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Value;

constexpr int kMaxDepth = 32;

std::string Join(const std::string& path, const std::string& key) {
  return path.empty() ? key : path + "." + key;
}

bool IsWellKnown(const Descriptor* d) {
  return d->file()->name().rfind("google/protobuf/", 0) == 0;
}

absl::Status Bad(const std::string& path, const std::string& what) {
  return absl::InvalidArgumentError((path.empty() ? std::string("body") : path) + ": " + what);
}

// Bytes travel as base64 (standard or URL-safe alphabet, padding optional). Checked here so the
// answer names the field; protobuf decodes it.
bool LooksLikeBase64(const std::string& text) {
  size_t padding = 0;
  for (char c : text) {
    const bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '-' || c == '_';
    if (c == '=') {
      ++padding;
    } else if (!letter || padding > 0) {
      return false;
    }
  }
  return padding <= 2 && (text.size() - padding) % 4 != 1;
}

// An integer field's value: whole and inside the field's type, checked here so that the answer
// names the field (protobuf's own message names neither it nor the limit). The value itself is
// never echoed. Floating-point fields and quoted values protobuf reads itself.
absl::Status CheckNumber(const Value& v, const FieldDescriptor* f, const std::string& path) {
  const bool integer = f->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                       f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
                       f->cpp_type() == FieldDescriptor::CPPTYPE_INT64 ||
                       f->cpp_type() == FieldDescriptor::CPPTYPE_UINT64;
  if (!integer) return absl::OkStatus();
  if (v.kind_case() == Value::kStringValue) {
    // A quoted integer (how int64 travels): digits with an optional sign, in the type's range.
    const std::string& text = v.string_value();
    const bool is_unsigned = f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32 ||
                             f->cpp_type() == FieldDescriptor::CPPTYPE_UINT64;
    const char* end = text.data() + text.size();
    std::from_chars_result parsed{};
    long long s = 0;
    unsigned long long u = 0;
    if (is_unsigned) {
      parsed = std::from_chars(text.data(), end, u);
    } else {
      parsed = std::from_chars(text.data(), end, s);
    }
    if (text.empty() || parsed.ptr != end) return Bad(path, "expected a whole number");
    const bool narrow = f->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ||
                        f->cpp_type() == FieldDescriptor::CPPTYPE_UINT32;
    if (parsed.ec == std::errc::result_out_of_range ||
        (narrow && (is_unsigned ? u > std::numeric_limits<uint32_t>::max()
                                : (s < std::numeric_limits<int32_t>::min() ||
                                   s > std::numeric_limits<int32_t>::max())))) {
      return Bad(path, "out of range for " + std::string(f->cpp_type_name()));
    }
    return absl::OkStatus();
  }
  if (v.kind_case() != Value::kNumberValue) return absl::OkStatus();
  const double x = v.number_value();
  double lo = 0, hi = 0;
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      lo = std::numeric_limits<int32_t>::min(), hi = std::numeric_limits<int32_t>::max();
      break;
    case FieldDescriptor::CPPTYPE_UINT32:
      lo = 0, hi = std::numeric_limits<uint32_t>::max();
      break;
    case FieldDescriptor::CPPTYPE_INT64:  // a double holds 2^53 exactly; beyond, send a string
      lo = -9007199254740992.0, hi = 9007199254740992.0;
      break;
    case FieldDescriptor::CPPTYPE_UINT64:
      lo = 0, hi = 9007199254740992.0;
      break;
    default:
      return absl::OkStatus();
  }
  if (std::floor(x) != x) return Bad(path, "expected a whole number");
  if (x < lo || x > hi) {
    return Bad(path, "out of range for " + std::string(f->cpp_type_name()) + " (" +
                         std::to_string(static_cast<long long>(lo)) + ".." +
                         std::to_string(static_cast<unsigned long long>(hi)) + ")");
  }
  return absl::OkStatus();
}

// `rewritten` is set when an enum short name was made full in the tree.
absl::Status CheckMessage(google::protobuf::Struct& object, const Descriptor* d,
                          const std::string& path, int depth, bool& rewritten);

// One value against one (non-repeated view of a) field. An enum given by a short name is
// rewritten to its full name in the tree.
absl::Status CheckScalar(Value& v, const FieldDescriptor* f, const std::string& path, int depth,
                         bool& rewritten) {
  if (v.kind_case() == Value::kNullValue) return absl::OkStatus();  // null means "default"
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (f->message_type()->full_name() == "google.protobuf.Timestamp") {
        // Checked here so that the answer names the field (protobuf's would say only "body").
        google::protobuf::Timestamp t;
        if (v.kind_case() != Value::kStringValue ||
            !google::protobuf::util::TimeUtil::FromString(v.string_value(), &t)) {
          return Bad(path, "expected an RFC 3339 time such as 2026-02-17T06:40:00Z");
        }
        return absl::OkStatus();
      }
      if (IsWellKnown(f->message_type())) return absl::OkStatus();  // left to protobuf
      if (v.kind_case() != Value::kStructValue) return Bad(path, "expected an object");
      return CheckMessage(*v.mutable_struct_value(), f->message_type(), path, depth + 1, rewritten);
    case FieldDescriptor::CPPTYPE_STRING:
      if (v.kind_case() != Value::kStringValue) return Bad(path, "expected a string");
      if (f->type() == FieldDescriptor::TYPE_BYTES && !LooksLikeBase64(v.string_value()))
        return Bad(path, "expected base64");
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_BOOL:
      if (v.kind_case() != Value::kBoolValue) return Bad(path, "expected true or false");
      return absl::OkStatus();
    case FieldDescriptor::CPPTYPE_ENUM:
      if (v.kind_case() == Value::kStringValue) {
        if (f->enum_type()->FindValueByName(v.string_value()) != nullptr) return absl::OkStatus();
        const auto* value = FindEnumValue(f->enum_type(), v.string_value());
        // The value is not echoed: it is the client's text.
        if (value == nullptr) return Bad(path, "not a value of " + f->enum_type()->name());
        v.set_string_value(value->name());
        rewritten = true;
        return absl::OkStatus();
      }
      if (v.kind_case() != Value::kNumberValue) return Bad(path, "expected an enum name");
      return absl::OkStatus();
    default:  // numbers: protobuf also accepts them quoted (int64 travels as a string)
      if (v.kind_case() != Value::kNumberValue && v.kind_case() != Value::kStringValue) {
        return Bad(path, "expected a number");
      }
      return CheckNumber(v, f, path);
  }
}

absl::Status CheckMessage(google::protobuf::Struct& object, const Descriptor* d,
                          const std::string& path, int depth, bool& rewritten) {
  if (depth > kMaxDepth) return Bad(path, "nested too deeply");
  for (auto& [key, value] : *object.mutable_fields()) {
    const FieldDescriptor* f = d->FindFieldByName(key);
    if (f == nullptr) {
      for (int i = 0; i < d->field_count() && f == nullptr; ++i) {
        if (d->field(i)->json_name() == key) f = d->field(i);
      }
    }
    std::string field_path = Join(path, key);
    if (f == nullptr) return Bad(field_path, "unknown field");
    if (f->is_map()) {
      if (value.kind_case() != Value::kStructValue && value.kind_case() != Value::kNullValue) {
        return Bad(field_path, "expected an object");
      }
      continue;  // keys and values are checked by protobuf
    }
    if (f->is_repeated()) {
      if (value.kind_case() == Value::kNullValue) continue;
      if (value.kind_case() != Value::kListValue) return Bad(field_path, "expected a list");
      auto& list = *value.mutable_list_value()->mutable_values();
      for (int i = 0; i < list.size(); ++i) {
        auto s =
            CheckScalar(list[i], f, field_path + "[" + std::to_string(i) + "]", depth, rewritten);
        if (!s.ok()) return s;
      }
      continue;
    }
    if (auto s = CheckScalar(value, f, field_path, depth, rewritten); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckJsonNesting(std::string_view json, int max_depth) {
  // One pass over the bytes, outside strings: protobuf's parser spends super-linear time on a
  // deep [[[...]]] before it gives up, so the depth is known before it ever sees the text.
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character, whatever it is
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return absl::InvalidArgumentError("body: nested deeper than " + std::to_string(max_depth) +
                                          " levels");
      }
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return absl::OkStatus();
}

const google::protobuf::EnumValueDescriptor* FindEnumValue(
    const google::protobuf::EnumDescriptor* type, std::string_view text) {
  if (text.empty()) return nullptr;
  std::string upper;
  for (char c : text)
    upper += static_cast<char>(c == '-' ? '_' : std::toupper(static_cast<unsigned char>(c)));
  const google::protobuf::EnumValueDescriptor* found = type->FindValueByName(upper);
  if (found != nullptr) return found->number() == 0 ? nullptr : found;
  const std::string suffix = "_" + upper;
  for (int i = 0; i < type->value_count(); ++i) {
    const auto* v = type->value(i);
    const std::string& name = v->name();
    if (v->number() == 0 || name.size() <= suffix.size()) continue;
    if (name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    if (found != nullptr) return nullptr;  // ambiguous
    found = v;
  }
  return found;
}

namespace {

// First as a generic JSON value, always: it tells malformed text apart from a wrong field,
// names the field, and refuses what protobuf's message parser would let through (a duplicate
// key, an object where a list belongs). It costs a second parse; a found report with a photo
// is still decoded in a few milliseconds (docs/benchmarks.md).
absl::Status ParseJsonTree(std::string_view json, Value& tree) {
  if (auto s = CheckJsonNesting(json, kMaxJsonNesting); !s.ok()) return s;
  if (!google::protobuf::util::JsonStringToMessage(std::string(json), &tree).ok()) {
    return absl::InvalidArgumentError("body: malformed JSON");
  }
  if (tree.kind_case() != Value::kStructValue) return Bad("", "expected a JSON object");
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckJsonObject(std::string_view json) {
  Value tree;
  return ParseJsonTree(json, tree);
}

absl::Status ParseJson(std::string_view json, google::protobuf::Message* out) {
  out->Clear();
  Value tree;
  if (auto s = ParseJsonTree(json, tree); !s.ok()) return s;
  const std::string text(json);
  bool rewritten = false;
  if (auto s = CheckMessage(*tree.mutable_struct_value(), out->GetDescriptor(), "", 0, rewritten);
      !s.ok())
    return s;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  // With enum short names made full, the message is read from the checked tree (printed
  // again); otherwise from the text as sent, which saves a print of a large photo body.
  std::string checked;
  if (rewritten && !google::protobuf::util::MessageToJsonString(tree, &checked).ok())
    return absl::InvalidArgumentError("body: malformed JSON");
  auto status =
      google::protobuf::util::JsonStringToMessage(rewritten ? checked : text, out, options);
  if (!status.ok()) {
    out->Clear();
    // Values the type check lets through but protobuf refuses (a bad timestamp, a number out
    // of range, two members of a oneof). Its message names the field in most cases.
    auto message = status.message();
    return absl::InvalidArgumentError("body: " + std::string(message.data(), message.size()));
  }
  return absl::OkStatus();
}

std::string ToJson(const google::protobuf::Message& message) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  (void)google::protobuf::util::MessageToJsonString(message, &out, options);
  return out;
}

}  // namespace cs::api
