#include "common/metrics/metrics.h"

#include <fmt/format.h>

namespace cs {

std::string EscapeLabel(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

void RequestMetrics::Observe(const std::string& route, const std::string& status, double seconds) {
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  ++h.count;
  h.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.counts[i];
      break;
    }
  }
}

void RequestMetrics::SetGauge(const std::string& name, const std::string& help, double value) {
  std::lock_guard<std::mutex> lock(mu_);
  gauges_[name] = Gauge{help, value};
}

void RequestMetrics::AddGauge(const std::string& name, const std::string& help, double delta) {
  std::lock_guard<std::mutex> lock(mu_);
  Gauge& g = gauges_[name];
  g.help = help;
  g.value += delta;
}

std::string RequestMetrics::Render() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::string out;
  out += fmt::format(
      "# HELP {0}_requests_total Requests served, by route and status.\n"
      "# TYPE {0}_requests_total counter\n",
      prefix_);
  for (const auto& [key, n] : requests_) {
    out += fmt::format("{}_requests_total{{route=\"{}\",status=\"{}\"}} {}\n", prefix_,
                       EscapeLabel(key.first), EscapeLabel(key.second), n);
  }
  out += fmt::format(
      "# HELP {0}_request_duration_seconds Request latency, by route.\n"
      "# TYPE {0}_request_duration_seconds histogram\n",
      prefix_);
  for (const auto& [route, h] : latency_) {
    std::string label = EscapeLabel(route);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.counts[i];
      out += fmt::format("{}_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         prefix_, label, kBuckets[i], cumulative);
    }
    out += fmt::format("{}_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       prefix_, label, h.count);
    out +=
        fmt::format("{}_request_duration_seconds_sum{{route=\"{}\"}} {}\n", prefix_, label, h.sum);
    out += fmt::format("{}_request_duration_seconds_count{{route=\"{}\"}} {}\n", prefix_, label,
                       h.count);
  }
  for (const auto& [name, g] : gauges_) {
    out += fmt::format("# HELP {0} {1}\n# TYPE {0} gauge\n{0} {2}\n", name, g.help, g.value);
  }
  return out;
}

}  // namespace cs
