// Per-method request counts and latencies for every gRPC server of the process, collected by a
// server interceptor that GrpcServerRunner puts on every server it builds (beside the identity
// interceptor: gRPC keeps one list of interceptor creators per builder, so they are set in one
// place). Every server started after InstallGrpcMetrics() reports to `metrics`.
//
// Thread-safety: call InstallGrpcMetrics once, before any server starts; the interceptors run on
// gRPC's threads and only touch the thread-safe RequestMetrics.
#pragma once

#include <grpcpp/support/server_interceptor.h>

#include <memory>

#include "common/metrics/metrics.h"

namespace cs {

// `metrics` must outlive every server started afterwards. A second call changes the target.
void InstallGrpcMetrics(RequestMetrics* metrics);

// The interceptor factory for a ServerBuilder; counts nothing until InstallGrpcMetrics.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeGrpcMetricsInterceptorFactory();

}  // namespace cs
