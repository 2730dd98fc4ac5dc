#include "vision/estimator/io.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <opencv2/imgcodecs.hpp>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace cs::vision {

absl::StatusOr<cv::Mat> DecodeImage(const std::vector<unsigned char>& b, const std::string& name) {
  if (b.size() < 16) return absl::InvalidArgumentError(absl::StrCat("image ", name, ": too short"));
  const bool jpeg = b[0] == 0xFF && b[1] == 0xD8;
  const bool png = b[0] == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G';
  if (jpeg) {
    bool eoi = false;  // the end-of-image marker, allowing a little trailing padding
    for (size_t i = b.size() - 1; i > 0 && i + 64 > b.size(); --i) {
      if (b[i - 1] == 0xFF && b[i] == 0xD9) eoi = true;
    }
    if (!eoi) {
      return absl::InvalidArgumentError(absl::StrCat("image ", name, ": truncated JPEG"));
    }
  }
  if (png) {
    const std::string tail(b.end() - 12, b.end());
    if (tail.find("IEND") == std::string::npos) {
      return absl::InvalidArgumentError(absl::StrCat("image ", name, ": truncated PNG"));
    }
  }
  cv::Mat img;
  try {
    img = cv::imdecode(b, cv::IMREAD_COLOR);
  } catch (const cv::Exception&) {
    img.release();
  }
  if (img.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("image ", name, ": cannot decode (corrupt or unsupported format)"));
  }
  return img;
}

absl::StatusOr<cv::Mat> LoadImage(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("image ", path, ": cannot open"));
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                   std::istreambuf_iterator<char>());
  if (bytes.size() > (200u << 20)) {
    return absl::InvalidArgumentError(absl::StrCat("image ", path, ": over 200 MiB"));
  }
  return DecodeImage(bytes, path);
}

absl::StatusOr<std::vector<Label>> ReadLabelsCsv(const std::string& path, bool* by_frame) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("labels: cannot open ", path));
  std::string line;
  if (!std::getline(in, line)) return absl::InvalidArgumentError("labels: empty file");
  std::string header(absl::StripAsciiWhitespace(line));
  if (header == "frame,count") {
    *by_frame = true;
  } else if (header == "image,count") {
    *by_frame = false;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("labels: header '", header, "' is not 'frame,count' or 'image,count'"));
  }
  const auto dir = std::filesystem::path(path).parent_path();
  std::vector<Label> out;
  int lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    std::string l(absl::StripAsciiWhitespace(line));
    if (l.empty()) continue;
    std::vector<std::string> f = absl::StrSplit(l, ',');
    if (f.size() != 2) {
      return absl::InvalidArgumentError(
          absl::StrCat("labels line ", lineno, ": expected 2 fields"));
    }
    Label lab;
    if (!absl::SimpleAtod(f[1], &lab.count) || !(lab.count >= 0) || lab.count > 1e6) {
      return absl::InvalidArgumentError(
          absl::StrCat("labels line ", lineno, ".count: '", f[1], "' is not a count 0..1e6"));
    }
    if (*by_frame) {
      if (!absl::SimpleAtoi(f[0], &lab.frame) || lab.frame < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("labels line ", lineno, ".frame: '", f[0], "' is not a frame index"));
      }
      lab.key = f[0];
    } else {
      lab.key = (dir / f[0]).string();
    }
    out.push_back(std::move(lab));
  }
  if (out.empty()) return absl::InvalidArgumentError("labels: no rows");
  return out;
}

absl::StatusOr<std::map<std::string, std::vector<cv::Point2f>>> ReadPointsJson(
    const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("points: cannot open ", path));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string s = ss.str();
  // A small scanner for exactly this shape: {"name": [[x, y], ...], ...}.
  std::map<std::string, std::vector<cv::Point2f>> out;
  size_t i = 0;
  auto skip = [&] {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  };
  auto expect = [&](char c) {
    skip();
    if (i >= s.size() || s[i] != c) return false;
    ++i;
    return true;
  };
  auto bad = [&] {
    return absl::InvalidArgumentError(absl::StrCat("points: bad JSON at byte ", i));
  };
  auto number = [&](float* v) {
    skip();
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-' ||
                            s[i] == '+' || s[i] == '.' || s[i] == 'e' || s[i] == 'E')) {
      ++i;
    }
    double d;
    if (!absl::SimpleAtod(s.substr(start, i - start), &d)) return false;
    *v = float(d);
    return true;
  };
  if (!expect('{')) return bad();
  skip();
  if (i < s.size() && s[i] == '}') return out;
  while (true) {
    if (!expect('"')) return bad();
    size_t end = s.find('"', i);
    if (end == std::string::npos) return bad();
    std::string key = s.substr(i, end - i);
    i = end + 1;
    if (!expect(':') || !expect('[')) return bad();
    auto& pts = out[key];
    skip();
    if (i < s.size() && s[i] == ']') {
      ++i;
    } else {
      while (true) {
        cv::Point2f p;
        if (!expect('[') || !number(&p.x) || !expect(',') || !number(&p.y) || !expect(']')) {
          return bad();
        }
        pts.push_back(p);
        skip();
        if (i < s.size() && s[i] == ',') {
          ++i;
          continue;
        }
        if (!expect(']')) return bad();
        break;
      }
    }
    skip();
    if (i < s.size() && s[i] == ',') {
      ++i;
      continue;
    }
    if (!expect('}')) return bad();
    break;
  }
  return out;
}

std::vector<int> ParseFrameList(const std::string& text, bool* ok) {
  std::vector<int> out;
  *ok = true;
  for (absl::string_view part : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    int v;
    if (!absl::SimpleAtoi(part, &v) || v < 0) {
      *ok = false;
      return {};
    }
    out.push_back(v);
  }
  return out;
}

}  // namespace cs::vision
