// A call to any gRPC method by its path, with an empty request and no stub: for tests that walk
// every method of a service (identity: each must refuse an unsigned caller) or reach the health
// service without its generated code.
//
// Example:
//   grpc::Status s = testing::CallWithEmptyRequest(channel, "/grpc.health.v1.Health/Check", false);
//
// Thread-safety: free function; each call uses its own context and completion queue.
#pragma once

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

namespace cs::testing {

// `streaming`: the method streams in either direction (one empty message is written, then
// writes are closed); a streamed reply that arrives anyway makes *got_message true.
inline grpc::Status CallWithEmptyRequest(const std::shared_ptr<grpc::Channel>& channel,
                                         const std::string& path, bool streaming,
                                         bool* got_message = nullptr) {
  grpc::GenericStub generic(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::Slice empty(std::string(""));
  grpc::ByteBuffer request(&empty, 1), response;
  grpc::Status status;
  if (streaming) {
    grpc::CompletionQueue cq;
    auto call = generic.PrepareCall(&ctx, path, &cq);
    void* tag;
    bool ok;
    call->StartCall(reinterpret_cast<void*>(1));
    cq.Next(&tag, &ok);
    call->Write(request, reinterpret_cast<void*>(2));
    cq.Next(&tag, &ok);
    call->WritesDone(reinterpret_cast<void*>(3));
    cq.Next(&tag, &ok);
    call->Read(&response, reinterpret_cast<void*>(4));
    cq.Next(&tag, &ok);
    if (got_message != nullptr) *got_message = ok;
    call->Finish(&status, reinterpret_cast<void*>(5));
    cq.Next(&tag, &ok);
    cq.Shutdown();
    while (cq.Next(&tag, &ok)) {
    }
    return status;
  }
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  generic.UnaryCall(&ctx, path, grpc::StubOptions(), &request, &response, [&](grpc::Status s) {
    std::lock_guard<std::mutex> lock(mu);
    status = s;
    done = true;
    cv.notify_all();
  });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return done; });
  if (got_message != nullptr) *got_message = status.ok();
  return status;
}

}  // namespace cs::testing
