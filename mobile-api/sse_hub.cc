#include "mobile-api/sse_hub.h"

#include <algorithm>

namespace cs::api {

SseHub::~SseHub() {
  std::vector<std::shared_ptr<Feed>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    all = live_;
    all.insert(all.end(), retired_.begin(), retired_.end());
  }
  for (auto& f : all) f->watch->Cancel();
  for (auto& f : all) {
    if (f->thread.joinable()) f->thread.join();
  }
}

uint64_t SseHub::Subscribe(const FeedKey& key, std::shared_ptr<FeedSubscriber> subscriber,
                           std::unique_ptr<FeedWatch> watch) {
  std::vector<std::shared_ptr<Feed>> finished;
  uint64_t id = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    finished = FinishedLocked();
    if (stopping_) return 0;
    std::shared_ptr<Feed>& slot = open_[key];
    if (slot == nullptr || !slot->joinable || slot->ended) {
      auto feed = std::make_shared<Feed>();
      feed->key = key;
      feed->watch = std::move(watch);
      live_.push_back(feed);
      slot = feed;
      feed->thread = std::thread([this, feed] { Run(feed); });
    }
    id = next_id_++;
    slot->subscribers[id] = std::move(subscriber);
    by_subscription_[id] = slot;
  }
  for (auto& f : finished) f->thread.join();
  return id;
}

void SseHub::Unsubscribe(uint64_t id) {
  std::shared_ptr<Feed> cancel;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = by_subscription_.find(id);
    if (it == by_subscription_.end()) return;
    std::shared_ptr<Feed> feed = it->second;
    by_subscription_.erase(it);
    feed->subscribers.erase(id);
    if (feed->subscribers.empty() && !feed->ended) {
      // Nobody listens: stop polling the service. The thread is joined later, off this path
      // (the writer's loop calls here).
      feed->ended = true;
      RetireLocked(feed);
      cancel = feed;
    }
  }
  if (cancel) cancel->watch->Cancel();
}

size_t SseHub::feeds() {
  std::lock_guard<std::mutex> lock(mu_);
  return live_.size();
}

size_t SseHub::subscribers() {
  std::lock_guard<std::mutex> lock(mu_);
  return by_subscription_.size();
}

void SseHub::RetireLocked(const std::shared_ptr<Feed>& feed) {
  auto open = open_.find(feed->key);
  if (open != open_.end() && open->second == feed) open_.erase(open);
  if (feed->retired) return;
  feed->retired = true;
  live_.erase(std::remove(live_.begin(), live_.end(), feed), live_.end());
  retired_.push_back(feed);
}

std::vector<std::shared_ptr<SseHub::Feed>> SseHub::FinishedLocked() {
  std::vector<std::shared_ptr<Feed>> done;
  for (auto it = retired_.begin(); it != retired_.end();) {
    if ((*it)->finished) {
      done.push_back(std::move(*it));
      it = retired_.erase(it);
    } else {
      ++it;
    }
  }
  return done;
}

void SseHub::Run(const std::shared_ptr<Feed>& feed) {
  feed->watch->Start();
  std::string event;
  std::vector<std::shared_ptr<FeedSubscriber>> to;
  while (feed->watch->Next(&event)) {
    to.clear();
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (feed->ended) break;
      if (!feed->key.after.empty() && feed->joinable) {
        // A resumed feed is past its cursor now: a newcomer with that cursor needs its own.
        feed->joinable = false;
        auto open = open_.find(feed->key);
        if (open != open_.end() && open->second == feed) open_.erase(open);
      }
      for (const auto& [id, s] : feed->subscribers) to.push_back(s);
    }
    for (const auto& s : to) s->Deliver(event);
  }
  to.clear();
  bool tell = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!feed->ended) {
      feed->ended = true;
      tell = !stopping_;
      for (auto& [id, s] : feed->subscribers) {
        to.push_back(std::move(s));
        by_subscription_.erase(id);
      }
      feed->subscribers.clear();
      RetireLocked(feed);
    }
  }
  if (tell) {
    const std::string last = feed->watch->LastEvent();
    for (const auto& s : to) s->End(last);
  }
  feed->finished = true;
}

}  // namespace cs::api
