// A small Prometheus registry for request metrics: a counter of requests by route (or gRPC
// method) and status, a latency histogram by route, and named gauges. Rendered in the
// Prometheus text exposition format (version 0.0.4).
//
// Example:
//   RequestMetrics m("cs_http");
//   m.Observe("GET /v1/occupancy", "200", 0.0012);
//   m.SetGauge("cs_http_sse_clients", "Open server-sent event streams", 3);
//   std::string text = m.Render();
//
// Thread-safety: safe to use from many threads.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace cs {

class RequestMetrics {
 public:
  // `prefix` names the families: <prefix>_requests_total, <prefix>_request_duration_seconds.
  explicit RequestMetrics(std::string prefix) : prefix_(std::move(prefix)) {}

  void Observe(const std::string& route, const std::string& status, double seconds);
  void SetGauge(const std::string& name, const std::string& help, double value);
  void AddGauge(const std::string& name, const std::string& help, double delta);

  std::string Render() const;

  // Upper bounds of the latency buckets, seconds (+Inf is implicit).
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> counts{};  // per bucket, not cumulative
    uint64_t count = 0;
    double sum = 0;
  };
  struct Gauge {
    std::string help;
    double value = 0;
  };

  const std::string prefix_;
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, uint64_t> requests_;  // GUARDED_BY(mu_)
  std::map<std::string, Histogram> latency_;                          // GUARDED_BY(mu_)
  std::map<std::string, Gauge> gauges_;                               // GUARDED_BY(mu_)
};

// A label value escaped for the text format (backslash, quote, newline).
std::string EscapeLabel(const std::string& value);

}  // namespace cs
