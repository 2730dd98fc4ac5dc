// The answer library (口径库): approved Q/A entries with versions and an audit trail, and a
// ranked keyword search (BM25 over an inverted index) that works for Chinese and English.
// Thread-safety: AnswerLibrary is safe from several threads (reads share a lock, writes take it
// alone). Writes go to the store first, then to the in-memory index.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/clock.h"
#include "services/appeals/desk/appeal.h"

namespace cs::appeals {

struct AnswerEntry {
  std::string id;
  std::string question;
  std::string answer;
  std::vector<std::string> keywords;
  std::string approved_by;
  int version = 0;
  bool retired = false;  // a retired entry is kept for history but never found
  TimePoint updated_at;
};

struct AnswerAudit {
  std::string entry_id;
  int version = 0;
  std::string actor_id;
  TimePoint at;
  std::string action;  // "create", "edit", "retire"
  std::string reason;
};

// Narrow store. Redis: a list of versions per entry (cs:{answers}:entry:<id>) and an audit list,
// appended together in one MULTI; AllLatest is read once at start-up to build the index.
class AnswerStore {
 public:
  virtual ~AnswerStore() = default;
  // Appends a version and its audit record atomically. Aborted if `entry.version` is not exactly
  // one past the stored latest (a concurrent edit won).
  virtual absl::Status Append(const AnswerEntry& entry, const AnswerAudit& audit) = 0;
  virtual absl::StatusOr<std::vector<AnswerEntry>> History(const std::string& id) const = 0;
  virtual absl::StatusOr<std::vector<AnswerAudit>> AuditLog(const std::string& id) const = 0;
  virtual std::vector<AnswerEntry> AllLatest() const = 0;
};

class InMemoryAnswerStore final : public AnswerStore {
 public:
  absl::Status Append(const AnswerEntry& entry, const AnswerAudit& audit) override;
  absl::StatusOr<std::vector<AnswerEntry>> History(const std::string& id) const override;
  absl::StatusOr<std::vector<AnswerAudit>> AuditLog(const std::string& id) const override;
  std::vector<AnswerEntry> AllLatest() const override;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::vector<AnswerEntry>> versions_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, std::vector<AnswerAudit>> audit_ ABSL_GUARDED_BY(mu_);
};

struct AnswerDraft {
  std::string id;
  std::string question;
  std::string answer;
  std::vector<std::string> keywords;
};

// Lengths and counts every entry must respect; InvalidArgument naming the answer.* field.
absl::Status ValidateAnswerDraft(const AnswerDraft& draft);

struct AnswerHit {
  std::string id;
  double score = 0;
};

// A stretch of text, in Unicode code points: [start, end).
struct TextSpan {
  size_t start = 0;
  size_t end = 0;
  bool operator==(const TextSpan& o) const { return start == o.start && end == o.end; }
};

// Why an entry matched a query, for highlighting: where the query's terms occur in the question
// and the answer (overlapping and touching spans merged), and which of the entry's curated
// keywords the query hit.
struct AnswerMatch {
  std::vector<TextSpan> question;
  std::vector<TextSpan> answer;
  std::vector<std::string> keywords;
};

// Uses the same terms as AnswerLibrary::Search (bigrams, or single characters when no bigram is
// found; ASCII words whole and case-insensitive). Pure; safe from any thread.
AnswerMatch ExplainMatch(const AnswerEntry& entry, std::string_view query);

struct Bm25Params {
  double k1 = 1.2;
  double b = 0.75;
  // Term-frequency weights per field: curated keywords and the question are how the public
  // phrases things, the answer is our wording, so they count more.
  int keyword_weight = 3;
  int question_weight = 2;
  int answer_weight = 1;
};

class AnswerLibrary {
 public:
  AnswerLibrary(AnswerStore* store, const Clock* clock, Bm25Params params = {});

  // Rebuilds the index from the store (at start-up).
  absl::Status Load();

  // Creates or edits an entry: each call is a new version, approved by `approver` (a press
  // officer), and audited. `expected_version` guards against overwriting a concurrent edit.
  absl::StatusOr<AnswerEntry> Put(const AnswerDraft& draft, const Actor& approver,
                                  std::optional<int> expected_version = std::nullopt);
  absl::StatusOr<AnswerEntry> Retire(const std::string& id, const Actor& actor,
                                     const std::string& reason);
  absl::StatusOr<AnswerEntry> Get(const std::string& id) const;

  // Best `limit` live entries for `query`, best first. Chinese is matched on character bigrams;
  // if no bigram matches, on single characters. Empty if nothing matches.
  std::vector<AnswerHit> Search(std::string_view query, size_t limit = 5) const;

  size_t size() const;

 private:
  struct Posting {
    uint32_t doc;
    uint32_t tf;
  };
  struct Doc {
    AnswerEntry entry;
    uint32_t length = 0;
    std::vector<uint32_t> terms;  // distinct term ids, to unindex on edit
    bool live = false;
  };

  void IndexLocked(const AnswerEntry& entry) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  void UnindexLocked(uint32_t doc) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  std::vector<AnswerHit> ScoreLocked(const std::vector<std::string>& tokens, size_t limit) const
      ABSL_SHARED_LOCKS_REQUIRED(mu_);

  AnswerStore* store_;
  const Clock* clock_;
  Bm25Params params_;

  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, uint32_t> term_ids_ ABSL_GUARDED_BY(mu_);
  std::vector<std::vector<Posting>> postings_ ABSL_GUARDED_BY(mu_);
  std::vector<Doc> docs_ ABSL_GUARDED_BY(mu_);
  std::unordered_map<std::string, uint32_t> doc_of_id_ ABSL_GUARDED_BY(mu_);
  uint64_t total_length_ ABSL_GUARDED_BY(mu_) = 0;
  uint32_t live_docs_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace cs::appeals
