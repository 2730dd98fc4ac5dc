// SseHub with scripted watches: one watch per filter fanned out to its subscribers, other
// filters kept apart, the watch cancelled when its last subscriber leaves, a watch's end told
// to every subscriber, resumed feeds shared only before their first event.
#include "mobile-api/sse_hub.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

namespace cs::api {
namespace {

using namespace std::chrono_literals;

// A watch whose events the test pushes; it records that it started and was cancelled.
class ScriptedWatch final : public FeedWatch {
 public:
  struct Script {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<std::string> events;
    bool finished = false;
    std::atomic<bool> started{false};
    std::atomic<bool> cancelled{false};
    void Push(std::string e) {
      {
        std::lock_guard<std::mutex> lock(mu);
        events.push_back(std::move(e));
      }
      cv.notify_all();
    }
    void Finish() {
      {
        std::lock_guard<std::mutex> lock(mu);
        finished = true;
      }
      cv.notify_all();
    }
  };
  explicit ScriptedWatch(std::shared_ptr<Script> s) : s_(std::move(s)) {}
  void Start() override { s_->started = true; }
  bool Next(std::string* event) override {
    std::unique_lock<std::mutex> lock(s_->mu);
    s_->cv.wait(lock, [&] { return !s_->events.empty() || s_->finished || s_->cancelled; });
    if (s_->events.empty()) return false;
    *event = s_->events.front();
    s_->events.pop_front();
    return true;
  }
  std::string LastEvent() override { return s_->cancelled ? "cancelled" : "finished"; }
  void Cancel() override {
    {
      std::lock_guard<std::mutex> lock(s_->mu);
      s_->cancelled = true;
    }
    s_->cv.notify_all();
  }

 private:
  std::shared_ptr<Script> s_;
};

class Recorder final : public FeedSubscriber {
 public:
  void Deliver(const std::string& e) override {
    std::lock_guard<std::mutex> lock(mu_);
    got_.push_back(e);
  }
  void End(const std::string& last) override {
    std::lock_guard<std::mutex> lock(mu_);
    got_.push_back("END " + last);
  }
  std::vector<std::string> Wait(size_t n) {
    auto end = std::chrono::steady_clock::now() + 2s;
    while (std::chrono::steady_clock::now() < end) {
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (got_.size() >= n) return got_;
      }
      std::this_thread::sleep_for(5ms);
    }
    std::lock_guard<std::mutex> lock(mu_);
    return got_;
  }

 private:
  std::mutex mu_;
  std::vector<std::string> got_;
};

using Strings = std::vector<std::string>;

TEST(SseHub, OneWatchPerFilterFansOutAndFiltersStayApart) {
  SseHub hub;
  auto penguin = std::make_shared<ScriptedWatch::Script>();
  auto unused = std::make_shared<ScriptedWatch::Script>();
  auto whale = std::make_shared<ScriptedWatch::Script>();
  auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>(),
       c = std::make_shared<Recorder>();
  hub.Subscribe({"alerts", "penguin,", ""}, a, std::make_unique<ScriptedWatch>(penguin));
  hub.Subscribe({"alerts", "penguin,", ""}, b, std::make_unique<ScriptedWatch>(unused));
  hub.Subscribe({"alerts", "whaleshark,", ""}, c, std::make_unique<ScriptedWatch>(whale));
  EXPECT_EQ(hub.feeds(), 2u);
  EXPECT_EQ(hub.subscribers(), 3u);
  penguin->Push("p1");
  whale->Push("w1");
  penguin->Push("p2");
  EXPECT_EQ(a->Wait(2), (Strings{"p1", "p2"}));
  EXPECT_EQ(b->Wait(2), (Strings{"p1", "p2"}));
  EXPECT_EQ(c->Wait(1), (Strings{"w1"}));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(c->Wait(1), (Strings{"w1"})) << "a penguin event reached the whale shark feed";
  EXPECT_FALSE(unused->started) << "a second watch was opened for the same filter";
}

TEST(SseHub, LastSubscriberLeavingCancelsTheWatch) {
  SseHub hub;
  auto script = std::make_shared<ScriptedWatch::Script>();
  auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>();
  const uint64_t ia = hub.Subscribe({"cases", "PATROL|penguin,", ""}, a,
                                    std::make_unique<ScriptedWatch>(script));
  const uint64_t ib = hub.Subscribe({"cases", "PATROL|penguin,", ""}, b,
                                    std::make_unique<ScriptedWatch>(script));
  hub.Unsubscribe(ia);
  script->Push("e1");
  EXPECT_EQ(b->Wait(1), (Strings{"e1"}));
  EXPECT_FALSE(script->cancelled);
  EXPECT_EQ(a->Wait(0), Strings{}) << "an unsubscribed stream still received";
  hub.Unsubscribe(ib);
  EXPECT_TRUE(script->cancelled);
  EXPECT_EQ(hub.feeds(), 0u);
  hub.Unsubscribe(ib);  // twice: ignored
}

TEST(SseHub, WatchEndReachesEverySubscriberAndTheNextStartsAfresh) {
  SseHub hub;
  auto first = std::make_shared<ScriptedWatch::Script>();
  auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>();
  hub.Subscribe({"alerts", "", ""}, a, std::make_unique<ScriptedWatch>(first));
  hub.Subscribe({"alerts", "", ""}, b, std::make_unique<ScriptedWatch>(first));
  first->Push("x");
  first->Finish();
  EXPECT_EQ(a->Wait(2), (Strings{"x", "END finished"}));
  EXPECT_EQ(b->Wait(2), (Strings{"x", "END finished"}));
  auto second = std::make_shared<ScriptedWatch::Script>();
  auto c = std::make_shared<Recorder>();
  hub.Subscribe({"alerts", "", ""}, c, std::make_unique<ScriptedWatch>(second));
  second->Push("y");
  EXPECT_EQ(c->Wait(1), (Strings{"y"}));
  EXPECT_TRUE(second->started);
  EXPECT_EQ(hub.subscribers(), 1u);
}

TEST(SseHub, ResumedFeedIsSharedOnlyBeforeItsFirstEvent) {
  SseHub hub;
  auto one = std::make_shared<ScriptedWatch::Script>();
  auto two = std::make_shared<ScriptedWatch::Script>();
  auto a = std::make_shared<Recorder>(), b = std::make_shared<Recorder>(),
       late = std::make_shared<Recorder>();
  const FeedKey key{"alerts", "penguin,", "5-0"};
  hub.Subscribe(key, a, std::make_unique<ScriptedWatch>(one));
  hub.Subscribe(key, b, std::make_unique<ScriptedWatch>(two));
  EXPECT_FALSE(two->started);
  one->Push("6-0");
  EXPECT_EQ(b->Wait(1), (Strings{"6-0"}));
  // Past its cursor the feed would lose 6-0 for a newcomer from 5-0: it gets a watch of its own.
  hub.Subscribe(key, late, std::make_unique<ScriptedWatch>(two));
  two->Push("6-0");
  EXPECT_EQ(late->Wait(1), (Strings{"6-0"}));
  EXPECT_EQ(hub.feeds(), 2u);
}

}  // namespace
}  // namespace cs::api
