// Strict, typed reading of YAML config. Every key a reader does not consume is an error naming
// the key and its file:line, so a typo in config fails at start-up instead of being ignored.
//
// Example:
//   CS_ASSIGN_OR_RETURN(auto doc, YamlReader::LoadFile("config/services/crowd.yaml"));
//   auto server = doc.Child("server");
//   std::string listen = server.Required<std::string>("listen");
//   int port = server.Optional<int>("port", 50051);
//   return doc.Finish();   // the first error seen, or unknown keys, or OK
//
// Thread-safety: not thread-safe; use one reader per thread (config is read at start-up).
#pragma once

#include <yaml-cpp/yaml.h>

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace cs {

class YamlReader {
 public:
  // Reads and parses `path`; a syntax error is reported with its line.
  static absl::StatusOr<YamlReader> LoadFile(const std::string& path);
  static absl::StatusOr<YamlReader> LoadString(const std::string& text,
                                               const std::string& name = "<string>");

  // A required scalar. On error, records it and returns T{}.
  template <typename T>
  T Required(const std::string& key);
  // An optional scalar; `fallback` when the key is absent.
  template <typename T>
  T Optional(const std::string& key, T fallback);
  // Whether `key` is present (marks it consumed).
  bool Has(const std::string& key);

  // A required or optional mapping.
  YamlReader Child(const std::string& key);
  std::optional<YamlReader> OptionalChild(const std::string& key);
  // The elements of a sequence of mappings (empty when absent, error when not a sequence).
  std::vector<YamlReader> Sequence(const std::string& key);
  // A sequence of scalars.
  template <typename T>
  std::vector<T> ScalarSequence(const std::string& key);

  // Records an error about `key` of this node, e.g. a value out of range.
  void Fail(const std::string& key, const std::string& what);

  // Checks this node and every child handed out for unknown keys; returns the first error.
  absl::Status Finish();

  const std::string& file() const { return state_->file; }
  // "file:line" of this node.
  std::string Where() const;

 private:
  struct State {
    std::string file;
    std::vector<std::string> errors;
  };
  // Copies of a reader are handles to the same node: what one copy consumes, all see.
  struct NodeState {
    YAML::Node node;
    std::string path;  // dotted path from the document root, for messages
    std::set<std::string> consumed;
    std::vector<std::shared_ptr<NodeState>> children;
  };
  YamlReader(YAML::Node node, std::string path, std::shared_ptr<State> state)
      : self_(std::make_shared<NodeState>(NodeState{std::move(node), std::move(path), {}, {}})),
        state_(std::move(state)) {}
  YamlReader(std::shared_ptr<NodeState> self, std::shared_ptr<State> state)
      : self_(std::move(self)), state_(std::move(state)) {}
  YamlReader Adopt(YAML::Node node, std::string path);
  static void CollectUnknown(const NodeState& n, YamlReader& reporter);

  std::string KeyPath(const std::string& key) const;
  std::string Location(const YAML::Node& n) const;
  void Error(const std::string& message);
  YAML::Node Lookup(const std::string& key, bool required);

  std::shared_ptr<NodeState> self_;
  std::shared_ptr<State> state_;
};

template <typename T>
T YamlReader::Required(const std::string& key) {
  YAML::Node n = Lookup(key, /*required=*/true);
  if (!n) return T{};
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    Error(Location(n) + ": " + KeyPath(key) + ": wrong type or value '" +
          (n.IsScalar() ? n.Scalar() : std::string("<non-scalar>")) + "'");
    return T{};
  }
}

template <typename T>
T YamlReader::Optional(const std::string& key, T fallback) {
  YAML::Node n = Lookup(key, /*required=*/false);
  if (!n || n.IsNull()) return fallback;
  try {
    return n.as<T>();
  } catch (const YAML::Exception&) {
    Error(Location(n) + ": " + KeyPath(key) + ": wrong type or value '" +
          (n.IsScalar() ? n.Scalar() : std::string("<non-scalar>")) + "'");
    return fallback;
  }
}

template <typename T>
std::vector<T> YamlReader::ScalarSequence(const std::string& key) {
  std::vector<T> out;
  YAML::Node n = Lookup(key, /*required=*/false);
  if (!n || n.IsNull()) return out;
  if (!n.IsSequence()) {
    Error(Location(n) + ": " + KeyPath(key) + ": expected a list");
    return out;
  }
  for (const auto& item : n) {
    try {
      out.push_back(item.as<T>());
    } catch (const YAML::Exception&) {
      Error(Location(item) + ": " + KeyPath(key) + ": wrong type of list element");
    }
  }
  return out;
}

}  // namespace cs
