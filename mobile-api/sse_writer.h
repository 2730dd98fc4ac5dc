// Writes every open server-sent event stream of a gateway from one epoll thread, so that an open
// stream costs a socket and a small queue, not a thread (issue 16: 2,000 streams per replica).
//
// A stream arrives after its response headers (chunked transfer coding) with the check of its
// caller's token. Events are posted from any thread (the hub's feeds, sse_hub.h) and queued per
// stream, each as one HTTP chunk; the loop writes them without blocking, asks epoll for
// writability only while a socket is full, and
//   - writes a keep-alive comment after `keepalive` without output (proxies close idle streams);
//   - closes a stream whose client has gone (hang-up, reset, or end of its input);
//   - drops a slow client whose queue would exceed `max_queued_bytes`: its memory is bounded, and
//     a browser's EventSource reconnects with Last-Event-ID and resumes from there;
//   - asks each stream's `authorized` every `auth_every` on a checker thread of its own (the
//     check may call Redis, which must not stall the loop); once it says no, the queued events
//     are discarded (they were for a caller who no longer is one), the stream's
//     `unauthorized_event` is written and the body ends.
// `on_close` runs exactly once per stream, on the loop thread (or in Shutdown), with no lock
// held, whatever ended it.
//
// Thread-safety: every public method may be called from any thread; Shutdown() is idempotent and
// also runs in the destructor.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <thread>

#include "mobile-api/nonblocking_stream.h"

namespace cs::api {

class SseWriter {
 public:
  struct Options {
    std::chrono::milliseconds keepalive{15000};
    size_t max_queued_bytes = 256 << 10;
    std::chrono::milliseconds auth_every{250};
  };
  struct Counters {
    uint64_t opened = 0;
    uint64_t gone = 0;          // the client closed or the connection failed
    uint64_t slow_dropped = 0;  // its queue overflowed
    uint64_t unauthorized = 0;  // ended with the 401 event
    uint64_t ended = 0;         // ended by End() (the watch behind it ended)
  };

  explicit SseWriter(Options options);
  ~SseWriter();
  SseWriter(const SseWriter&) = delete;
  SseWriter& operator=(const SseWriter&) = delete;

  // Takes the stream; returns its id (never 0). After Shutdown the stream is closed at once
  // (on_close runs) and 0 is returned.
  uint64_t Add(std::unique_ptr<NonBlockingStream> conn, std::function<bool()> authorized,
               std::string unauthorized_event, std::function<void()> on_close);
  // Queues one formatted event (sse.h) on the stream; ignored once it has closed or is ending.
  void Post(uint64_t id, std::string_view event);
  // Queues a last event and the end of the body; the stream closes once they are written.
  void End(uint64_t id, std::string_view last_event);
  // Closes every stream (on_close runs for each) and joins the threads.
  void Shutdown();

  size_t streams();
  Counters counters();

 private:
  struct Stream {
    std::unique_ptr<NonBlockingStream> conn;
    std::shared_ptr<std::function<bool()>> authorized;
    std::string unauthorized_event;
    std::function<void()> on_close;
    std::deque<std::string> out;  // chunks; the front one may be partly written
    size_t front_written = 0;
    size_t queued = 0;            // bytes in `out`
    bool ending = false;          // the last chunk is queued: close once written
    bool watching_out = false;    // EPOLLOUT registered
    std::chrono::steady_clock::time_point last_output;
  };
  enum class Why { kGone, kSlow, kDone };

  void Loop();
  void CheckLoop();
  void Wake();
  // With mu_ held: queue bytes; false (and the stream closed) when it would exceed the bound.
  bool QueueLocked(uint64_t id, Stream& s, std::string chunk);
  void EndLocked(uint64_t id, Stream& s, std::string_view last_event, bool discard_queued);
  // With mu_ held: writes what the socket takes; closes the stream when done or failed.
  void FlushLocked(uint64_t id, Stream& s);
  void CloseLocked(uint64_t id, Why why);
  void RunClosed();

  const Options options_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  std::atomic<bool> wake_pending_{false};
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::map<uint64_t, Stream> streams_;          // GUARDED_BY(mu_)
  std::set<uint64_t> dirty_;                    // GUARDED_BY(mu_): queued since the last flush
  std::vector<std::function<void()>> closed_;   // GUARDED_BY(mu_): on_close to run, unlocked
  uint64_t next_id_ = 1;                        // GUARDED_BY(mu_)
  Counters counters_;                           // GUARDED_BY(mu_)
  std::mutex check_mu_;
  std::condition_variable check_cv_;
  std::thread loop_;
  std::thread checker_;
};

}  // namespace cs::api
