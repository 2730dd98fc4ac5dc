#include "services/appeals/desk/sha256.h"

#include <sodium.h>

namespace cs::appeals {

std::string Sha256Hex(std::string_view data) {
  // sodium_init is idempotent and thread-safe; crypto_hash_sha256 itself needs no init, but
  // calling it keeps libsodium's CPU feature detection on the fast path.
  static const int init = sodium_init();
  (void)init;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof(hex), digest, sizeof(digest));
  return std::string(hex, crypto_hash_sha256_BYTES * 2);
}

}  // namespace cs::appeals
