#include "mobile-api/security_headers.h"

namespace cs::api {

const char* ContentSecurityPolicy() {
  // The pages are one bundled module each (web/build.mjs) with no inline script or style
  // attribute (dom.js sets styles through the CSSOM, which style-src does not restrict).
  // Photos are shown from blob: URLs made from authorised fetches; the patrol app registers a
  // same-origin service worker and a manifest.
  return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
         "connect-src 'self' blob:; worker-src 'self'; manifest-src 'self'; object-src 'none'; "
         "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

httplib::Headers SecurityHeaders() {
  return {
      {"Content-Security-Policy", ContentSecurityPolicy()},
      {"X-Content-Type-Options", "nosniff"},
      // frame-ancestors above says the same to current browsers; this is for older ones.
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
  };
}

}  // namespace cs::api
