// The whole system behind mobile-api, for its multi-process tests: a private Redis, then
// crowd-service, appeal-service, case-service and mobile-api as child processes on free ports,
// each from its shipped config (config/services/*.yaml) with only the venue path, ports, web
// root and login rate limits changed. Users and their demo passwords ("<user>-demo") are the
// shipped ones.
//
// Thread-safety: not thread-safe; owned by one test.
#pragma once

#include <httplib.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_replace.h"
#include "common/testing/child_process.h"
#include "common/testing/redis_server.h"

namespace cs::testing {

class ApiStack {
 public:
  int sse_streams_per_user = 4;  // the shipped value; set before Start to hold more streams

  absl::Status Start() {
    if (auto s = redis_.Start(); !s.ok()) return s;
    const std::string venue = "venue_file: " + SourcePath("config/venues/ocean.yaml");
    const std::string venue_line = "venue_file: ../venues/ocean.yaml";
    // crowd-service with fast alert timings, and its metrics endpoint on.
    std::ofstream(redis_.dir() + "/crowd.yaml")
        << "service: crowd\nserver:\n  listen: 127.0.0.1:0\n  metrics_listen: 127.0.0.1:0\n"
        << "redis:\n  port: " << redis_.port() << "\n"
        << venue << "\ncrowd:\n  alerts: {persist_s: 1, cooldown_s: 5, escalate_after_s: 60}\n";
    auto crowd = Launch(crowd_, "crowd-service", redis_.dir() + "/crowd.yaml", "crowd");
    if (!crowd.ok()) return crowd.status();
    crowd_port_ = *crowd;
    auto metrics = crowd_.WaitForLine("METRICS ", std::chrono::seconds(5));
    if (!metrics.ok()) return metrics.status();
    crowd_metrics_port_ = std::atoi(metrics->c_str());

    // appeal-service asks case-service (tips, and the match check before a missing-child appeal
    // is approved), so case-service's port is chosen before appeal-service starts.
    const int cases_port = RedisServer::PickFreePort();
    auto appeals = Launch(
        appeals_, "appeal-service",
        // The golden answers must not depend on the hour: a desk that never closes (no
        // out-of-hours reply); life-safety pages go to this stack's crowd-service.
        Rewrite("config/services/appeals.yaml", "appeals.yaml",
                {{venue_line, venue},
                 {"cases: 127.0.0.1:50052", "cases: " + Addr(cases_port)},
                 {"desk_hours: {open: \"08:00\", close: \"22:00\"}",
                  "desk_hours: {open: \"00:00\", close: \"24:00\"}"},
                 {"crowd: 127.0.0.1:50051", "crowd: " + Addr(crowd_port_)}}),
        "appeals");
    if (!appeals.ok()) return appeals.status();
    appeals_port_ = *appeals;
    auto cases = Launch(cases_, "case-service",
                        Rewrite("config/services/cases.yaml", "cases.yaml",
                                {{venue_line, venue},
                                 {"appeals: 127.0.0.1:50053", "appeals: " + Addr(appeals_port_)}}),
                        "cases", Addr(cases_port));
    if (!cases.ok()) return cases.status();
    cases_port_ = *cases;
    auto api = Launch(api_, "mobile-api",
                      Rewrite("config/services/api.yaml", "api.yaml",
                              {{venue_line, venue},
                               {"crowd: 127.0.0.1:50051", "crowd: " + Addr(crowd_port_)},
                               {"cases: 127.0.0.1:50052", "cases: " + Addr(cases_port_)},
                               {"appeals: 127.0.0.1:50053", "appeals: " + Addr(appeals_port_)},
                               {"web_root: ../../web/dist", "web_root: " + redis_.dir() + "/web"},
                               {"login_per_minute_per_ip: 10", "login_per_minute_per_ip: 1000"},
                               {"login_per_minute_per_user: 5", "login_per_minute_per_user: 100"},
                               {"sse_keepalive_s: 15", "sse_keepalive_s: 1"},
                               {"sse_streams_per_user: 4",
                                "sse_streams_per_user: " + std::to_string(sse_streams_per_user)}}),
                      "api");
    if (!api.ok()) return api.status();
    api_port_ = *api;
    return absl::OkStatus();
  }

  int api_port() const { return api_port_; }
  int crowd_port() const { return crowd_port_; }
  int crowd_metrics_port() const { return crowd_metrics_port_; }
  const std::string& dir() const { return redis_.dir(); }
  RedisServer& redis() { return redis_; }
  ChildProcess& api_process() { return api_; }

  std::unique_ptr<httplib::Client> Client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", api_port_);
    c->set_read_timeout(10, 0);
    return c;
  }

  // A bearer token for a shipped demo user.
  std::string Login(const std::string& user) const {
    auto res = Client()->Post("/v1/auth/login",
                              "{\"username\":\"" + user + "\",\"password\":\"" + user + "-demo\"}",
                              "application/json");
    if (!res || res->status != 200) return "";
    auto at = res->body.find("\"token\":\"");
    return res->body.substr(at + 9, 64);
  }

 private:
  static std::string Addr(int port) { return "127.0.0.1:" + std::to_string(port); }

  std::string Rewrite(const std::string& source, const std::string& name,
                      const std::vector<std::pair<std::string, std::string>>& replace) {
    std::ifstream in(SourcePath(source));
    std::stringstream text;
    text << in.rdbuf();
    std::string yaml = text.str();
    for (const auto& [from, to] : replace) {
      auto pos = yaml.find(from);
      if (pos != std::string::npos) yaml.replace(pos, from.size(), to);
    }
    std::string path = redis_.dir() + "/" + name;
    std::ofstream(path) << yaml;
    return path;
  }

  absl::StatusOr<int> Launch(ChildProcess& p, const std::string& binary, const std::string& config,
                             const std::string& log, const std::string& listen = "127.0.0.1:0") {
    auto s = p.Start({BinaryPath(binary), "--config", config, "--listen", listen,
                      "--redis-port", std::to_string(redis_.port()), "--redis-wait", "5"},
                     redis_.dir() + "/" + log + ".log");
    if (!s.ok()) return s;
    return p.WaitForListening(std::chrono::seconds(20));
  }

  RedisServer redis_;
  ChildProcess crowd_, appeals_, cases_, api_;
  int crowd_port_ = 0, crowd_metrics_port_ = 0, appeals_port_ = 0, cases_port_ = 0, api_port_ = 0;
};

}  // namespace cs::testing
