#include "common/text/phrase_table.h"

#include <algorithm>
#include <array>

#include "absl/strings/str_cat.h"
#include "common/yaml_reader.h"

namespace cs::text {
namespace {

constexpr std::array<std::pair<std::string_view, PhraseKind>, 6> kKindNames = {{
    {"colour", PhraseKind::kColour},
    {"garment", PhraseKind::kGarment},
    {"pattern", PhraseKind::kPattern},
    {"feature", PhraseKind::kFeature},
    {"language", PhraseKind::kLanguage},
    {"place", PhraseKind::kPlace},
}};

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// ASCII letters lowered, every other byte kept: the result has the same length, so offsets into
// it are offsets into the original.
std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<PhraseKind> PhraseKindFromName(std::string_view name) {
  for (const auto& [n, k] : kKindNames)
    if (n == name) return k;
  return std::nullopt;
}

std::string_view PhraseKindName(PhraseKind kind) {
  for (const auto& [n, k] : kKindNames)
    if (k == kind) return n;
  return "feature";
}

// Spellings are indexed by their first byte; each bucket is ordered longest first so the scan
// takes the longest spelling at a position ("浅蓝色" before "蓝色" before "蓝").
struct PhraseTable::Index {
  struct Spelling {
    std::string lowered;
    const Phrase* phrase;
    bool ascii_word;  // starts or ends with an ASCII letter/digit: match whole words only
  };
  std::array<std::vector<Spelling>, 256> by_first_byte;
  std::unordered_map<std::string, const Phrase*> exact;  // lowered spelling or id → phrase
  std::unordered_map<std::string, const Phrase*> by_id;
};

PhraseTable::PhraseTable() : index_(std::make_unique<Index>()) {}
PhraseTable::PhraseTable(PhraseTable&&) noexcept = default;
PhraseTable& PhraseTable::operator=(PhraseTable&&) noexcept = default;
PhraseTable::~PhraseTable() = default;

absl::StatusOr<PhraseTable> PhraseTable::LoadFile(const std::string& path) {
  auto doc = YamlReader::LoadFile(path);
  if (!doc.ok()) return doc.status();
  return FromReader(*doc);
}

absl::StatusOr<PhraseTable> PhraseTable::LoadString(const std::string& yaml,
                                                    const std::string& name) {
  auto doc = YamlReader::LoadString(yaml, name);
  if (!doc.ok()) return doc.status();
  return FromReader(*doc);
}

absl::StatusOr<PhraseTable> PhraseTable::FromReader(YamlReader& doc) {
  PhraseTable table;
  std::unordered_map<std::string, std::string> owner;  // lowered spelling → id, for clashes
  for (YamlReader entry : doc.Sequence("phrases")) {
    Phrase p;
    p.id = entry.Required<std::string>("id");
    const std::string kind = entry.Required<std::string>("kind");
    if (auto k = PhraseKindFromName(kind)) {
      p.kind = *k;
    } else {
      entry.Fail("kind", "must be one of colour, garment, pattern, feature, language, place");
    }
    p.zh_hans = entry.Required<std::string>("zh");
    p.zh_hant = entry.Optional<std::string>("hant", p.zh_hans);
    p.en = entry.Optional<std::string>("en", "");
    p.aliases = entry.ScalarSequence<std::string>("also");
    p.base = entry.Optional<std::string>("base", "");
    if (p.id.empty()) entry.Fail("id", "must not be empty");
    std::vector<std::string> spellings = {p.zh_hans, p.zh_hant, p.en};
    spellings.insert(spellings.end(), p.aliases.begin(), p.aliases.end());
    for (const std::string& s : spellings) {
      const std::string lowered = LowerAscii(TrimSpaces(s));
      if (lowered.empty()) continue;
      auto [it, fresh] = owner.emplace(lowered, p.id);
      if (!fresh && it->second != p.id)
        return absl::InvalidArgumentError(
            absl::StrCat(entry.Where(), ": phrase ", p.id, " repeats a spelling of ", it->second));
    }
    if (auto st = table.Add(std::move(p), entry.Where()); !st.ok()) return st;
  }
  if (auto st = doc.Finish(); !st.ok()) return st;
  for (const auto& p : table.phrases_)
    if (!p->base.empty() && !table.FindByIdBeforeIndex(p->base))
      return absl::InvalidArgumentError(
          absl::StrCat(doc.file(), ": phrase ", p->id, " names an unknown base ", p->base));
  table.Reindex();
  return table;
}

bool PhraseTable::FindByIdBeforeIndex(const std::string& id) const {
  return std::any_of(phrases_.begin(), phrases_.end(), [&](const auto& p) { return p->id == id; });
}

absl::Status PhraseTable::Add(Phrase phrase, const std::string& where) {
  for (const auto& existing : phrases_)
    if (existing->id == phrase.id)
      return absl::InvalidArgumentError(absl::StrCat(where, ": duplicate phrase id"));
  phrases_.push_back(std::make_unique<Phrase>(std::move(phrase)));
  return absl::OkStatus();
}

absl::Status PhraseTable::Extend(const PhraseTable& more) {
  for (const auto& p : more.phrases_) {
    auto same = std::find_if(phrases_.begin(), phrases_.end(),
                             [&](const auto& mine) { return mine->id == p->id; });
    if (same != phrases_.end()) {
      **same = *p;
    } else {
      phrases_.push_back(std::make_unique<Phrase>(*p));
    }
  }
  Reindex();
  return absl::OkStatus();
}

void PhraseTable::Reindex() {
  index_ = std::make_unique<Index>();
  for (const auto& p : phrases_) {
    index_->by_id[p->id] = p.get();
    index_->exact[LowerAscii(p->id)] = p.get();
    std::vector<std::string> spellings = {p->zh_hans, p->zh_hant, p->en};
    spellings.insert(spellings.end(), p->aliases.begin(), p->aliases.end());
    for (const std::string& s : spellings) {
      std::string lowered = LowerAscii(TrimSpaces(s));
      if (lowered.empty()) continue;
      // A later entry (an extension) wins a spelling that an earlier one also claimed.
      index_->exact[lowered] = p.get();
      const bool ascii_word = IsAsciiAlnum(static_cast<unsigned char>(lowered.front())) ||
                              IsAsciiAlnum(static_cast<unsigned char>(lowered.back()));
      auto& bucket = index_->by_first_byte[static_cast<unsigned char>(lowered.front())];
      auto dup = std::find_if(bucket.begin(), bucket.end(),
                              [&](const Index::Spelling& sp) { return sp.lowered == lowered; });
      if (dup != bucket.end()) {
        dup->phrase = p.get();
      } else {
        bucket.push_back({std::move(lowered), p.get(), ascii_word});
      }
    }
  }
  for (auto& bucket : index_->by_first_byte)
    std::stable_sort(bucket.begin(), bucket.end(), [](const auto& a, const auto& b) {
      return a.lowered.size() > b.lowered.size();
    });
}

const Phrase* PhraseTable::Find(std::string_view term) const {
  auto it = index_->exact.find(LowerAscii(TrimSpaces(term)));
  return it == index_->exact.end() ? nullptr : it->second;
}

const Phrase* PhraseTable::FindById(std::string_view id) const {
  auto it = index_->by_id.find(std::string(id));
  return it == index_->by_id.end() ? nullptr : it->second;
}

std::vector<PhraseMatch> PhraseTable::Scan(std::string_view text,
                                           std::optional<PhraseKind> kind) const {
  const std::string lowered = LowerAscii(text);
  std::vector<PhraseMatch> out;
  size_t i = 0;
  while (i < lowered.size()) {
    const auto& bucket = index_->by_first_byte[static_cast<unsigned char>(lowered[i])];
    const Index::Spelling* hit = nullptr;
    for (const auto& sp : bucket) {
      if (kind && sp.phrase->kind != *kind) continue;
      if (lowered.compare(i, sp.lowered.size(), sp.lowered) != 0) continue;
      if (sp.ascii_word) {
        const size_t end = i + sp.lowered.size();
        const bool left_ok = i == 0 || !IsAsciiAlnum(static_cast<unsigned char>(lowered[i - 1]));
        const bool right_ok =
            end >= lowered.size() || !IsAsciiAlnum(static_cast<unsigned char>(lowered[end]));
        if (!left_ok || !right_ok) continue;
      }
      hit = &sp;
      break;  // the bucket is longest first
    }
    if (hit) {
      out.push_back({hit->phrase, i, i + hit->lowered.size()});
      i += hit->lowered.size();
    } else {
      ++i;  // a byte inside a UTF-8 sequence never starts a spelling, so stepping bytewise is safe
    }
  }
  return out;
}

size_t PhraseTable::size() const { return phrases_.size(); }

}  // namespace cs::text
