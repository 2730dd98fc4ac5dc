#include "services/cases/core/case_store.h"

#include <gtest/gtest.h>

namespace cs::cases {
namespace {

TEST(CaseStore, CompareAndSetOnVersion) {
  InMemoryCaseStore store;
  Case c;
  c.id = "case-1";
  ASSERT_EQ(*store.Put(c, 0), 1);
  EXPECT_EQ(store.Put(c, 0).status().code(), absl::StatusCode::kAlreadyExists);
  auto a = *store.Get("case-1");
  auto b = *store.Get("case-1");
  a.state = CaseState::kMatchProposed;
  ASSERT_EQ(*store.Put(a, a.version), 2);
  b.state = CaseState::kCancelled;
  EXPECT_EQ(store.Put(b, b.version).status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(store.Get("case-1")->state, CaseState::kMatchProposed);
  EXPECT_EQ(store.Get("nope").status().code(), absl::StatusCode::kNotFound);
}

// Issue 18: a missing case was answered "case_id: <the id> not found", echoing whatever the
// client sent (CR/LF included) into the error a client and the logs see.
TEST(CaseStore, Issue18AMissingCaseIsNamedWithoutEchoingTheId) {
  InMemoryCaseStore store;
  const std::string hostile = "x\r\nlevel=error forged";
  EXPECT_EQ(store.Get(hostile).status().message(), "case_id: no such case");
  Case c;
  c.id = hostile;
  EXPECT_EQ(store.Put(c, 3).status().message(), "case_id: no such case");
  EXPECT_EQ(store.AppendAudit(hostile, {}).message(), "case_id: no such case");
}

TEST(CaseStore, AuditOnlyGrowsAcrossConcurrentAppendAndPut) {
  InMemoryCaseStore store;
  Case c;
  c.id = "case-1";
  c.audit.push_back({{}, "desk-01", Role::kDesk, "create", "", "OPEN", "", ""});
  ASSERT_TRUE(store.Put(c, 0).ok());
  Case read = *store.Get("case-1");
  // Meanwhile a desk read is logged...
  ASSERT_TRUE(store
                  .AppendAudit("case-1", {{{},
                                           "desk-02",
                                           Role::kDesk,
                                           "read_restricted",
                                           "",
                                           "",
                                           "restricted.guardian_phone",
                                           ""}})
                  .ok());
  // ...and the writer adds its own transition entry.
  read.audit.push_back({{}, "desk-01", Role::kDesk, "transition", "OPEN", "CANCELLED", "", ""});
  read.state = CaseState::kCancelled;
  ASSERT_TRUE(store.Put(read, read.version).ok());
  const Case now = *store.Get("case-1");
  ASSERT_EQ(now.audit.size(), 3u);
  EXPECT_EQ(now.audit[1].action, "read_restricted");
  EXPECT_EQ(now.audit[2].to_state, "CANCELLED");
  EXPECT_EQ(store.AppendAudit("nope", {}).code(), absl::StatusCode::kNotFound);
}

TEST(CaseStore, ListActive) {
  InMemoryCaseStore store;
  for (auto [id, st] : {std::pair{"a", CaseState::kOpen},
                        {"b", CaseState::kClosed},
                        {"c", CaseState::kMatchProposed}}) {
    Case c;
    c.id = id;
    c.state = st;
    ASSERT_TRUE(store.Put(c, 0).ok());
  }
  EXPECT_EQ(*store.ListActive(), (std::vector<std::string>{"a", "c"}));
}

}  // namespace
}  // namespace cs::cases
