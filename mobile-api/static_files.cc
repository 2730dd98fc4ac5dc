#include "mobile-api/static_files.h"

#include <filesystem>
#include <map>

namespace cs::api {

namespace fs = std::filesystem;

absl::StatusOr<std::string> ResolveStatic(const std::string& web_root,
                                          const std::string& request_path) {
  if (request_path.empty() || request_path[0] != '/') {
    return absl::InvalidArgumentError("path: must start with /");
  }
  if (request_path.size() > 1024) return absl::InvalidArgumentError("path: too long");
  std::string rel = request_path.substr(1);
  if (rel.empty() || rel.back() == '/') rel += "index.html";
  // Each segment is checked by name before the file system is asked anything.
  size_t start = 0;
  while (start <= rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string::npos) end = rel.size();
    std::string seg = rel.substr(start, end - start);
    if (seg.empty() || seg == "." || seg == ".." || seg[0] == '.') {
      return absl::InvalidArgumentError("path: segment not allowed");
    }
    for (char c : seg) {
      if (c == '\\' || c == '\0' || c == ':' || static_cast<unsigned char>(c) < 0x20) {
        return absl::InvalidArgumentError("path: character not allowed");
      }
    }
    start = end + 1;
  }
  std::error_code ec;
  fs::path root = fs::canonical(web_root, ec);
  if (ec) return absl::NotFoundError("the dashboard is not built (no web root)");
  // canonical() follows symlinks: a link pointing out of the root lands outside the prefix.
  fs::path file = fs::canonical(root / rel, ec);
  if (ec) return absl::NotFoundError("no such file");
  std::string root_s = root.string() + "/";
  if (file.string().rfind(root_s, 0) != 0) {
    return absl::InvalidArgumentError("path: outside the web root");
  }
  if (!fs::is_regular_file(file, ec)) return absl::NotFoundError("no such file");
  return file.string();
}

std::string ContentTypeFor(const std::string& path) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"}};
  auto dot = path.rfind('.');
  if (dot == std::string::npos) return "application/octet-stream";
  auto it = kTypes.find(path.substr(dot));
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

}  // namespace cs::api
