#include "services/appeals/desk/answer_library.h"

#include <string>

#include "gtest/gtest.h"
#include "services/appeals/desk/text_tokens.h"

namespace cs::appeals {
namespace {

class AnswerLibraryTest : public ::testing::Test {
 protected:
  AnswerLibraryTest() : clock_(FromMillis(1'770'000'000'000)), lib_(&store_, &clock_) {
    Put("lost", "孩子走失了怎么办？", "请立即联系最近的工作人员或前往走失儿童中心（主入口广场）。",
        {"走失", "找孩子", "lost child"});
    Put("hours", "海洋公园几点开放？", "春节期间每日9:00至21:00开放。",
        {"开放时间", "opening hours"});
    Put("refund", "门票可以退吗？", "未使用的门票可在购票渠道申请退款。", {"退票", "refund"});
    Put("penguin", "企鹅馆在哪里？", "企鹅馆位于极地区，从主入口步行约10分钟。", {"企鹅馆"});
  }
  void Put(const std::string& id, const std::string& q, const std::string& a,
           std::vector<std::string> kw) {
    auto r = lib_.Put({id, q, a, std::move(kw)}, press_);
    ASSERT_TRUE(r.ok()) << r.status();
  }

  InMemoryAnswerStore store_;
  ManualClock clock_;
  AnswerLibrary lib_;
  Actor press_{"officer-li", Role::kPressOfficer};
};

TEST(TokenizeTest, BigramsUnigramsAndLowerCasedWords) {
  auto t = Tokenize("企鹅馆 Lost child!", TokenMode::kIndex);
  EXPECT_EQ(t, (std::vector<std::string>{"企鹅", "鹅馆", "lost", "child", "企", "鹅", "馆"}));
  EXPECT_EQ(Tokenize("企鹅馆", TokenMode::kQuery), (std::vector<std::string>{"企鹅", "鹅馆"}));
  EXPECT_EQ(Tokenize("馆", TokenMode::kQuery), (std::vector<std::string>{"馆"}));
  EXPECT_EQ(Tokenize("，。！", TokenMode::kIndex), std::vector<std::string>{});
}

TEST_F(AnswerLibraryTest, ChineseQueryFindsTheRightEntryFirst) {
  auto hits = lib_.Search("我的孩子在公园走失了");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, "lost");
  hits = lib_.Search("请问企鹅馆怎么走");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, "penguin");
  hits = lib_.Search("想退票");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, "refund");
}

TEST_F(AnswerLibraryTest, EnglishWordsAreCaseInsensitive) {
  auto hits = lib_.Search("What are the OPENING HOURS?");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, "hours");
}

TEST_F(AnswerLibraryTest, ScoresAreRankedAndLimited) {
  auto hits = lib_.Search("企鹅馆 走失 退票", 2);
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_GE(hits[0].score, hits[1].score);
  EXPECT_GT(hits[1].score, 0.0);
}

TEST_F(AnswerLibraryTest, UnigramFallbackWhenNoBigramMatches) {
  // "鹅企" shares no bigram with any entry but its characters occur in the penguin entry.
  auto hits = lib_.Search("鹅企");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, "penguin");
  EXPECT_TRUE(lib_.Search("xyzzy").empty());
}

TEST_F(AnswerLibraryTest, EditsCreateVersionsAuditedAndReindexed) {
  auto v2 =
      lib_.Put({"penguin", "企鹅馆在哪里？", "企鹅馆已迁至鲸鲨馆东侧。", {"企鹅馆", "鲸鲨馆"}},
               Actor{"officer-wang", Role::kPressOfficer}, 1);
  ASSERT_TRUE(v2.ok()) << v2.status();
  EXPECT_EQ(v2->version, 2);
  EXPECT_EQ(v2->approved_by, "officer-wang");
  auto hits = lib_.Search("鲸鲨馆东侧");
  ASSERT_FALSE(hits.empty());
  EXPECT_EQ(hits[0].id, "penguin");
  EXPECT_TRUE(lib_.Search("极地区").empty());  // the old text is no longer indexed
  auto history = store_.History("penguin");
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].answer, "企鹅馆位于极地区，从主入口步行约10分钟。");
  auto audit = store_.AuditLog("penguin");
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[1].action, "edit");
  EXPECT_EQ((*audit)[1].actor_id, "officer-wang");
  // A stale editor is refused.
  EXPECT_EQ(lib_.Put({"penguin", "q", "a", {}}, press_, 1).status().code(),
            absl::StatusCode::kAborted);
}

TEST_F(AnswerLibraryTest, RetiredEntriesAreNotFound) {
  ASSERT_TRUE(lib_.Retire("refund", press_, "policy changed").ok());
  for (const auto& h : lib_.Search("退票 refund")) EXPECT_NE(h.id, "refund");
  EXPECT_EQ(lib_.size(), 3u);
  EXPECT_TRUE(lib_.Get("refund")->retired);
}

TEST_F(AnswerLibraryTest, LoadRebuildsTheSameIndex) {
  AnswerLibrary reloaded(&store_, &clock_);
  ASSERT_TRUE(reloaded.Load().ok());
  auto a = lib_.Search("企鹅馆 走失");
  auto b = reloaded.Search("企鹅馆 走失");
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].id, b[i].id);
    EXPECT_DOUBLE_EQ(a[i].score, b[i].score);
  }
}

TEST_F(AnswerLibraryTest, OnlyPressOfficersApproveAndBadInputNamesField) {
  EXPECT_EQ(lib_.Put({"x", "q", "a", {}}, Actor{"d", Role::kDrafter}).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto r = lib_.Put({"x", "", "a", {}}, press_);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("answer.question"), std::string::npos);
  r = lib_.Put({"x", "q", "a", {""}}, press_);
  EXPECT_NE(r.status().message().find("answer.keywords[0]"), std::string::npos);
  EXPECT_EQ(lib_.Get("x").status().code(), absl::StatusCode::kNotFound);
}

TEST_F(AnswerLibraryTest, HugeOrOddQueriesDoNotCrash) {
  EXPECT_NO_FATAL_FAILURE(lib_.Search(std::string(100000, '\xff')));
  EXPECT_TRUE(lib_.Search("").empty());
  EXPECT_TRUE(lib_.Search("企鹅", 0).empty());
}

}  // namespace
}  // namespace cs::appeals
