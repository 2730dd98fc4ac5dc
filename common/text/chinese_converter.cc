#include "common/text/chinese_converter.h"

#include <opencc/opencc.h>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace cs::text {

absl::StatusOr<std::unique_ptr<ChineseConverter>> ChineseConverter::Create(
    std::string_view config) {
  std::string path(config);
  if (path.empty() || path.front() != '/') path = std::string(kOpenCcDir) + std::string(config);
  opencc_t handle = opencc_open(path.c_str());
  if (handle == reinterpret_cast<opencc_t>(-1) || handle == nullptr) {
    return absl::NotFoundError(absl::StrCat("opencc config: cannot open ", path));
  }
  return std::unique_ptr<ChineseConverter>(new ChineseConverter(handle));
}

ChineseConverter::~ChineseConverter() { opencc_close(static_cast<opencc_t>(handle_)); }

absl::StatusOr<std::string> ChineseConverter::Convert(std::string_view utf8) const {
  if (utf8.empty()) return std::string();
  std::lock_guard<std::mutex> lock(mu_);
  char* out = opencc_convert_utf8(static_cast<opencc_t>(handle_), utf8.data(), utf8.size());
  if (out == nullptr) return absl::InternalError("opencc: conversion failed");
  std::string result(out);
  opencc_convert_utf8_free(out);
  return result;
}

}  // namespace cs::text
