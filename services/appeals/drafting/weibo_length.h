// Weibo's length count: what the composer shows and what the 140 / 2,000 limits apply to.
//
// Thread-safety: pure function; safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

namespace cs::appeals {

inline constexpr int64_t kWeiboHeadlineLimit = 140;
inline constexpr int64_t kWeiboLongLimit = 2000;
inline constexpr int64_t kWeiboUrlLength = 10;

// Counts `utf8` the way Weibo does (the published rule, as summarised in DESIGN.md
// "Appeal rules / Length"): every CJK, full-width or other non-ASCII character counts 1; ASCII
// characters count 1/2 each, summed over the whole text and rounded up once at the end; every URL
// (http:// or https:// up to the next character that cannot be part of a URL) counts 10 whatever
// its length. Invalid UTF-8 bytes count 1 each, like the U+FFFD a client would show.
int64_t WeiboLength(std::string_view utf8);

}  // namespace cs::appeals
