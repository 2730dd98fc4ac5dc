#include "services/appeals/desk/answer_library.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <mutex>
#include <shared_mutex>

#include "absl/strings/str_cat.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/text_tokens.h"

namespace cs::appeals {
namespace {

constexpr size_t kMaxQuestionBytes = 2000;
constexpr size_t kMaxAnswerBytes = 8000;
constexpr size_t kMaxKeywords = 50;
constexpr size_t kMaxQueryBytes = 2000;


}  // namespace

absl::Status ValidateAnswerDraft(const AnswerDraft& d) {
  if (d.id.empty() || d.id.size() > 128) {
    return absl::InvalidArgumentError("answer.id: must be 1..128 bytes");
  }
  if (d.question.empty() || d.question.size() > kMaxQuestionBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("answer.question: must be 1..", kMaxQuestionBytes, " bytes"));
  }
  if (d.answer.empty() || d.answer.size() > kMaxAnswerBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("answer.answer: must be 1..", kMaxAnswerBytes, " bytes"));
  }
  if (d.keywords.size() > kMaxKeywords) {
    return absl::InvalidArgumentError(
        absl::StrCat("answer.keywords: more than ", kMaxKeywords, " keywords"));
  }
  for (size_t i = 0; i < d.keywords.size(); ++i) {
    if (d.keywords[i].empty() || d.keywords[i].size() > 100) {
      return absl::InvalidArgumentError(
          absl::StrCat("answer.keywords[", i, "]: must be 1..100 bytes"));
    }
  }
  return absl::OkStatus();
}

// ---- InMemoryAnswerStore ----

absl::Status InMemoryAnswerStore::Append(const AnswerEntry& entry, const AnswerAudit& audit) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& versions = versions_[entry.id];
  const int latest = versions.empty() ? 0 : versions.back().version;
  if (entry.version != latest + 1) {
    if (versions.empty()) versions_.erase(entry.id);
    return absl::AbortedError(
        absl::StrCat("answer.version: expected ", latest + 1, ", got ", entry.version));
  }
  versions.push_back(entry);
  audit_[entry.id].push_back(audit);
  return absl::OkStatus();
}

absl::StatusOr<std::vector<AnswerEntry>> InMemoryAnswerStore::History(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = versions_.find(id);
  if (it == versions_.end()) return absl::NotFoundError("answer.id: no such entry");
  return it->second;
}

absl::StatusOr<std::vector<AnswerAudit>> InMemoryAnswerStore::AuditLog(
    const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = audit_.find(id);
  if (it == audit_.end()) return absl::NotFoundError("answer.id: no such entry");
  return it->second;
}

std::vector<AnswerEntry> InMemoryAnswerStore::AllLatest() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<AnswerEntry> out;
  out.reserve(versions_.size());
  for (const auto& [id, versions] : versions_) out.push_back(versions.back());
  return out;
}

// ---- AnswerLibrary ----

AnswerLibrary::AnswerLibrary(AnswerStore* store, const Clock* clock, Bm25Params params)
    : store_(store), clock_(clock), params_(params) {}

absl::Status AnswerLibrary::Load() {
  std::vector<AnswerEntry> all = store_->AllLatest();
  std::unique_lock lock(mu_);
  term_ids_.clear();
  postings_.clear();
  docs_.clear();
  doc_of_id_.clear();
  total_length_ = 0;
  live_docs_ = 0;
  for (const auto& e : all) IndexLocked(e);
  return absl::OkStatus();
}

void AnswerLibrary::IndexLocked(const AnswerEntry& entry) {
  uint32_t doc;
  if (auto it = doc_of_id_.find(entry.id); it != doc_of_id_.end()) {
    doc = it->second;
    UnindexLocked(doc);
  } else {
    doc = static_cast<uint32_t>(docs_.size());
    docs_.emplace_back();
    doc_of_id_[entry.id] = doc;
  }
  Doc& d = docs_[doc];
  d.entry = entry;
  d.terms.clear();
  d.length = 0;
  d.live = !entry.retired;
  if (!d.live) return;
  std::unordered_map<uint32_t, uint32_t> tf;
  auto add = [&](std::string_view text, int weight) {
    for (auto& tok : Tokenize(text, TokenMode::kIndex)) {
      auto [it, inserted] = term_ids_.try_emplace(std::move(tok), postings_.size());
      if (inserted) postings_.emplace_back();
      tf[it->second] += weight;
      d.length += weight;
    }
  };
  add(entry.question, params_.question_weight);
  add(entry.answer, params_.answer_weight);
  for (const auto& k : entry.keywords) add(k, params_.keyword_weight);
  for (const auto& [term, count] : tf) {
    postings_[term].push_back({doc, count});
    d.terms.push_back(term);
  }
  total_length_ += d.length;
  ++live_docs_;
}

void AnswerLibrary::UnindexLocked(uint32_t doc) {
  Doc& d = docs_[doc];
  if (!d.live) return;
  for (uint32_t term : d.terms) {
    auto& list = postings_[term];
    list.erase(
        std::remove_if(list.begin(), list.end(), [doc](const Posting& p) { return p.doc == doc; }),
        list.end());
  }
  d.terms.clear();
  total_length_ -= d.length;
  d.length = 0;
  d.live = false;
  --live_docs_;
}

absl::StatusOr<AnswerEntry> AnswerLibrary::Put(const AnswerDraft& draft, const Actor& approver,
                                               std::optional<int> expected_version) {
  if (approver.id.empty()) return absl::InvalidArgumentError("actor.id: must not be empty");
  if (approver.role != Role::kPressOfficer) {
    return absl::PermissionDeniedError("actor.role: only a press officer approves answers");
  }
  if (auto s = ValidateAnswerDraft(draft); !s.ok()) return s;
  // Writers serialise here so the version read and the append cannot interleave in-process; the
  // store's version check covers other processes.
  std::unique_lock lock(mu_);
  int current = 0;
  if (auto it = doc_of_id_.find(draft.id); it != doc_of_id_.end()) {
    current = docs_[it->second].entry.version;
  }
  if (expected_version && *expected_version != current) {
    return absl::AbortedError(absl::StrCat("expected_version: ", *expected_version,
                                           " but the current version is ", current));
  }
  AnswerEntry e;
  e.id = draft.id;
  e.question = draft.question;
  e.answer = draft.answer;
  e.keywords = draft.keywords;
  e.approved_by = approver.id;
  e.version = current + 1;
  e.updated_at = clock_->Now();
  AnswerAudit audit{e.id, e.version, approver.id, e.updated_at, current == 0 ? "create" : "edit",
                    ""};
  if (auto s = store_->Append(e, audit); !s.ok()) return s;
  IndexLocked(e);
  return e;
}

absl::StatusOr<AnswerEntry> AnswerLibrary::Retire(const std::string& id, const Actor& actor,
                                                  const std::string& reason) {
  if (actor.role != Role::kPressOfficer) {
    return absl::PermissionDeniedError("actor.role: only a press officer retires answers");
  }
  if (actor.id.empty()) return absl::InvalidArgumentError("actor.id: must not be empty");
  if (reason.empty()) return absl::InvalidArgumentError("reason: required");
  std::unique_lock lock(mu_);
  auto it = doc_of_id_.find(id);
  if (it == doc_of_id_.end()) return absl::NotFoundError("answer.id: no such entry");
  AnswerEntry e = docs_[it->second].entry;
  if (e.retired) return absl::FailedPreconditionError("answer.id: already retired");
  e.retired = true;
  ++e.version;
  e.updated_at = clock_->Now();
  AnswerAudit audit{e.id, e.version, actor.id, e.updated_at, "retire", reason};
  if (auto s = store_->Append(e, audit); !s.ok()) return s;
  IndexLocked(e);
  return e;
}

absl::StatusOr<AnswerEntry> AnswerLibrary::Get(const std::string& id) const {
  std::shared_lock lock(mu_);
  auto it = doc_of_id_.find(id);
  if (it == doc_of_id_.end()) return absl::NotFoundError("answer.id: no such entry");
  return docs_[it->second].entry;
}

size_t AnswerLibrary::size() const {
  std::shared_lock lock(mu_);
  return live_docs_;
}

std::vector<AnswerHit> AnswerLibrary::Search(std::string_view query, size_t limit) const {
  if (query.size() > kMaxQueryBytes) query = query.substr(0, kMaxQueryBytes);
  std::shared_lock lock(mu_);
  std::vector<AnswerHit> hits = ScoreLocked(Tokenize(query, TokenMode::kQuery), limit);
  if (hits.empty()) hits = ScoreLocked(Tokenize(query, TokenMode::kUnigrams), limit);
  return hits;
}

std::vector<AnswerHit> AnswerLibrary::ScoreLocked(const std::vector<std::string>& tokens,
                                                  size_t limit) const {
  if (tokens.empty() || live_docs_ == 0 || limit == 0) return {};
  const double n = live_docs_;
  const double avgdl = static_cast<double>(total_length_) / n;
  std::vector<double> score(docs_.size(), 0.0);
  std::vector<uint32_t> touched;
  for (const auto& tok : tokens) {
    auto it = term_ids_.find(tok);
    if (it == term_ids_.end()) continue;
    const auto& list = postings_[it->second];
    if (list.empty()) continue;
    const double df = static_cast<double>(list.size());
    const double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
    for (const Posting& p : list) {
      const double tf = p.tf;
      const double norm = params_.k1 * (1 - params_.b + params_.b * docs_[p.doc].length / avgdl);
      if (score[p.doc] == 0.0) touched.push_back(p.doc);
      score[p.doc] += idf * tf * (params_.k1 + 1) / (tf + norm);
    }
  }
  const size_t k = std::min(limit, touched.size());
  auto better = [&](uint32_t a, uint32_t b) {
    if (score[a] != score[b]) return score[a] > score[b];
    return docs_[a].entry.id < docs_[b].entry.id;  // stable order for equal scores
  };
  std::partial_sort(touched.begin(), touched.begin() + k, touched.end(), better);
  std::vector<AnswerHit> hits;
  hits.reserve(k);
  for (size_t i = 0; i < k; ++i) hits.push_back({docs_[touched[i]].entry.id, score[touched[i]]});
  return hits;
}

// ---- highlighting ----

namespace {

bool IsAsciiAlnum(char32_t c) { return c < 0x80 && std::isalnum(static_cast<int>(c)) != 0; }

std::u32string LowerAscii(std::u32string cps) {
  for (char32_t& c : cps) {
    if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
  }
  return cps;
}

// Every occurrence of each term in `text`, merged. An ASCII word only counts whole, as the
// tokenizer would have cut it.
std::vector<TextSpan> SpansOf(std::string_view text, const std::vector<std::u32string>& terms) {
  const std::u32string cps = LowerAscii(DecodeUtf8(text));
  std::vector<TextSpan> spans;
  for (const auto& term : terms) {
    if (term.empty() || term.size() > cps.size()) continue;
    const bool word = IsAsciiAlnum(term.front());
    for (size_t i = 0; i + term.size() <= cps.size(); ++i) {
      if (!std::equal(term.begin(), term.end(), cps.begin() + static_cast<std::ptrdiff_t>(i))) {
        continue;
      }
      const size_t end = i + term.size();
      if (word && ((i > 0 && IsAsciiAlnum(cps[i - 1])) ||
                   (end < cps.size() && IsAsciiAlnum(cps[end])))) {
        continue;
      }
      spans.push_back({i, end});
    }
  }
  std::sort(spans.begin(), spans.end(),
            [](const TextSpan& a, const TextSpan& b) { return a.start < b.start; });
  std::vector<TextSpan> merged;
  for (const TextSpan& s : spans) {
    if (!merged.empty() && s.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  return merged;
}

AnswerMatch MatchWith(const AnswerEntry& entry, const std::vector<std::string>& tokens) {
  std::vector<std::u32string> terms;
  for (const auto& t : tokens) terms.push_back(DecodeUtf8(t));
  AnswerMatch m;
  m.question = SpansOf(entry.question, terms);
  m.answer = SpansOf(entry.answer, terms);
  for (const auto& k : entry.keywords) {
    if (!SpansOf(k, terms).empty()) m.keywords.push_back(k);
  }
  return m;
}

}  // namespace

AnswerMatch ExplainMatch(const AnswerEntry& entry, std::string_view query) {
  if (query.size() > kMaxQueryBytes) query = query.substr(0, kMaxQueryBytes);
  AnswerMatch m = MatchWith(entry, Tokenize(query, TokenMode::kQuery));
  if (m.question.empty() && m.answer.empty() && m.keywords.empty()) {
    m = MatchWith(entry, Tokenize(query, TokenMode::kUnigrams));  // Search's fallback too
  }
  return m;
}

}  // namespace cs::appeals
