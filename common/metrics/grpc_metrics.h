// Per-method request counts and latencies for every gRPC server of the process, collected by a
// server interceptor. GrpcServerRunner builds its own ServerBuilder, so the interceptor is
// attached through a ServerBuilderPlugin registered once, process-wide: every server built
// after InstallGrpcMetrics() reports to `metrics`.
//
// Thread-safety: call InstallGrpcMetrics once, before any server starts; the interceptors run on
// gRPC's threads and only touch the thread-safe RequestMetrics.
#pragma once

#include "common/metrics/metrics.h"

namespace cs {

// `metrics` must outlive every server started afterwards. A second call changes the target.
void InstallGrpcMetrics(RequestMetrics* metrics);

}  // namespace cs
