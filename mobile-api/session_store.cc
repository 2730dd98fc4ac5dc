#include "mobile-api/session_store.h"

#include <sodium.h>

namespace cs::api {

bool SodiumReady() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

std::string TokenHash(std::string_view token) {
  SodiumReady();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[sizeof digest * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string SessionRef(std::string_view token) { return TokenHash(token).substr(0, 12); }

std::string NewToken() {
  SodiumReady();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

Session NewSession(const User& user, TimePoint expires_at) {
  Session s;
  s.token = NewToken();
  s.username = user.username;
  s.role = user.role;
  s.zones = user.zones;
  s.expires_at = expires_at;
  return s;
}

}  // namespace cs::api
