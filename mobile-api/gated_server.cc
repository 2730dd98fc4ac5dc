#include "mobile-api/gated_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "mobile-api/problem.h"

namespace cs::api {
namespace {

using Clock = std::chrono::steady_clock;

// What the gate peeks at: a header block larger than this goes to httplib as it is, which
// refuses lines over its own limit (8 KiB).
constexpr size_t kPeekBytes = 16 << 10;

// Runs each task on the calling thread: httplib's accept loop, whose only task per socket is
// the (non-blocking) registration at the gate.
class InlineQueue final : public httplib::TaskQueue {
 public:
  void enqueue(std::function<void()> fn) override { fn(); }
  void shutdown() override {}
};

int MillisUntil(Clock::time_point t) {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

void IpAndPort(const sockaddr_storage& addr, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (addr.ss_family == AF_INET) {
    const auto& a = reinterpret_cast<const sockaddr_in&>(addr);
    inet_ntop(AF_INET, &a.sin_addr, text, sizeof text);
    port = ntohs(a.sin_port);
  } else if (addr.ss_family == AF_INET6) {
    const auto& a = reinterpret_cast<const sockaddr_in6&>(addr);
    inet_ntop(AF_INET6, &a.sin6_addr, text, sizeof text);
    port = ntohs(a.sin6_port);
  }
  ip = text;
}

// The server's TLS context, or null when the certificate, key or client CA does not load.
SSL_CTX* NewServerContext(const TlsConfig& tls) {
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return nullptr;
  SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  // A write retried after WANT_WRITE may come from another copy of the same bytes.
  SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  bool ok = SSL_CTX_use_certificate_chain_file(ctx, tls.cert_file.c_str()) == 1 &&
            SSL_CTX_use_PrivateKey_file(ctx, tls.key_file.c_str(), SSL_FILETYPE_PEM) == 1 &&
            SSL_CTX_check_private_key(ctx) == 1;
  if (ok && !tls.client_ca_file.empty()) {
    ok = SSL_CTX_load_verify_locations(ctx, tls.client_ca_file.c_str(), nullptr) == 1;
    SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  }
  if (!ok) {
    SSL_CTX_free(ctx);
    return nullptr;
  }
  return ctx;
}

}  // namespace

// One client connection and the bytes read from it but not yet consumed (a pipelined request).
// Reads stop at the request deadline; each read and write also waits at most `io_timeout`.
// With `ssl` (owned) every byte goes through TLS on a non-blocking socket; the bytes the gate
// decrypted while it waited for the headers are the first the worker reads.
class GatedServer::Connection final : public httplib::Stream, public NonBlockingStream {
 public:
  Connection(int fd, std::chrono::milliseconds io_timeout, SSL* ssl = nullptr)
      : fd_(fd), io_timeout_(io_timeout), ssl_(ssl) {}
  ~Connection() override {
    if (ssl_ != nullptr) {
      // One close_notify attempt, without waiting; never after a fatal TLS error.
      if (!tls_failed_ && SSL_is_init_finished(ssl_)) SSL_shutdown(ssl_);
      SSL_free(ssl_);
    }
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
  }

  int fd() const override { return fd_; }
  bool tls() const { return ssl_ != nullptr; }

  // NonBlockingStream, after a hand-off (TLS sockets are non-blocking from the start).
  bool MakeNonBlocking() { return ::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) | O_NONBLOCK) == 0; }
  ssize_t WriteSome(const char* data, size_t size) override {
    if (ssl_ != nullptr) {
      const int n = SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (n > 0) return n;
      const int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_WANT_WRITE || error == SSL_ERROR_WANT_READ) return 0;
      tls_failed_ = true;
      return -1;
    }
    ssize_t n;
    do {
      n = ::send(fd_, data, size, MSG_NOSIGNAL | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n >= 0) return n;
    return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
  }
  bool DrainInput() override {
    char sink[4096];
    while (true) {
      if (ssl_ != nullptr) {
        const int n = SSL_read(ssl_, sink, sizeof sink);
        if (n > 0) continue;
        const int error = SSL_get_error(ssl_, n);
        if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return true;
        if (error != SSL_ERROR_ZERO_RETURN) tls_failed_ = true;
        return false;
      }
      const ssize_t n = ::recv(fd_, sink, sizeof sink, MSG_DONTWAIT);
      if (n > 0) continue;
      if (n < 0 && errno == EINTR) continue;
      return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }
  }
  size_t served = 0;
  void ArmDeadline(Clock::time_point deadline) { deadline_ = deadline; }
  bool HasBuffered() const {
    return pos_ < buffer_.size() || (ssl_ != nullptr && SSL_pending(ssl_) > 0);
  }

  enum class Pull { kMore, kFull, kClosed };
  // The gate's read of a TLS connection: handshakes and decrypts whatever has arrived, without
  // waiting, appending to the buffer until it holds `limit` bytes. kClosed: the peer has gone or
  // the handshake or a record failed.
  Pull PullTls(size_t limit) {
    if (pos_ > 0) {
      buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(pos_));
      pos_ = 0;
    }
    char chunk[4096];
    while (buffer_.size() < limit) {
      const int n = SSL_read(ssl_, chunk, static_cast<int>(sizeof chunk));
      if (n > 0) {
        buffer_.insert(buffer_.end(), chunk, chunk + n);
        continue;
      }
      const int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_WANT_READ || error == SSL_ERROR_WANT_WRITE) return Pull::kMore;
      if (error != SSL_ERROR_ZERO_RETURN) tls_failed_ = true;
      return Pull::kClosed;
    }
    return Pull::kFull;
  }
  std::string_view Buffered() const {
    return std::string_view(buffer_.data() + pos_, buffer_.size() - pos_);
  }

  // One attempt to send `bytes` without waiting (the gate's 408), in TLS when the connection is.
  void SendNow(std::string_view bytes) {
    if (ssl_ == nullptr) {
      (void)!::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    } else if (SSL_is_init_finished(ssl_)) {
      if (SSL_write(ssl_, bytes.data(), static_cast<int>(bytes.size())) <= 0) tls_failed_ = true;
    }
  }

  bool is_readable() const override { return HasBuffered() || Wait(POLLIN, ReadWaitMs()); }
  // Also false once the peer has closed its end (as httplib's own stream does): a server-sent
  // event stream notices a gone client at its next write instead of writing into the void.
  bool is_writable() const override {
    if (Wait(POLLIN, 0) && !HasBuffered()) {
      char byte;
      if (::recv(fd_, &byte, 1, MSG_PEEK | MSG_DONTWAIT) == 0) return false;
    }
    return Wait(POLLOUT, static_cast<int>(io_timeout_.count()));
  }

  ssize_t read(char* ptr, size_t size) override {
    if (ssl_ != nullptr && pos_ == buffer_.size()) return ReadTls(ptr, size);
    if (!HasBuffered()) {
      if (!Wait(POLLIN, ReadWaitMs())) return -1;
      buffer_.resize(4096);
      ssize_t n;
      do {
        n = ::recv(fd_, buffer_.data(), buffer_.size(), 0);
      } while (n < 0 && errno == EINTR);
      if (n <= 0) {
        buffer_.clear();
        pos_ = 0;
        return n;
      }
      buffer_.resize(static_cast<size_t>(n));
      pos_ = 0;
    }
    size_t n = std::min(size, buffer_.size() - pos_);
    std::memcpy(ptr, buffer_.data() + pos_, n);
    pos_ += n;
    return static_cast<ssize_t>(n);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    if (ssl_ != nullptr) return WriteTls(ptr, size);
    ssize_t n;
    do {
      n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      IpAndPort(addr, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
      IpAndPort(addr, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  // TLS on the non-blocking socket: wait for what OpenSSL asks for, within the same limits as a
  // plain read or write.
  ssize_t ReadTls(char* ptr, size_t size) {
    while (true) {
      const int n = SSL_read(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (n > 0) return n;
      const int error = SSL_get_error(ssl_, n);
      if (error == SSL_ERROR_ZERO_RETURN) return 0;
      const bool waited = error == SSL_ERROR_WANT_READ    ? Wait(POLLIN, ReadWaitMs())
                          : error == SSL_ERROR_WANT_WRITE ? Wait(POLLOUT, io_ms())
                                                          : (tls_failed_ = true, false);
      if (!waited) return -1;
    }
  }
  ssize_t WriteTls(const char* ptr, size_t size) {
    while (true) {
      const int n = SSL_write(ssl_, ptr, static_cast<int>(std::min<size_t>(size, 1 << 30)));
      if (n > 0) return n;
      const int error = SSL_get_error(ssl_, n);
      const bool waited = error == SSL_ERROR_WANT_WRITE  ? Wait(POLLOUT, io_ms())
                          : error == SSL_ERROR_WANT_READ ? Wait(POLLIN, io_ms())
                                                         : (tls_failed_ = true, false);
      if (!waited) return -1;
    }
  }
  int io_ms() const { return static_cast<int>(io_timeout_.count()); }
  int ReadWaitMs() const {
    return std::min(static_cast<int>(io_timeout_.count()), MillisUntil(deadline_));
  }
  bool Wait(short events, int timeout_ms) const {
    pollfd p{fd_, events, 0};
    int r;
    do {
      r = ::poll(&p, 1, timeout_ms);
    } while (r < 0 && errno == EINTR);
    return r > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }

  const int fd_;
  const std::chrono::milliseconds io_timeout_;
  SSL* const ssl_;
  bool tls_failed_ = false;  // a fatal TLS error: no close_notify may follow
  Clock::time_point deadline_ = Clock::time_point::max();
  std::vector<char> buffer_;
  size_t pos_ = 0;
};

GatedServer::GatedServer(Limits limits, const TlsConfig& tls)
    : limits_(limits), tls_wanted_(tls.enabled()) {
  if (tls_wanted_) tls_ = NewServerContext(tls);
  new_task_queue = [] { return new InlineQueue; };
  epoll_fd_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_fd_;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev);
  workers_ = std::make_unique<httplib::ThreadPool>(static_cast<size_t>(limits_.workers));
  gate_ = std::thread([this] { GateLoop(); });
}

GatedServer::~GatedServer() {
  Shutdown();
  ::close(epoll_fd_);
  ::close(wake_fd_);
  SSL_CTX_free(tls_);  // after every connection (and its SSL) is gone
}

bool GatedServer::is_valid() const { return !tls_wanted_ || tls_ != nullptr; }

void GatedServer::Shutdown() {
  if (shutting_down_.exchange(true)) return;
  uint64_t one = 1;
  (void)!::write(wake_fd_, &one, sizeof one);
  if (gate_.joinable()) gate_.join();
  {
    std::lock_guard<std::mutex> lock(mu_);
    waiting_.clear();  // closes them
  }
  workers_->shutdown();
}

size_t GatedServer::waiting() {
  std::lock_guard<std::mutex> lock(mu_);
  return waiting_.size();
}

bool GatedServer::process_and_close_socket(socket_t sock) {
  SSL* ssl = nullptr;
  if (tls_wanted_) {
    ssl = tls_ != nullptr ? SSL_new(tls_) : nullptr;
    // Non-blocking from the start: the gate handshakes without waiting, and the workers' TLS
    // reads and writes wait in poll(2) with their deadlines.
    if (ssl == nullptr || ::fcntl(sock, F_SETFL, ::fcntl(sock, F_GETFL) | O_NONBLOCK) != 0 ||
        SSL_set_fd(ssl, sock) != 1) {
      SSL_free(ssl);
      ::close(sock);
      return true;
    }
    SSL_set_accept_state(ssl);
  }
  Admit(std::make_unique<Connection>(sock, limits_.request_timeout, ssl));
  return true;
}

void GatedServer::Admit(std::unique_ptr<Connection> conn) {
  if (shutting_down_) return;  // closes it
  const int fd = conn->fd();
  {
    std::lock_guard<std::mutex> lock(mu_);
    // A new connection gets the header deadline at once (its first byte is due now); a
    // kept-alive one may idle first.
    const bool kept_alive = conn->served > 0;
    Waiting w;
    w.deadline = Clock::now() + (kept_alive ? limits_.idle_timeout : limits_.header_timeout);
    w.idle = kept_alive;
    w.conn = std::move(conn);
    waiting_[fd] = std::move(w);
  }
  // Edge-triggered: the gate only peeks, so level-triggered readiness would never clear. A
  // socket that already holds bytes reports them once when added.
  epoll_event ev{};
  ev.events = EPOLLIN | EPOLLRDHUP | EPOLLET;
  ev.data.fd = fd;
  ::epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev);
}

void GatedServer::GateLoop() {
  std::vector<epoll_event> events(256);
  auto next_sweep = Clock::now();
  while (!shutting_down_) {
    int n = ::epoll_wait(epoll_fd_, events.data(), static_cast<int>(events.size()), 100);
    for (int i = 0; i < n; ++i) {
      if (events[i].data.fd == wake_fd_) return;
      Inspect(events[i].data.fd);
    }
    if (Clock::now() >= next_sweep) {
      ExpireWaiting();
      next_sweep = Clock::now() + std::chrono::milliseconds(100);
    }
  }
}

void GatedServer::Inspect(int fd) {
  static thread_local std::vector<char> peek(kPeekBytes);
  ssize_t n = 0;
  if (!tls_wanted_) {
    do {
      n = ::recv(fd, peek.data(), peek.size(), MSG_PEEK | MSG_DONTWAIT);
    } while (n < 0 && errno == EINTR);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  }
  std::unique_ptr<Connection> ready;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = waiting_.find(fd);
    if (it == waiting_.end()) return;
    Waiting& w = it->second;
    bool closed = n <= 0;
    std::string_view seen(peek.data(), closed ? 0 : static_cast<size_t>(n));
    if (tls_wanted_) {
      // Encrypted: the gate cannot peek, so it decrypts into the connection's own buffer.
      const auto pulled = w.conn->PullTls(kPeekBytes);
      closed = pulled == Connection::Pull::kClosed;
      seen = w.conn->Buffered();
      if (!closed && seen.empty()) return;  // handshake under way, or a bare TLS record
    }
    const bool complete = seen.find("\r\n\r\n") != std::string_view::npos ||
                          seen.find("\n\n") != std::string_view::npos || seen.size() >= kPeekBytes;
    if (!closed && !complete) {
      w.bytes_seen = true;
      if (w.idle) {  // a kept-alive connection starts its next request
        w.idle = false;
        w.deadline = Clock::now() + limits_.header_timeout;
      }
      return;
    }
    ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, fd, nullptr);
    if (!closed) ready = std::move(w.conn);
    waiting_.erase(it);  // a closed peer's connection is closed here
  }
  if (!ready) return;  // the peer closed: its connection was closed above
  auto* raw = ready.release();
  workers_->enqueue([this, raw] { Serve(std::unique_ptr<Connection>(raw)); });
}

void GatedServer::ExpireWaiting() {
  std::vector<std::unique_ptr<Connection>> expired;
  std::vector<bool> mid_request;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const auto now = Clock::now();
    for (auto it = waiting_.begin(); it != waiting_.end();) {
      if (it->second.deadline > now) {
        ++it;
        continue;
      }
      ::epoll_ctl(epoll_fd_, EPOLL_CTL_DEL, it->first, nullptr);
      mid_request.push_back(it->second.bytes_seen);
      expired.push_back(std::move(it->second.conn));
      it = waiting_.erase(it);
    }
  }
  // A client that began a request and did not finish its headers in time hears why; an idle
  // kept-alive connection is simply closed, as HTTP allows.
  for (size_t i = 0; i < expired.size(); ++i) {
    if (!mid_request[i]) continue;
    const std::string body = MakeProblem(408, "the request headers did not arrive within " +
                                                  std::to_string(limits_.header_timeout.count()) +
                                                  " ms (api.header_timeout_ms)")
                                 .Json();
    const std::string answer =
        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
        "Content-Type: application/problem+json\r\nContent-Length: " +
        std::to_string(body.size()) + "\r\n\r\n" + body;
    expired[i]->SendNow(answer);
  }
}

namespace {
// Set while a worker runs process_request: where a handler's hand-off request lands.
thread_local GatedServer::Taker* t_taker = nullptr;
}  // namespace

bool GatedServer::OnWorker() { return t_taker != nullptr; }

bool GatedServer::HandOffAfterHeaders(Taker take) {
  if (t_taker == nullptr) return false;
  *t_taker = std::move(take);
  return true;
}

void GatedServer::Serve(std::unique_ptr<Connection> conn) {
  // One request per turn on a worker; pipelined requests already read stay on it.
  while (true) {
    Taker taker;
    conn->ArmDeadline(Clock::now() + limits_.request_timeout);
    ++conn->served;
    const bool last = conn->served >= limits_.requests_per_connection || shutting_down_ ||
                      svr_sock_ == INVALID_SOCKET;
    bool connection_closed = false;
    t_taker = &taker;
    const bool ok = process_request(*conn, last, connection_closed, nullptr);
    t_taker = nullptr;
    if (taker) {
      // An event stream: its body is written elsewhere, without this thread.
      conn->ArmDeadline(Clock::time_point::max());
      (void)conn->MakeNonBlocking();  // fcntl on an open socket does not fail
      taker(std::move(conn));
      return;
    }
    if (!ok || connection_closed || last) return;  // closes it
    if (!conn->HasBuffered()) break;
  }
  conn->ArmDeadline(Clock::time_point::max());
  Admit(std::move(conn));
}

}  // namespace cs::api
