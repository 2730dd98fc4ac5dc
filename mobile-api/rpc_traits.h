// The request and response types of a generated gRPC stub method, from its pointer type, so
// that one generic handler can serve every "JSON body → unary RPC → JSON answer" route.
//
// Thread-safety: types only.
#pragma once

#include <grpcpp/grpcpp.h>

namespace cs::api {

template <typename T>
struct RpcTraits;

template <typename Stub, typename Req, typename Resp>
struct RpcTraits<grpc::Status (Stub::*)(grpc::ClientContext*, const Req&, Resp*)> {
  using Request = Req;
  using Response = Resp;
};

}  // namespace cs::api
