// Small helpers the fuzz targets share to turn libFuzzer's bytes into typed values: a splitter
// into NUL-separated text fields and a reader of fixed-width integers that yields zeros once the
// bytes run out, so every input, however short, maps to one value of the target's input type.
// Thread-safety: plain values; one per call of LLVMFuzzerTestOneInput.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace cs::fuzz {

// `bytes` split at every 0x00 byte, padded with empty fields up to `min_fields`.
inline std::vector<std::string> SplitFields(std::string_view bytes, size_t min_fields) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (size_t i = 0; i <= bytes.size(); ++i) {
    if (i == bytes.size() || bytes[i] == '\0') {
      fields.emplace_back(bytes.substr(start, i - start));
      start = i + 1;
    }
  }
  if (fields.size() < min_fields) fields.resize(min_fields);
  return fields;
}

// Reads integers from the front of the input and leaves the rest as text.
class ByteReader {
 public:
  ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

  template <typename T>
  T Take() {
    T v{};
    const size_t n = pos_ + sizeof(T) <= size_ ? sizeof(T) : size_ - pos_;
    std::memcpy(&v, data_ + pos_, n);
    pos_ += n;
    return v;
  }
  std::string_view Rest() const {
    return std::string_view(reinterpret_cast<const char*>(data_) + pos_, size_ - pos_);
  }

 private:
  const uint8_t* data_;
  size_t size_;
  size_t pos_ = 0;
};

// A structural check of generated XML: well-formed UTF-8, no character XML 1.0 forbids, every
// '<' opens a tag or a declaration, every '&' an entity, and start and end tags nest. False
// means a writer let raw input through its escaping.
bool XmlLooksWellFormed(std::string_view xml);

}  // namespace cs::fuzz
