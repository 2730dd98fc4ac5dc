// The OpenAPI 3.0 document of the gateway, built from the route table (paths, methods, roles,
// query parameters) and from the proto descriptors (schemas of every body and answer), so it
// is as true as the table the server itself enforces.
//
// Thread-safety: pure function.
#pragma once

#include <string>

namespace cs::api {

std::string OpenApiDocument();

}  // namespace cs::api
