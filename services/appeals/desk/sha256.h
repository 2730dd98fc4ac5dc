// SHA-256 of a version's text, for the audit trail (libsodium's crypto_hash_sha256).
// Thread-safety: pure function; libsodium is initialised once, thread-safely, on first use.
#pragma once

#include <string>
#include <string_view>

namespace cs::appeals {

// Lower-case hex SHA-256 of `data` (64 characters).
std::string Sha256Hex(std::string_view data);

}  // namespace cs::appeals
