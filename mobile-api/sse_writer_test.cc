// SseWriter over socket pairs: events framed as chunks, keep-alives, a gone client, a slow client
// dropped at its queue bound, a stream ended with the 401 event once its check fails.
#include "mobile-api/sse_writer.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <thread>

#include "mobile-api/sse.h"

namespace cs::api {
namespace {

using namespace std::chrono_literals;

// The writer's end of a socket pair, as GatedServer's connection behaves for plain HTTP.
class PairStream final : public NonBlockingStream {
 public:
  explicit PairStream(int fd) : fd_(fd) { ::fcntl(fd_, F_SETFL, O_NONBLOCK); }
  ~PairStream() override { ::close(fd_); }
  int fd() const override { return fd_; }
  ssize_t WriteSome(const char* data, size_t size) override {
    ssize_t n = ::send(fd_, data, size, MSG_NOSIGNAL);
    if (n >= 0) return n;
    return errno == EAGAIN ? 0 : -1;
  }
  bool DrainInput() override {
    char b[256];
    while (true) {
      ssize_t n = ::recv(fd_, b, sizeof b, 0);
      if (n > 0) continue;
      return n < 0 && errno == EAGAIN;
    }
  }

 private:
  const int fd_;
};

struct Pair {
  int client = -1;
  std::unique_ptr<NonBlockingStream> server;
  Pair() {
    int fds[2];
    EXPECT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    client = fds[0];
    server = std::make_unique<PairStream>(fds[1]);
  }
  ~Pair() {
    if (client >= 0) ::close(client);
  }
  // Reads until `want` is in the text, EOF, or the timeout; returns all read.
  std::string ReadUntil(const std::string& want, std::chrono::milliseconds timeout,
                        bool* eof = nullptr) {
    std::string got;
    auto end = std::chrono::steady_clock::now() + timeout;
    while (got.find(want) == std::string::npos && std::chrono::steady_clock::now() < end) {
      pollfd p{client, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      char b[4096];
      ssize_t n = ::recv(client, b, sizeof b, 0);
      if (n <= 0) {
        if (eof) *eof = true;
        break;
      }
      got.append(b, static_cast<size_t>(n));
    }
    return got;
  }
};

bool WaitFor(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto end = std::chrono::steady_clock::now() + timeout;
  while (!done() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(10ms);
  return done();
}

SseWriter::Options Fast() {
  SseWriter::Options o;
  o.keepalive = 200ms;
  o.auth_every = 50ms;
  o.max_queued_bytes = 16 << 10;
  return o;
}

TEST(SseWriter, WritesEachEventAsOneChunkThenKeepAlives) {
  SseWriter writer(Fast());
  Pair pair;
  const uint64_t id = writer.Add(std::move(pair.server), [] { return true; }, "x", [] {});
  ASSERT_NE(id, 0u);
  const std::string event = SseEvent("7-0", "alert", "{\"a\":1}");
  writer.Post(id, event);
  std::string got = pair.ReadUntil(event, 2s);
  EXPECT_EQ(got, SseChunk(event));
  got = pair.ReadUntil("keep-alive", 2s);
  EXPECT_EQ(got, SseChunk(SseComment("keep-alive")));
  EXPECT_EQ(writer.streams(), 1u);
}

TEST(SseWriter, GoneClientIsClosedAndReported) {
  SseWriter writer(Fast());
  Pair pair;
  std::atomic<int> closed{0};
  writer.Add(std::move(pair.server), [] { return true; }, "x", [&] { ++closed; });
  ::close(pair.client);
  pair.client = -1;
  EXPECT_TRUE(WaitFor([&] { return closed == 1; }, 2s));
  EXPECT_EQ(writer.streams(), 0u);
  EXPECT_EQ(writer.counters().gone, 1u);
}

TEST(SseWriter, SlowClientIsDroppedAtItsQueueBound) {
  SseWriter writer(Fast());
  Pair pair;
  int small = 4096;
  ::setsockopt(pair.client, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  std::atomic<int> closed{0};
  Pair fast;
  const uint64_t slow_id = writer.Add(std::move(pair.server), [] { return true; }, "x", [&] {
    ++closed;
  });
  const uint64_t fast_id = writer.Add(std::move(fast.server), [] { return true; }, "x", [] {});
  const std::string event = SseEvent("1-0", "alert", std::string(1000, 'a'));
  // The slow client never reads: kernel buffers fill, then its 16 KiB queue.
  for (int i = 0; i < 2000 && closed == 0; ++i) {
    writer.Post(slow_id, event);
    if (i % 100 == 0) std::this_thread::sleep_for(5ms);  // let the loop fill the socket
  }
  EXPECT_TRUE(WaitFor([&] { return closed == 1; }, 2s)) << "the slow client was kept";
  EXPECT_EQ(writer.counters().slow_dropped, 1u);
  // The other stream is untouched.
  writer.Post(fast_id, SseEvent("2-0", "alert", "{}"));
  EXPECT_NE(fast.ReadUntil("2-0", 2s).find("2-0"), std::string::npos);
  EXPECT_EQ(writer.streams(), 1u);
}

TEST(SseWriter, FailedCheckEndsTheStreamWithItsEventAndDropsTheQueue) {
  SseWriter writer(Fast());
  Pair pair;
  std::atomic<bool> valid{true};
  std::atomic<int> closed{0};
  const std::string denied = SseEvent("", "error", "{\"status\":401}");
  const uint64_t id =
      writer.Add(std::move(pair.server), [&] { return valid.load(); }, denied, [&] { ++closed; });
  writer.Post(id, SseEvent("1-0", "alert", "{}"));
  EXPECT_NE(pair.ReadUntil("1-0", 2s).find("1-0"), std::string::npos);
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(closed, 0) << "the stream is open while its check passes";
  valid = false;
  bool eof = false;
  std::string got = pair.ReadUntil("never", 3s, &eof);
  EXPECT_TRUE(eof);
  EXPECT_EQ(got, SseChunk(denied) + std::string(kSseLastChunk));
  EXPECT_TRUE(WaitFor([&] { return closed == 1; }, 1s));
  EXPECT_EQ(writer.counters().unauthorized, 1u);
  writer.Post(id, SseEvent("2-0", "alert", "{}"));  // after the end: ignored, no crash
}

TEST(SseWriter, EndWritesTheLastEventThenCloses) {
  SseWriter writer(Fast());
  Pair pair;
  std::atomic<int> closed{0};
  const uint64_t id = writer.Add(std::move(pair.server), [] { return true; }, "x", [&] {
    ++closed;
  });
  writer.Post(id, "a");
  writer.End(id, "b");
  bool eof = false;
  std::string got = pair.ReadUntil("never", 2s, &eof);
  EXPECT_TRUE(eof);
  EXPECT_EQ(got, SseChunk("a") + SseChunk("b") + std::string(kSseLastChunk));
  EXPECT_TRUE(WaitFor([&] { return closed == 1; }, 1s));
}

TEST(SseWriter, ShutdownClosesEveryStreamAndRefusesNewOnes) {
  auto writer = std::make_unique<SseWriter>(Fast());
  std::atomic<int> closed{0};
  Pair a, b, c;
  writer->Add(std::move(a.server), [] { return true; }, "x", [&] { ++closed; });
  writer->Add(std::move(b.server), [] { return true; }, "x", [&] { ++closed; });
  writer->Shutdown();
  EXPECT_EQ(closed, 2);
  EXPECT_EQ(writer->Add(std::move(c.server), [] { return true; }, "x", [&] { ++closed; }), 0u);
  EXPECT_EQ(closed, 3);
}

}  // namespace
}  // namespace cs::api
