#include "mobile-api/query_params.h"

#include <charconv>

#include "mobile-api/json_codec.h"

namespace cs::api {

absl::StatusOr<int> ParseIntParam(const std::string& name, const std::string& text, int min,
                                  int max, int fallback) {
  if (text.empty()) return fallback;
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) {
    return absl::InvalidArgumentError(name + ": expected an integer");
  }
  if (value < min || value > max) {
    return absl::InvalidArgumentError(name + ": must be " + std::to_string(min) + ".." +
                                      std::to_string(max));
  }
  return value;
}

absl::StatusOr<std::vector<int>> ParseEnumList(const std::string& name, const std::string& text,
                                               const google::protobuf::EnumDescriptor* type) {
  std::vector<int> out;
  size_t start = 0;
  while (start <= text.size() && !text.empty()) {
    size_t comma = text.find(',', start);
    std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    // The same spellings as in a JSON body (json_codec.h).
    const auto* v = FindEnumValue(type, item);
    if (v == nullptr) return absl::InvalidArgumentError(name + ": not a value of " + type->name());
    out.push_back(v->number());
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

absl::StatusOr<bool> ParseBoolParam(const std::string& name, const std::string& text) {
  if (text.empty() || text == "false" || text == "0") return false;
  if (text == "true" || text == "1") return true;
  return absl::InvalidArgumentError(name + ": expected true or false");
}

}  // namespace cs::api
