// Resolves a request path to a file under the dashboard's web root, refusing anything that
// could leave it: "..", ".", empty or hidden segments, backslashes, NUL, and symlinks that
// point outside the root.
//
// Thread-safety: pure functions (they read the file system).
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace cs::api {

// The absolute path of the file to serve for `request_path` (already percent-decoded), "/"
// giving index.html. INVALID_ARGUMENT for a path that tries to escape; NOT_FOUND when there is
// no such regular file inside the root.
absl::StatusOr<std::string> ResolveStatic(const std::string& web_root,
                                          const std::string& request_path);

// A content type from a file's extension; application/octet-stream when unknown.
std::string ContentTypeFor(const std::string& path);

}  // namespace cs::api
