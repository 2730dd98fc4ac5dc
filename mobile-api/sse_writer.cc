#include "mobile-api/sse_writer.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <vector>

#include "mobile-api/sse.h"

namespace cs::api {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint64_t kWakeId = 0;  // stream ids start at 1
// How often the loop looks for streams owed a keep-alive: well under any keep-alive interval.
constexpr auto kTick = std::chrono::milliseconds(100);

void Watch(int epoll_fd, int op, int fd, uint64_t id, bool want_out) {
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | (want_out ? EPOLLOUT : 0u);
  ev.data.u64 = id;
  ::epoll_ctl(epoll_fd, op, fd, &ev);
}

}  // namespace

SseWriter::SseWriter(Options options) : options_(options) {
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  Watch(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, kWakeId, false);
  loop_ = std::thread([this] { Loop(); });
  checker_ = std::thread([this] { CheckLoop(); });
}

SseWriter::~SseWriter() {
  Shutdown();
  ::close(epoll_fd_);
  ::close(wake_fd_);
}

uint64_t SseWriter::Add(std::unique_ptr<NonBlockingStream> conn, std::function<bool()> authorized,
                        std::string unauthorized_event, std::function<void()> on_close) {
  std::unique_lock<std::mutex> lock(mu_);
  if (stopping_) {
    lock.unlock();
    conn.reset();
    on_close();
    return 0;
  }
  const uint64_t id = next_id_++;
  Stream& s = streams_[id];
  s.conn = std::move(conn);
  s.authorized = std::make_shared<std::function<bool()>>(std::move(authorized));
  s.unauthorized_event = std::move(unauthorized_event);
  s.on_close = std::move(on_close);
  s.last_output = Clock::now();
  ++counters_.opened;
  Watch(epoll_fd_, EPOLL_CTL_ADD, s.conn->fd(), id, false);
  return id;
}

void SseWriter::Post(uint64_t id, std::string_view event) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = streams_.find(id);
    if (it == streams_.end() || it->second.ending) return;
    QueueLocked(id, it->second, SseChunk(event));
  }
  Wake();
}

void SseWriter::End(uint64_t id, std::string_view last_event) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = streams_.find(id);
    if (it == streams_.end() || it->second.ending) return;
    ++counters_.ended;
    EndLocked(id, it->second, last_event, false);
  }
  Wake();
}

void SseWriter::Shutdown() {
  if (stopping_.exchange(true)) return;
  Wake();
  check_cv_.notify_all();
  if (loop_.joinable()) loop_.join();
  if (checker_.joinable()) checker_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, s] : streams_) closed_.push_back(std::move(s.on_close));
    streams_.clear();  // closes every connection
    dirty_.clear();
  }
  RunClosed();
}

size_t SseWriter::streams() {
  std::lock_guard<std::mutex> lock(mu_);
  return streams_.size();
}

SseWriter::Counters SseWriter::counters() {
  std::lock_guard<std::mutex> lock(mu_);
  return counters_;
}

void SseWriter::Wake() {
  if (wake_pending_.exchange(true)) return;
  uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
}

bool SseWriter::QueueLocked(uint64_t id, Stream& s, std::string chunk) {
  if (s.queued + chunk.size() > options_.max_queued_bytes) {
    CloseLocked(id, Why::kSlow);
    return false;
  }
  s.queued += chunk.size();
  s.out.push_back(std::move(chunk));
  dirty_.insert(id);
  return true;
}

void SseWriter::EndLocked(uint64_t id, Stream& s, std::string_view last_event,
                          bool discard_queued) {
  if (discard_queued) {
    // A chunk already partly on the wire must be finished, or the framing breaks.
    const size_t keep = s.front_written > 0 ? 1 : 0;
    while (s.out.size() > keep) {
      s.queued -= s.out.back().size();
      s.out.pop_back();
    }
  }
  if (QueueLocked(id, s, SseChunk(last_event) + std::string(kSseLastChunk))) s.ending = true;
}

void SseWriter::FlushLocked(uint64_t id, Stream& s) {
  while (!s.out.empty()) {
    const std::string& chunk = s.out.front();
    const ssize_t n =
        s.conn->WriteSome(chunk.data() + s.front_written, chunk.size() - s.front_written);
    if (n < 0) return CloseLocked(id, Why::kGone);
    if (n == 0) {
      if (!s.watching_out) Watch(epoll_fd_, EPOLL_CTL_MOD, s.conn->fd(), id, true);
      s.watching_out = true;
      return;
    }
    s.last_output = Clock::now();
    s.front_written += static_cast<size_t>(n);
    if (s.front_written == chunk.size()) {
      s.queued -= chunk.size();
      s.out.pop_front();
      s.front_written = 0;
    }
  }
  if (s.watching_out) Watch(epoll_fd_, EPOLL_CTL_MOD, s.conn->fd(), id, false);
  s.watching_out = false;
  if (s.ending) CloseLocked(id, Why::kDone);
}

void SseWriter::CloseLocked(uint64_t id, Why why) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  if (why == Why::kGone) ++counters_.gone;
  if (why == Why::kSlow) ++counters_.slow_dropped;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->second.conn->fd(), nullptr);
  closed_.push_back(std::move(it->second.on_close));
  streams_.erase(it);  // closes the connection
  dirty_.erase(id);
}

void SseWriter::RunClosed() {
  std::vector<std::function<void()>> closed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closed.swap(closed_);
  }
  for (auto& f : closed) {
    if (f) f();
  }
}

void SseWriter::Loop() {
  std::vector<epoll_event> events(512);
  auto next_tick = Clock::now() + kTick;
  while (!stopping_) {
    const int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()),
                               static_cast<int>(kTick.count()));
    {
      std::lock_guard<std::mutex> lock(mu_);
      for (int i = 0; i < n; ++i) {
        const uint64_t id = events[i].data.u64;
        if (id == kWakeId) {
          uint64_t count;
          (void)!::read(wake_fd_, &count, sizeof count);
          wake_pending_ = false;
          continue;
        }
        auto it = streams_.find(id);
        if (it == streams_.end()) continue;
        const uint32_t what = events[i].events;
        if ((what & (EPOLLHUP | EPOLLERR)) != 0 ||
            ((what & (EPOLLIN | EPOLLRDHUP)) != 0 && !it->second.conn->DrainInput())) {
          CloseLocked(id, Why::kGone);
          continue;
        }
        // Writable, or TLS input that a blocked write was waiting for.
        if (!it->second.out.empty()) dirty_.insert(id);
      }
      const auto now = Clock::now();
      if (now >= next_tick) {
        next_tick = now + kTick;
        std::vector<uint64_t> idle;
        for (auto& [id, s] : streams_) {
          if (s.out.empty() && !s.ending && now - s.last_output >= options_.keepalive) {
            idle.push_back(id);
          }
        }
        for (uint64_t id : idle) {  // apart: queueing may close (erase) a stream
          Stream& s = streams_.at(id);
          s.last_output = now;
          QueueLocked(id, s, SseChunk(SseComment("keep-alive")));
        }
      }
      std::set<uint64_t> dirty;
      dirty.swap(dirty_);
      for (uint64_t id : dirty) {
        auto it = streams_.find(id);
        if (it != streams_.end()) FlushLocked(id, it->second);
      }
    }
    RunClosed();
  }
}

void SseWriter::CheckLoop() {
  while (!stopping_) {
    {
      std::unique_lock<std::mutex> lock(check_mu_);
      check_cv_.wait_for(lock, options_.auth_every, [this] { return stopping_.load(); });
    }
    if (stopping_) return;
    std::vector<std::pair<uint64_t, std::shared_ptr<std::function<bool()>>>> checks;
    {
      std::lock_guard<std::mutex> lock(mu_);
      checks.reserve(streams_.size());
      for (const auto& [id, s] : streams_) {
        if (!s.ending) checks.emplace_back(id, s.authorized);
      }
    }
    bool any = false;
    for (const auto& [id, authorized] : checks) {
      if ((*authorized)()) continue;
      std::lock_guard<std::mutex> lock(mu_);
      auto it = streams_.find(id);
      if (it == streams_.end() || it->second.ending) continue;
      ++counters_.unauthorized;
      EndLocked(id, it->second, it->second.unauthorized_event, true);
      any = true;
    }
    if (any) Wake();
  }
}

}  // namespace cs::api
