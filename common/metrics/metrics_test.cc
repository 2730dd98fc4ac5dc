#include "common/metrics/metrics.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include "common/grpc/health_probe.h"
#include "common/grpc/server_runner.h"
#include "common/metrics/grpc_metrics.h"
#include "common/metrics/metrics_server.h"

namespace cs {
namespace {

TEST(RequestMetricsTest, CountsByRouteAndStatusWithCumulativeBuckets) {
  RequestMetrics m("cs_http");
  m.Observe("GET /v1/occupancy", "200", 0.0007);
  m.Observe("GET /v1/occupancy", "200", 0.2);
  m.Observe("GET /v1/occupancy", "503", 7.0);
  std::string text = m.Render();
  EXPECT_NE(text.find("cs_http_requests_total{route=\"GET /v1/occupancy\",status=\"200\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("status=\"503\"} 1\n"), std::string::npos);
  // 0.0007 is in le=0.001 and every bucket above it; 0.2 from le=0.25; 7.0 only in +Inf.
  EXPECT_NE(text.find("le=\"0.0005\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"0.001\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"0.25\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"5\"} 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("le=\"+Inf\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("_count{route=\"GET /v1/occupancy\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE cs_http_request_duration_seconds histogram"), std::string::npos);
}

TEST(RequestMetricsTest, GaugesAndEscaping) {
  RequestMetrics m("x");
  m.AddGauge("x_sse_clients", "Open streams", 1);
  m.AddGauge("x_sse_clients", "Open streams", 1);
  m.AddGauge("x_sse_clients", "Open streams", -1);
  m.Observe("a\"b\\c\n", "OK", 0.01);
  std::string text = m.Render();
  EXPECT_NE(text.find("# TYPE x_sse_clients gauge\nx_sse_clients 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("route=\"a\\\"b\\\\c\\n\""), std::string::npos) << text;
}

// A real gRPC server built by GrpcServerRunner (which puts the metrics interceptor on) reports its
// calls, and the metrics server serves them over HTTP.
TEST(GrpcMetricsTest, InterceptorCountsCallsOfAnyServerAndServesThem) {
  RequestMetrics metrics("cs_grpc");
  InstallGrpcMetrics(&metrics);
  ServerConfig config;
  config.listen = "127.0.0.1:0";
  GrpcServerRunner runner(config);
  ASSERT_TRUE(runner.Start().ok());
  runner.SetServing(true);
  auto serving = CheckServing("127.0.0.1:" + std::to_string(runner.port()), "",
                              std::chrono::milliseconds(2000));
  ASSERT_TRUE(serving.ok()) << serving.status();
  MetricsServer server(metrics);
  ASSERT_TRUE(server.Start("127.0.0.1:0").ok());
  httplib::Client client("127.0.0.1", server.port());
  auto res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("cs_grpc_requests_total{route=\"/grpc.health.v1.Health/Check\","
                           "status=\"OK\"} 1"),
            std::string::npos)
      << res->body;
  server.Stop();
  runner.Shutdown();
}

}  // namespace
}  // namespace cs
