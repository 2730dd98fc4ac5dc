// Benchmark for the appeal desk core (no network, no Redis: the in-memory stores).
//   1. answer-library search over N generated Chinese/English entries: p50/p99/max latency,
//      index build time, edit (re-index) cost, and how often the source entry ranks first;
//   2. workflow transition cost: create, submit, approve, queue to outbox, mark posted.
// Usage: appeals_desk_bench [entries=10000] [queries=10000] [appeals=5000]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/text/utf8.h"
#include "services/appeals/desk/answer_library.h"
#include "services/appeals/desk/appeal_workflow.h"

namespace {

using cs::appeals::Actor;
using cs::appeals::Role;
using Steady = std::chrono::steady_clock;

double Micros(Steady::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

struct Stats {
  double p50, p90, p99, max, mean;
};
Stats Summarise(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  double sum = 0;
  for (double x : v) sum += x;
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))]; };
  return {at(0.50), at(0.90), at(0.99), v.back(), sum / v.size()};
}
void Print(const char* what, const Stats& s) {
  std::printf("%-28s p50 %8.2f us  p90 %8.2f us  p99 %8.2f us  max %8.2f us  mean %8.2f us\n", what,
              s.p50, s.p90, s.p99, s.max, s.mean);
}

// Words of 2-3 CJK characters drawn from 2,500 common-block code points, used with a skewed
// (roughly Zipf-like) frequency so that some words are common and most are rare, as in real text.
class Corpus {
 public:
  explicit Corpus(uint32_t seed) : rng_(seed) {
    std::uniform_int_distribution<int> ch(0, 2499), len(2, 3);
    for (int i = 0; i < 4000; ++i) {
      std::string w;
      for (int k = len(rng_); k > 0; --k) cs::AppendUtf8(0x4E00 + ch(rng_), w);
      words_.push_back(w);
    }
    for (int i = 0; i < 300; ++i) ascii_.push_back("w" + std::to_string(i));
  }
  const std::string& Word() {
    std::uniform_real_distribution<double> u(0, 1);
    double x = u(rng_);
    return words_[static_cast<size_t>(x * x * x * words_.size())];
  }
  std::string Sentence(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      s += Word();
      if (i % 5 == 4) s += "，";
    }
    s += (rng_() % 4 == 0) ? " " + ascii_[rng_() % ascii_.size()] : "";
    return s + "。";
  }
  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937 rng_;
  std::vector<std::string> words_;
  std::vector<std::string> ascii_;
};

}  // namespace

int main(int argc, char** argv) {
  const int entries = argc > 1 ? std::atoi(argv[1]) : 10000;
  const int queries = argc > 2 ? std::atoi(argv[2]) : 10000;
  const int appeals = argc > 3 ? std::atoi(argv[3]) : 5000;
  if (entries <= 0 || queries <= 0 || appeals <= 0) {
    std::fprintf(stderr, "usage: appeals_desk_bench [entries] [queries] [appeals]\n");
    return 2;
  }
  cs::ManualClock clock(cs::FromMillis(1'770'000'000'000));
  const Actor press{"officer-li", Role::kPressOfficer};
  const Actor press2{"officer-wang", Role::kPressOfficer};
  const Actor drafter{"system:drafter", Role::kSystem};

  // ---- answer library ----
  Corpus corpus(42);
  std::vector<std::vector<std::string>> question_words(entries);
  std::vector<cs::appeals::AnswerDraft> drafts;
  drafts.reserve(entries);
  for (int i = 0; i < entries; ++i) {
    cs::appeals::AnswerDraft d;
    d.id = "ans-" + std::to_string(i);
    const int n = 6 + static_cast<int>(corpus.rng()() % 7);
    for (int k = 0; k < n; ++k) {
      question_words[i].push_back(corpus.Word());
      d.question += question_words[i].back();
    }
    d.question += "？";
    d.answer = corpus.Sentence(20 + static_cast<int>(corpus.rng()() % 21));
    d.keywords = {question_words[i][0], question_words[i][n / 2], question_words[i][n - 1]};
    drafts.push_back(std::move(d));
  }
  cs::appeals::InMemoryAnswerStore store;
  cs::appeals::AnswerLibrary library(&store, &clock);
  auto t0 = Steady::now();
  for (const auto& d : drafts) {
    if (!library.Put(d, press).ok()) return 1;
  }
  const double build_ms = Micros(Steady::now() - t0) / 1000;
  std::printf("answer library: %d entries indexed through Put (store + index) in %.1f ms\n",
              entries, build_ms);
  t0 = Steady::now();
  cs::appeals::AnswerLibrary reloaded(&store, &clock);
  if (!reloaded.Load().ok()) return 1;
  std::printf("answer library: Load() rebuild of the index in %.1f ms\n",
              Micros(Steady::now() - t0) / 1000);

  // Queries: half the words of a random entry's question, in shuffled order, plus a noise word.
  std::vector<double> lat;
  lat.reserve(queries);
  int top1 = 0, top5 = 0;
  size_t sink = 0;
  for (int q = 0; q < queries; ++q) {
    const int target = static_cast<int>(corpus.rng()() % entries);
    std::vector<std::string> words = question_words[target];
    std::shuffle(words.begin(), words.end(), corpus.rng());
    std::string query = "请问";
    for (size_t k = 0; k < (words.size() + 1) / 2; ++k) query += words[k] + " ";
    query += corpus.Word();
    auto start = Steady::now();
    auto hits = library.Search(query, 5);
    lat.push_back(Micros(Steady::now() - start));
    sink += hits.size();
    const std::string want = "ans-" + std::to_string(target);
    if (!hits.empty() && hits[0].id == want) ++top1;
    for (const auto& h : hits) top5 += h.id == want;
  }
  Print("search (top 5)", Summarise(lat));
  std::printf("search quality on generated queries: top-1 %.1f%%, top-5 %.1f%% (hits %zu)\n",
              100.0 * top1 / queries, 100.0 * top5 / queries, sink);

  std::vector<double> edit_lat;
  for (int i = 0; i < 1000; ++i) {
    auto d = drafts[corpus.rng()() % entries];
    d.answer = corpus.Sentence(25);
    auto start = Steady::now();
    if (!library.Put(d, press2).ok()) return 1;
    edit_lat.push_back(Micros(Steady::now() - start));
  }
  Print("edit (new version+reindex)", Summarise(edit_lat));

  // ---- workflow ----
  cs::appeals::InMemoryAppealStore appeal_store;
  cs::appeals::AppealWorkflow wf(&appeal_store, &clock);
  cs::appeals::OutboxPublisher outbox;
  cs::appeals::AppealTexts texts;
  texts.zh_hans = {
      "【寻找走失儿童家长】今日14时许，在海洋公园企鹅馆发现一名男孩，约4岁，身高约"
      "105厘米，上穿红色羽绒服，下穿蓝色牛仔裤，脚穿白色运动鞋。",
      std::string(600, 'x')};
  texts.zh_hant = {"【尋找走失兒童家長】", std::string(600, 'y')};
  texts.en = {"Looking for the parents of a boy found at the penguin pavilion",
              std::string(600, 'z')};
  std::vector<double> create, submit, approve, queue, posted, edit;
  for (int i = 0; i < appeals; ++i) {
    const std::string id = "appeal-" + std::to_string(i);
    auto s = Steady::now();
    if (!wf.CreateDraft({id,
                         "case-" + std::to_string(i),
                         cs::appeals::AppealKind::kFoundChild,
                         texts,
                         {{"photo-1"}},
                         {},
                         {}},
                        drafter)
             .ok()) {
      return 1;
    }
    create.push_back(Micros(Steady::now() - s));
    auto edited = texts;
    edited.zh_hans.headline += "（更新）";
    s = Steady::now();
    if (!wf.Edit(id, edited, press2).ok()) return 1;
    edit.push_back(Micros(Steady::now() - s));
    s = Steady::now();
    if (!wf.Submit(id, drafter).ok()) return 1;
    submit.push_back(Micros(Steady::now() - s));
    s = Steady::now();
    if (!wf.Approve(id, press).ok()) return 1;
    approve.push_back(Micros(Steady::now() - s));
    s = Steady::now();
    if (!wf.Publish(id, press, outbox).ok()) return 1;
    queue.push_back(Micros(Steady::now() - s));
    s = Steady::now();
    if (!wf.MarkPosted(id, press2, "https://weibo.com/1234567/Nx" + std::to_string(i)).ok()) {
      return 1;
    }
    posted.push_back(Micros(Steady::now() - s));
  }
  std::printf("workflow over %d appeals (3 languages, ~2 KB text each, in-memory store):\n",
              appeals);
  Print("  create (hash v1)", Summarise(create));
  Print("  edit (new version, hash)", Summarise(edit));
  Print("  submit", Summarise(submit));
  Print("  approve", Summarise(approve));
  Print("  publish -> outbox", Summarise(queue));
  Print("  mark posted", Summarise(posted));
  return 0;
}
