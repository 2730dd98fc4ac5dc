#include "services/appeals/desk/phrase_scorer.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"

namespace cs::appeals {
namespace {

constexpr char32_t kMasked = 0xFFFC;  // stands in for a masked idiom: matches nothing

// A Latin phrase ending in '~' is a stem ("breath~" matches "breathless"); any other Latin
// phrase must end at a word boundary or before a common English ending ("kick" matches "kicks",
// "kicking", but "numb" does not match "number").
bool IsStem(const std::u32string& needle) { return !needle.empty() && needle.back() == U'~'; }
size_t MatchLen(const std::u32string& needle) { return needle.size() - (IsStem(needle) ? 1 : 0); }

bool EndsWell(const std::u32string& hay, size_t end) {
  size_t word_end = end;
  while (word_end < hay.size() && IsAsciiWordChar(hay[word_end])) ++word_end;
  if (word_end == end) return true;
  static const std::u32string kEndings[] = {U"s",   U"es", U"ed", U"d",   U"ing", U"er",
                                            U"ers", U"ly", U"y",  U"ies", U"ic",  U"e"};
  const std::u32string rest = hay.substr(end, word_end - end);
  for (const auto& e : kEndings) {
    if (rest == e) return true;
  }
  // A doubled consonant before -ed/-ing ("stabbed", "hitting").
  return rest.size() >= 3 && rest[0] == hay[end - 1] &&
         (rest.substr(1) == U"ed" || rest.substr(1) == U"ing");
}

// Where `needle` (5 or more Chinese characters) occurs in `hay` with exactly one character
// different; npos otherwise.
size_t FindOneOff(const std::u32string& hay, const std::u32string& needle) {
  constexpr size_t kMinLength = 5;
  if (needle.size() < kMinLength || hay.size() < needle.size()) return std::u32string::npos;
  for (char32_t c : needle) {
    if (c < 0x3400) return std::u32string::npos;  // Chinese phrases only
  }
  // A particle or pronoun in place of another ("联系不上他" for "联系不上了") changes the sense,
  // not the spelling: those do not count as a typo.
  static const std::u32string kNotTypos = U"了他她它的我你吗呢啊吧着过";
  for (size_t p = 0; p + needle.size() <= hay.size(); ++p) {
    int diff = 0;
    size_t at = 0;
    for (size_t k = 0; k < needle.size() && diff <= 1; ++k) {
      if (hay[p + k] != needle[k]) {
        ++diff;
        at = k;
      }
    }
    if (diff == 1 && kNotTypos.find(hay[p + at]) == std::u32string::npos &&
        kNotTypos.find(needle[at]) == std::u32string::npos) {
      return p;
    }
  }
  return std::u32string::npos;
}

// The start of `needle` in `hay` at or after `from`, honouring Latin word boundaries.
size_t FindAt(const std::u32string& hay, const std::u32string& needle, size_t from) {
  const size_t len = MatchLen(needle);
  if (len == 0) return std::u32string::npos;
  const std::u32string_view body(needle.data(), len);
  const bool latin_start = IsAsciiWordChar(needle.front());
  const bool latin_end = IsAsciiWordChar(needle[len - 1]) && !IsStem(needle);
  for (size_t p = hay.find(body, from); p != std::u32string::npos; p = hay.find(body, p + 1)) {
    if (latin_start && p > 0 && IsAsciiWordChar(hay[p - 1])) continue;
    if (latin_end && !EndsWell(hay, p + len)) continue;
    return p;
  }
  return std::u32string::npos;
}

bool Contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// True when one of `before` ends exactly where position `pos` of `hay` begins.
bool PrecededBy(const std::u32string& hay, size_t pos, const std::vector<std::u32string>& before) {
  for (const auto& b : before) {
    if (b.size() <= pos && hay.compare(pos - b.size(), b.size(), b) == 0) return true;
  }
  return false;
}

bool ContainsAny(const std::u32string& hay, const std::vector<std::u32string>& needles) {
  for (const auto& n : needles) {
    if (FindAt(hay, n, 0) != std::u32string::npos) return true;
  }
  return false;
}

absl::Status CheckFactor(double f, const std::string& field) {
  if (!(f >= 0.0 && f <= 1.0)) return absl::InvalidArgumentError(field + ": must be in [0, 1]");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PhraseScorer> PhraseScorer::Create(PhraseRules rules, ScriptFolder fold) {
  for (size_t i = 0; i < rules.signals.size(); ++i) {
    const TriageSignal& s = rules.signals[i];
    const std::string at = absl::StrCat("signals[", i, "]");
    if (s.name.empty()) return absl::InvalidArgumentError(at + ".name: required");
    if (s.category.empty()) return absl::InvalidArgumentError(at + ".category: required");
    if (s.phrases.empty()) return absl::InvalidArgumentError(at + ".phrases: required");
    if (!std::isfinite(s.weight)) return absl::InvalidArgumentError(at + ".weight: not finite");
    for (size_t k = 0; k < s.phrases.size(); ++k) {
      if (NormalizePhrase(s.phrases[k], fold).empty() || s.phrases[k].front() == '*' ||
          s.phrases[k].back() == '*') {
        return absl::InvalidArgumentError(
            absl::StrCat(at, ".phrases[", k, "]: empty, or starts or ends with '*'"));
      }
    }
  }
  for (size_t i = 0; i < rules.modifiers.size(); ++i) {
    const TriageModifier& m = rules.modifiers[i];
    const std::string at = absl::StrCat("modifiers[", i, "]");
    if (m.name.empty()) return absl::InvalidArgumentError(at + ".name: required");
    if (m.cues.empty()) return absl::InvalidArgumentError(at + ".cues: required");
    for (size_t k = 0; k < m.cues.size(); ++k) {
      if (NormalizePhrase(m.cues[k], fold).empty()) {
        return absl::InvalidArgumentError(absl::StrCat(at, ".cues[", k, "]: empty"));
      }
    }
    for (size_t k = 0; k < m.void_after.size(); ++k) {
      if (NormalizePhrase(m.void_after[k], fold).empty()) {
        return absl::InvalidArgumentError(absl::StrCat(at, ".void_after[", k, "]: empty"));
      }
    }
    if (m.window < 0) return absl::InvalidArgumentError(at + ".window: negative");
    if (auto s = CheckFactor(m.factor, at + ".factor"); !s.ok()) return s;
  }
  for (size_t i = 0; i < rules.masks.size(); ++i) {
    if (NormalizePhrase(rules.masks[i], fold).empty()) {
      return absl::InvalidArgumentError(absl::StrCat("masks[", i, "]: empty"));
    }
  }
  if (auto s = CheckFactor(rules.quote_factor, "quote_factor"); !s.ok()) return s;
  if (auto s = CheckFactor(rules.fuzzy_factor, "fuzzy_factor"); !s.ok()) return s;
  if (auto s = CheckFactor(rules.homophone_factor, "homophone_factor"); !s.ok()) return s;
  if (rules.max_gap < 0) return absl::InvalidArgumentError("max_gap: negative");
  return PhraseScorer(std::move(rules), std::move(fold));
}

PhraseScorer::PhraseScorer(PhraseRules rules, ScriptFolder fold)
    : rules_(std::move(rules)), fold_(std::move(fold)) {
  for (const auto& m : rules_.masks) masks_.push_back(NormalizePhrase(m, fold_));
  for (size_t i = 0; i < rules_.signals.size(); ++i) {
    Signal s{i, {}};
    for (const auto& source : rules_.signals[i].phrases) {
      Phrase p{{}, {}, source};
      size_t start = 0;
      while (start <= source.size()) {
        size_t star = source.find('*', start);
        std::string_view part = std::string_view(source).substr(
            start, star == std::string::npos ? std::string::npos : star - start);
        if (auto norm = NormalizePhrase(part, fold_); !norm.empty()) p.parts.push_back(norm);
        if (star == std::string::npos) break;
        start = star + 1;
      }
      if (rules_.homophones != nullptr && rules_.homophone_factor > 0) {
        size_t han = 0;
        bool all_han = true;
        for (const auto& part : p.parts) {
          for (char32_t c : part) all_han = all_han && c >= 0x3400;
          han += part.size();
        }
        if (all_han && han >= 3) {
          for (const auto& part : p.parts) {
            std::u32string sound = part;
            for (char32_t& c : sound) c = rules_.homophones->SoundOf(c);
            p.sound_parts.push_back(std::move(sound));
          }
        }
      }
      s.phrases.push_back(std::move(p));
    }
    signals_.push_back(std::move(s));
  }
  for (size_t i = 0; i < rules_.modifiers.size(); ++i) {
    Modifier m{i, {}, {}, {}};
    for (const auto& c : rules_.modifiers[i].cues) m.cues.push_back(NormalizePhrase(c, fold_));
    for (const auto& c : rules_.modifiers[i].cancelled_by) {
      m.cancelled_by.push_back(NormalizePhrase(c, fold_));
    }
    for (const auto& c : rules_.modifiers[i].void_after) {
      m.void_after.push_back(NormalizePhrase(c, fold_));
    }
    if (rules_.modifiers[i].name == rules_.negation_modifier) {
      negation_ = static_cast<int>(modifiers_.size());
    }
    modifiers_.push_back(std::move(m));
  }
}

bool PhraseScorer::CueVoid(const Modifier& m, const TriageText& text, size_t clause,
                           size_t cue_pos) const {
  const TriageModifier& rule = rules_.modifiers[m.rule];
  for (const auto& c : text.clauses) {
    if (c.sentence == text.clauses[clause].sentence && ContainsAny(c.text, m.cancelled_by)) {
      return true;
    }
  }
  if (rule.negatable && negation_ >= 0) {
    const std::u32string& hay = text.clauses[clause].text;
    for (const auto& neg : modifiers_[static_cast<size_t>(negation_)].cues) {
      for (size_t p = FindAt(hay, neg, 0); p != std::u32string::npos; p = FindAt(hay, neg, p + 1)) {
        const size_t end = p + MatchLen(neg);
        if (end <= cue_pos && cue_pos - end <= 2) return true;
      }
    }
  }
  return false;
}

bool PhraseScorer::CueApplies(const Modifier& m, const TriageText& text, size_t clause,
                              size_t pos) const {
  const TriageModifier& rule = rules_.modifiers[m.rule];
  for (size_t ci = 0; ci < text.clauses.size(); ++ci) {
    const TriageClause& c = text.clauses[ci];
    const bool in_scope = rule.scope == TriageModifier::Scope::kMessage ||
                          (rule.scope == TriageModifier::Scope::kSentence &&
                           c.sentence == text.clauses[clause].sentence) ||
                          ci == clause;
    if (!in_scope) continue;
    for (const auto& cue : m.cues) {
      for (size_t p = FindAt(c.text, cue, 0); p != std::u32string::npos;
           p = FindAt(c.text, cue, p + 1)) {
        if (rule.scope == TriageModifier::Scope::kBefore) {
          const size_t end = p + MatchLen(cue);
          if (end > pos || pos - end > static_cast<size_t>(rule.window)) continue;
        } else if (ci == clause && p == pos) {
          continue;  // the phrase itself is not its own cue
        }
        if (PrecededBy(c.text, p, m.void_after)) continue;
        if (!CueVoid(m, text, ci, p)) return true;
      }
    }
  }
  return false;
}

double PhraseScorer::ModifierFactor(const std::string& category, bool guarded,
                                    const TriageText& text, size_t clause, size_t pos,
                                    std::vector<std::string>* applied) const {
  double factor = 1.0;
  for (const auto& m : modifiers_) {
    const auto& applies_to = rules_.modifiers[m.rule].applies_to;
    if (!applies_to.empty() && !Contains(applies_to, category)) continue;
    if (CueApplies(m, text, clause, pos)) {
      factor *= rules_.modifiers[m.rule].factor;
      applied->push_back(rules_.modifiers[m.rule].name);
    }
  }
  if (guarded && text.clauses[clause].quoted[pos]) {
    factor *= rules_.quote_factor;
    applied->push_back("quote");
  }
  return factor;
}

std::vector<size_t> PhraseScorer::Occurrences(const std::u32string& hay,
                                              const std::vector<std::u32string>& parts) const {
  std::vector<size_t> out;
  for (size_t start = FindAt(hay, parts[0], 0); start != std::u32string::npos;
       start = FindAt(hay, parts[0], start + 1)) {
    size_t end = start + MatchLen(parts[0]);
    bool complete = true;
    for (size_t k = 1; k < parts.size() && complete; ++k) {
      size_t next = FindAt(hay, parts[k], end);
      complete = next != std::u32string::npos && next - end <= static_cast<size_t>(rules_.max_gap);
      if (complete) end = next + MatchLen(parts[k]);
    }
    if (complete) out.push_back(start);
  }
  return out;
}

TriageText PhraseScorer::BySound(TriageText text) const {
  for (auto& clause : text.clauses) {
    for (char32_t& c : clause.text) c = rules_.homophones->SoundOf(c);
  }
  return text;
}

double LatinLetterShare(std::string_view text) {
  size_t latin = 0;
  size_t han = 0;
  for (char32_t c : DecodeUtf8(text)) {
    if ((c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z')) ++latin;
    if (IsCjkIdeograph(c)) ++han;
  }
  return latin + han == 0 ? 0.0 : static_cast<double>(latin) / static_cast<double>(latin + han);
}

TriageScores PhraseScorer::Score(std::string_view raw) const {
  const TriageText plain = PrepareTriageText(raw, fold_);
  TriageText masked = plain;
  for (auto& clause : masked.clauses) {
    for (const auto& mask : masks_) {
      for (size_t p = FindAt(clause.text, mask, 0); p != std::u32string::npos;
           p = FindAt(clause.text, mask, p + MatchLen(mask))) {
        for (size_t k = 0; k < MatchLen(mask); ++k) clause.text[p + k] = kMasked;
      }
    }
  }
  // The same texts by sound, same positions: a homophone match is discounted like any other.
  const bool by_sound = rules_.homophones != nullptr && rules_.homophone_factor > 0;
  const TriageText plain_sound = by_sound ? BySound(plain) : TriageText{};
  const TriageText masked_sound = by_sound ? BySound(masked) : TriageText{};
  TriageScores out;
  out.latin_share = LatinLetterShare(raw);
  for (const auto& signal : signals_) {
    const TriageSignal& rule = rules_.signals[signal.rule];
    const bool guarded = Contains(rules_.guarded_categories, rule.category);
    const TriageText& text = guarded ? masked : plain;
    std::optional<TriageEvidence> best;
    for (size_t ci = 0; ci < text.clauses.size(); ++ci) {
      const std::u32string& hay = text.clauses[ci].text;
      for (const auto& phrase : signal.phrases) {
        for (size_t start : Occurrences(hay, phrase.parts)) {
          TriageEvidence e{rule.name, rule.category, rule.kind, phrase.source, rule.weight, {}};
          if (!rule.ignore_modifiers) {
            e.weight *= ModifierFactor(rule.category, guarded, text, ci, start, &e.discounted);
          }
          if (!best || std::abs(e.weight) > std::abs(best->weight)) best = std::move(e);
        }
        // A homophone or slip of the input method ("流了好多学", "满头大汉"): a long Chinese
        // phrase with one character wrong still counts, for less.
        if (!best && rules_.fuzzy_factor > 0 && phrase.parts.size() == 1) {
          const size_t p = FindOneOff(hay, phrase.parts[0]);
          if (p != std::u32string::npos) {
            TriageEvidence e{rule.name,
                             rule.category,
                             rule.kind,
                             phrase.source,
                             rule.weight * rules_.fuzzy_factor,
                             {"fuzzy"}};
            if (!rule.ignore_modifiers) {
              e.weight *= ModifierFactor(rule.category, guarded, text, ci, p, &e.discounted);
            }
            best = std::move(e);
          }
        }
        // Written with homophones throughout ("割婉了"): found by sound, for less.
        if (!best && !phrase.sound_parts.empty()) {
          const auto& sound = (guarded ? masked_sound : plain_sound).clauses[ci].text;
          const std::vector<size_t> at = Occurrences(sound, phrase.sound_parts);
          if (!at.empty()) {
            TriageEvidence e{rule.name,
                             rule.category,
                             rule.kind,
                             phrase.source,
                             rule.weight * rules_.homophone_factor,
                             {"homophone"}};
            if (!rule.ignore_modifiers) {
              e.weight *= ModifierFactor(rule.category, guarded, text, ci, at[0], &e.discounted);
            }
            best = std::move(e);
          }
        }
      }
    }
    if (best) {
      out.by_category[best->category] += best->weight;
      out.evidence.push_back(*std::move(best));
    }
  }
  return out;
}

}  // namespace cs::appeals
