// One upstream watch per feed, fanned out to every event stream that wants the same events
// (issue 16). Before, each open stream pulled its own gRPC watch on a thread of its own, so
// 2,000 patrol phones meant 2,000 watches polling the services and 2,000 threads here.
//
// A feed is named by a FeedKey: the stream kind, the filter that decides which events a caller
// may see (for case events the caller's role and zones, for alerts the zones: every subscriber
// of a feed would have been sent exactly the same events by its own watch), and the cursor it
// starts after. Live streams (no cursor) share one feed per filter. A stream resuming from a
// Last-Event-ID shares a feed only with streams resuming from the same cursor, and only until
// that feed has passed its first event (a later joiner would miss what came before it): after a
// gateway restart every phone of a shift resumes from the same last event and they share.
//
// Each feed reads its watch on one thread and hands each event, formatted, to every subscriber;
// when the watch ends (the service went away, or refused) every subscriber gets the feed's last
// event (the problem) and the feed closes, so the next stream starts a new watch. When the last
// subscriber leaves the watch is cancelled.
//
// Thread-safety: every method may be called from any thread. Subscribers are called on a feed's
// thread with no lock of the hub held; they must not block for long (SseWriter only queues).
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

namespace cs::api {

struct FeedKey {
  std::string kind;    // "alerts", "cases"
  std::string filter;  // role and zones, as the kind defines them
  std::string after;   // resume cursor; "" for live
  bool operator<(const FeedKey& o) const {
    return std::tie(kind, filter, after) < std::tie(o.kind, o.filter, o.after);
  }
};

// One upstream watch. Created on the subscribing thread; Start and Next run on the feed's
// thread; Cancel may come from any thread at any time, even before Start.
class FeedWatch {
 public:
  virtual ~FeedWatch() = default;
  virtual void Start() = 0;
  // Blocks for the next event the feed's callers may see, formatted (sse.h); false at the end.
  virtual bool Next(std::string* event) = 0;
  // After Next returned false: the event that tells the callers why (a problem).
  virtual std::string LastEvent() = 0;
  virtual void Cancel() = 0;
};

class FeedSubscriber {
 public:
  virtual ~FeedSubscriber() = default;
  virtual void Deliver(const std::string& event) = 0;
  // The feed ended; no further calls follow.
  virtual void End(const std::string& last_event) = 0;
};

class SseHub {
 public:
  SseHub() = default;
  ~SseHub();  // cancels every watch and joins the feeds' threads
  SseHub(const SseHub&) = delete;
  SseHub& operator=(const SseHub&) = delete;

  // Joins the feed of `key`, starting it with `watch` (used only when a new feed is needed).
  // Returns the subscription's id for Unsubscribe.
  uint64_t Subscribe(const FeedKey& key, std::shared_ptr<FeedSubscriber> subscriber,
                     std::unique_ptr<FeedWatch> watch);
  // No delivery starts after this returns (one under way may finish); unknown ids are ignored.
  void Unsubscribe(uint64_t id);

  size_t feeds();  // open watches
  size_t subscribers();

 private:
  struct Feed {
    FeedKey key;
    std::unique_ptr<FeedWatch> watch;
    std::map<uint64_t, std::shared_ptr<FeedSubscriber>> subscribers;  // GUARDED_BY(hub mu_)
    bool joinable = true;  // GUARDED_BY(hub mu_): new subscribers may still join
    bool ended = false;    // GUARDED_BY(hub mu_): no subscriber is served any more
    bool retired = false;  // GUARDED_BY(hub mu_): in retired_
    std::atomic<bool> finished{false};  // the thread has returned
    std::thread thread;
  };

  void Run(const std::shared_ptr<Feed>& feed);
  // With mu_ held: moves the feed out of the open and running sets for its thread to be joined.
  void RetireLocked(const std::shared_ptr<Feed>& feed);
  // With mu_ held: takes the retired feeds whose thread has returned, to join unlocked.
  std::vector<std::shared_ptr<Feed>> FinishedLocked();

  std::mutex mu_;
  std::map<FeedKey, std::shared_ptr<Feed>> open_;           // GUARDED_BY(mu_): joinable feeds
  std::map<uint64_t, std::shared_ptr<Feed>> by_subscription_;  // GUARDED_BY(mu_)
  std::vector<std::shared_ptr<Feed>> live_;                 // GUARDED_BY(mu_): every running feed
  std::vector<std::shared_ptr<Feed>> retired_;              // GUARDED_BY(mu_): thread to join
  uint64_t next_id_ = 1;                                    // GUARDED_BY(mu_)
  bool stopping_ = false;                                   // GUARDED_BY(mu_)
};

}  // namespace cs::api
