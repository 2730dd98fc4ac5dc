// The headers every gateway response carries, the dashboard's and the API's alike: a Content
// Security Policy that lets the pages load only their own bundled scripts, styles and images
// (no inline script, no eval, no framing), nosniff, and no Referer leaving the site.
//
// Thread-safety: pure function.
#pragma once

#include <httplib.h>

namespace cs::api {

// Content-Security-Policy, X-Content-Type-Options, X-Frame-Options and Referrer-Policy.
httplib::Headers SecurityHeaders();

// The policy alone, as the web tests check the built pages against it.
const char* ContentSecurityPolicy();

}  // namespace cs::api
