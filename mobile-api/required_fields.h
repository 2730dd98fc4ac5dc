// The fields a request must carry, by message, as the services' validation enforces them. One
// table for two readers: the OpenAPI document lists them as `required`, and the gateway checks
// them before a service is called, so that a client hears about every missing field at once
// instead of one 400 at a time. integration_api_required_fields_test checks the table against
// the real services.
//
// Thread-safety: immutable tables and pure functions.
#pragma once

#include <google/protobuf/message.h>

#include <map>
#include <string>
#include <vector>

namespace cs::api {

// Full message name → JSON names of its required fields.
const std::map<std::string, std::vector<std::string>>& RequiredFields();

// "<message>.<json field>" → JSON names required inside that field's message only there (a
// missing report needs the child's sex; a found one does not).
const std::map<std::string, std::vector<std::string>>& RequiredInside();

// JSON paths ("report.foundAt") of the required fields `message` lacks, in table order. A field
// is present when it is set: a message or Timestamp field with a value, a non-empty string, a
// non-zero number or enum, a non-empty list.
std::vector<std::string> MissingRequired(const google::protobuf::Message& message);

}  // namespace cs::api
