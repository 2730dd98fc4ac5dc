#include "common/yaml_reader.h"

#include <fstream>
#include <sstream>

namespace cs {

absl::StatusOr<YamlReader> YamlReader::LoadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError("config file not found: " + path);
  std::stringstream text;
  text << in.rdbuf();
  return LoadString(text.str(), path);
}

absl::StatusOr<YamlReader> YamlReader::LoadString(const std::string& text,
                                                  const std::string& name) {
  try {
    YAML::Node root = YAML::Load(text);
    if (!root.IsMap()) {
      return absl::InvalidArgumentError(name + ":1: the document must be a mapping");
    }
    auto state = std::make_shared<State>();
    state->file = name;
    return YamlReader(root, "", state);
  } catch (const YAML::ParserException& e) {
    return absl::InvalidArgumentError(name + ":" + std::to_string(e.mark.line + 1) +
                                      ": YAML syntax error: " + e.msg);
  }
}

std::string YamlReader::KeyPath(const std::string& key) const {
  return self_->path.empty() ? key : self_->path + "." + key;
}

std::string YamlReader::Location(const YAML::Node& n) const {
  // yaml-cpp marks are 0-based; people count lines from 1.
  int line = n.Mark().line;
  return state_->file + ":" + (line >= 0 ? std::to_string(line + 1) : std::string("?"));
}

std::string YamlReader::Where() const { return Location(self_->node); }

void YamlReader::Error(const std::string& message) { state_->errors.push_back(message); }

void YamlReader::Fail(const std::string& key, const std::string& what) {
  YAML::Node n = self_->node.IsMap() ? self_->node[key] : YAML::Node();
  Error((n ? Location(n) : Location(self_->node)) + ": " + KeyPath(key) + ": " + what);
}

YAML::Node YamlReader::Lookup(const std::string& key, bool required) {
  self_->consumed.insert(key);
  if (!self_->node.IsMap()) {
    if (required) Error(Location(self_->node) + ": " + KeyPath(key) + ": missing (parent is not a mapping)");
    return YAML::Node(YAML::NodeType::Undefined);
  }
  YAML::Node n = self_->node[key];
  if (!n && required) {
    Error(Location(self_->node) + ": " + KeyPath(key) + ": required key is missing");
  }
  return n;
}

bool YamlReader::Has(const std::string& key) {
  self_->consumed.insert(key);
  return self_->node.IsMap() && self_->node[key];
}

YamlReader YamlReader::Adopt(YAML::Node node, std::string path) {
  YamlReader child(std::move(node), std::move(path), state_);
  self_->children.push_back(child.self_);
  return child;
}

YamlReader YamlReader::Child(const std::string& key) {
  YAML::Node n = Lookup(key, /*required=*/true);
  if (n && !n.IsMap()) {
    Error(Location(n) + ": " + KeyPath(key) + ": expected a mapping");
  }
  return Adopt(n && n.IsMap() ? n : YAML::Node(YAML::NodeType::Map), KeyPath(key));
}

std::optional<YamlReader> YamlReader::OptionalChild(const std::string& key) {
  YAML::Node n = Lookup(key, /*required=*/false);
  if (!n || n.IsNull()) return std::nullopt;
  if (!n.IsMap()) {
    Error(Location(n) + ": " + KeyPath(key) + ": expected a mapping");
    return std::nullopt;
  }
  return Adopt(n, KeyPath(key));
}

std::vector<YamlReader> YamlReader::Sequence(const std::string& key) {
  std::vector<YamlReader> out;
  YAML::Node n = Lookup(key, /*required=*/false);
  if (!n || n.IsNull()) return out;
  if (!n.IsSequence()) {
    Error(Location(n) + ": " + KeyPath(key) + ": expected a list");
    return out;
  }
  for (size_t i = 0; i < n.size(); ++i) {
    std::string path = KeyPath(key) + "[" + std::to_string(i) + "]";
    if (!n[i].IsMap()) {
      Error(Location(n[i]) + ": " + path + ": expected a mapping");
      continue;
    }
    out.push_back(Adopt(n[i], path));
  }
  return out;
}

void YamlReader::CollectUnknown(const NodeState& n, YamlReader& reporter) {
  if (n.node.IsMap()) {
    for (const auto& kv : n.node) {
      // A complex key ("? [a, b]: x") has no string form: as<std::string>() would throw.
      if (!kv.first.IsScalar()) {
        reporter.Error(reporter.Location(kv.first) + ": " + (n.path.empty() ? "<root>" : n.path) +
                       ": a key must be a plain scalar");
        continue;
      }
      const std::string key = kv.first.Scalar();
      if (!n.consumed.count(key)) {
        std::string path = n.path.empty() ? key : n.path + "." + key;
        reporter.Error(reporter.Location(kv.first) + ": " + path + ": unknown key");
      }
    }
  }
  for (const auto& child : n.children) CollectUnknown(*child, reporter);
}

absl::Status YamlReader::Finish() {
  CollectUnknown(*self_, *this);
  if (state_->errors.empty()) return absl::OkStatus();
  std::string all;
  for (const auto& e : state_->errors) {
    if (!all.empty()) all += "; ";
    all += e;
  }
  state_->errors.clear();
  return absl::InvalidArgumentError(all);
}

}  // namespace cs
