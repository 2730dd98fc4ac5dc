// The guard's detectors for identifiers and names that do not look like numbers: vehicle plates,
// contact handles (WeChat, QQ, email ...), identity documents with letters, dates of birth,
// schools and classes, and names introduced by cue words (叫, 名叫, 妈妈叫, "named", "Mr.") or
// written as romanised given names ("Ka-fai"). Internal to pii_guard.cc; split out to keep each
// file about one thing.
//
// Every detector reads the folded text twice: `lower` (ASCII lower-cased, allowed place names
// masked) and `cased` (the same with case kept, for capitalised romanised names). Spans are code
// point indices into those strings.
//
// Thread-safety: pure functions; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "common/privacy/pii_guard.h"

namespace cs::privacy::internal {

struct Span {
  PiiKind kind;
  size_t begin, end;
};

struct DetectorText {
  const std::u32string& lower;
  const std::u32string& cased;
};

void FindPlates(const DetectorText& t, std::vector<Span>* out);
void FindHandles(const DetectorText& t, std::vector<Span>* out);
void FindLetteredIds(const DetectorText& t, std::vector<Span>* out);
void FindBirthDates(const DetectorText& t, std::vector<Span>* out);
void FindSchools(const DetectorText& t, std::vector<Span>* out);
void FindCuedNames(const DetectorText& t, std::vector<Span>* out);

// The names that cue words introduce in `text` ("小名叫然然" → 然然, "answers to 'Kelly'" →
// Kelly), so the guard can strike them wherever else they turn up in the case's free text.
std::vector<std::string> CueIntroducedNames(std::string_view text);

}  // namespace cs::privacy::internal
