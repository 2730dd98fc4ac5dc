// Simplified <-> Traditional Chinese conversion through OpenCC (libopencc's C API, so no
// exception can escape). One converter wraps one OpenCC config file.
//
// Thread-safety: Convert() is safe from several threads (a mutex guards the OpenCC handle,
// whose thread-safety the C API does not document).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"

namespace cs::text {

inline constexpr const char* kOpenCcDir = "/usr/share/opencc/";
// Hong Kong and Macau visitors read Hong Kong standard characters: s2hk.json applies the
// character conversion plus the HKVariants glyph table used in Hong Kong print. s2twp.json
// would also swap in Taiwan vocabulary (软件 -> 軟體, 出租车 -> 計程車), which reads as foreign in
// Hong Kong and Macau, so the appeal audience is served by s2hk.
inline constexpr const char* kSimplifiedToHongKong = "s2hk.json";
// Used by the PII guard to see a name in either script.
inline constexpr const char* kSimplifiedToTraditional = "s2t.json";
inline constexpr const char* kTraditionalToSimplified = "t2s.json";

class ChineseConverter {
 public:
  // `config` is a file name under kOpenCcDir or an absolute path.
  // NotFound when OpenCC cannot open it.
  static absl::StatusOr<std::unique_ptr<ChineseConverter>> Create(std::string_view config);
  ~ChineseConverter();
  ChineseConverter(const ChineseConverter&) = delete;
  ChineseConverter& operator=(const ChineseConverter&) = delete;

  // Converts UTF-8 text. Internal when OpenCC fails (it should not on valid UTF-8; callers pass
  // text already built by the drafter).
  absl::StatusOr<std::string> Convert(std::string_view utf8) const;

 private:
  explicit ChineseConverter(void* handle) : handle_(handle) {}
  mutable std::mutex mu_;
  void* const handle_ ABSL_PT_GUARDED_BY(mu_);
};

}  // namespace cs::text
