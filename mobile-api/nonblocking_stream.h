// A client connection that an event loop writes without a thread of its own: a server-sent event
// stream taken off the HTTP workers once its response headers are out (GatedServer hands it
// over; SseWriter writes it). The socket is non-blocking; TLS connections keep their session.
//
// Thread-safety: one thread at a time (the writer's loop).
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace cs::api {

class NonBlockingStream {
 public:
  virtual ~NonBlockingStream() = default;  // closes the connection

  virtual int fd() const = 0;
  // Writes part of `data` without waiting: the bytes written (> 0); 0 when the socket cannot take
  // more now (wait for EPOLLOUT and retry with the same bytes, as TLS requires); -1 once the
  // connection has failed.
  virtual ssize_t WriteSome(const char* data, size_t size) = 0;
  // Reads and discards whatever the client sent (an event stream expects nothing); false once the
  // client has closed its end or the connection failed.
  virtual bool DrainInput() = 0;
};

}  // namespace cs::api
