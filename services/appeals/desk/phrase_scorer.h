// Scores a public message against phrase rules written by the desk: which categories it signals,
// how strongly, and why. A phrase counts less (or not at all) when a cue near it says it is
// negated ("不是想自杀"), hypothetical ("万一走散"), past ("昨晚晕倒的阿姨"), a joke ("哈哈") or
// inside quotation marks; idioms that only sound alarming ("累死了", "kill me now") are masked
// before matching. The rules are plain data (config/triage/*.yaml, read by the service).
//
// Example:
//   PhraseRules rules;
//   rules.signals.push_back(MakeSignal("self_harm_intent", "life_safety", 0.6, {"不想活",
//   "轻生"})); rules.signals.push_back(MakeSignal("self_harm_place", "life_safety", 0.5, {"栏杆外",
//   "海堤"})); auto scorer = PhraseScorer::Create(rules); scorer->Score("不想活了
//   我在海堤上").total("life_safety");  // 1.1
//
// Thread-safety: immutable after Create; Score is safe from several threads.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/appeals/desk/pinyin_table.h"
#include "services/appeals/desk/triage_text.h"

namespace cs::appeals {

// One idea the desk looks for ("someone is unresponsive"), in every way people write it.
// A phrase may hold gaps: "掐*脖子" is 掐 then 脖子 later in the same clause (at most
// PhraseRules::max_gap characters between). Latin phrases start at a word boundary and match
// as prefixes ("breath" matches "breathing").
struct TriageSignal {
  std::string name;
  std::string category;  // "life_safety", "help_request", ...
  double weight = 1.0;   // negative: evidence against the category (a toy, an animal)
  std::vector<std::string> phrases;
  bool ignore_modifiers = false;  // counts even when negated, past, quoted...
  std::string kind;  // life safety: "self_harm", "violence", "child_danger", "medical", ...
};

// A signal without a kind, for code that builds rules by hand (tests, TriageConfig::Default).
inline TriageSignal MakeSignal(std::string name, std::string category, double weight,
                               std::vector<std::string> phrases) {
  TriageSignal s;
  s.name = std::move(name);
  s.category = std::move(category);
  s.weight = weight;
  s.phrases = std::move(phrases);
  return s;
}

// A cue that discounts the phrases it governs by `factor` (0: they do not count).
struct TriageModifier {
  enum class Scope {
    kBefore,    // cue ends at most `window` characters before the phrase, same clause
    kClause,    // cue anywhere in the phrase's clause
    kSentence,  // cue anywhere in the phrase's sentence
    kMessage,   // cue anywhere in the message
  };
  std::string name;
  std::vector<std::string> cues;
  Scope scope = Scope::kBefore;
  int window = 6;
  double factor = 0.0;
  // The cue is void when one of these is in the same sentence ("昨天…现在还在…").
  std::vector<std::string> cancelled_by;
  // The cue is void when a negation cue stands right before it ("不是开玩笑").
  bool negatable = false;
  // The categories whose phrases it governs; empty: all. A tip is usually about the past, a
  // threat to life must not be.
  std::vector<std::string> applies_to;
  // The cue is void when one of these stands right before it: "有没有", "有冇", "是不是" and
  // "会不会" ask a question, they do not negate what follows.
  std::vector<std::string> void_after;
};

struct PhraseRules {
  std::vector<std::string> masks;  // idioms blanked before matching ("累死了", "i'm dead")
  // Masks hide idioms, and quotation marks discount phrases, for these categories only:
  // "累死了" is no threat to life, but it is what a complaint sounds like.
  std::vector<std::string> guarded_categories = {"life_safety"};
  std::vector<TriageSignal> signals;
  std::vector<TriageModifier> modifiers;
  std::string negation_modifier = "negation";  // whose cues make a modifier `negatable`
  double quote_factor = 0.5;                   // a phrase inside quotation marks
  // A Chinese phrase of 5+ characters found with one inner character wrong (a homophone typo);
  // 0 turns this off.
  double fuzzy_factor = 0.0;
  int max_gap = 12;
  // Characters that read alike (a pinyin table). With homophone_factor > 0, a Chinese phrase of
  // 3+ characters written with homophones throughout ("割婉了" for "割腕了", "想不看" for
  // "想不开") counts this much; shorter phrases never (too many words read alike). Null: off.
  std::shared_ptr<const PinyinTable> homophones;
  double homophone_factor = 0.0;
};

struct TriageEvidence {
  std::string signal;
  std::string category;
  std::string kind;                     // the signal's kind, if any
  std::string phrase;                   // as written in the rules
  double weight = 0;                    // after modifiers
  std::vector<std::string> discounted;  // modifier names that applied ("negation", "quote")
};

struct TriageScores {
  std::map<std::string, double> by_category;  // sum over signals of their best occurrence
  std::vector<TriageEvidence> evidence;       // one per signal that matched
  // Latin letters among the message's letters (Latin and Han), 0-1: English and pinyin messages
  // are where the n-gram model's posterior is least reliable (TriageConfig::model_partial_*).
  double latin_share = 0;
  double total(const std::string& category) const {
    auto it = by_category.find(category);
    return it == by_category.end() ? 0.0 : it->second;
  }
};

// Latin letters / (Latin letters + Han characters) of `text`; 0 for a text with neither.
double LatinLetterShare(std::string_view text);

class PhraseScorer {
 public:
  // InvalidArgument naming the field (signals[3].phrases[0]) for an empty name, category,
  // phrase or cue, a factor outside [0, 1], a negative window or max_gap.
  static absl::StatusOr<PhraseScorer> Create(PhraseRules rules, ScriptFolder fold = nullptr);

  TriageScores Score(std::string_view text) const;

 private:
  struct Phrase {
    std::vector<std::u32string> parts;  // split at '*'
    std::vector<std::u32string> sound_parts;  // parts by sound; empty: not matched by sound
    std::string source;
  };
  // Compiled forms; `rule` indexes rules_ (indices, not pointers, so a copy stays valid).
  struct Signal {
    size_t rule;
    std::vector<Phrase> phrases;
  };
  struct Modifier {
    size_t rule;
    std::vector<std::u32string> cues;
    std::vector<std::u32string> cancelled_by;
    std::vector<std::u32string> void_after;
  };
  PhraseScorer(PhraseRules rules, ScriptFolder fold);
  double ModifierFactor(const std::string& category, bool guarded, const TriageText& text,
                        size_t clause, size_t pos, std::vector<std::string>* applied) const;
  bool CueApplies(const Modifier& m, const TriageText& text, size_t clause, size_t pos) const;
  bool CueVoid(const Modifier& m, const TriageText& text, size_t clause, size_t cue_pos) const;
  // Where each occurrence of `parts` (one after another, at most max_gap apart) starts in `hay`.
  std::vector<size_t> Occurrences(const std::u32string& hay,
                                  const std::vector<std::u32string>& parts) const;
  TriageText BySound(TriageText text) const;

  PhraseRules rules_;
  ScriptFolder fold_;
  std::vector<std::u32string> masks_;
  std::vector<Signal> signals_;
  std::vector<Modifier> modifiers_;
  int negation_ = -1;  // index into modifiers_
};

}  // namespace cs::appeals
