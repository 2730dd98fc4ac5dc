#include "common/grpc/client_channel.h"

#include <cstring>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/support/channel_arguments.h>


#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/grpc/identity_interceptors.h"
#include "common/upstream_target.h"

namespace cs {
namespace {

using google::protobuf::MethodOptions;

// gRPC's JSON duration: seconds with a fractional part and an "s".
std::string Duration(std::chrono::milliseconds d) {
  return absl::StrFormat("%d.%03ds", d.count() / 1000, d.count() % 1000);
}

}  // namespace

absl::StatusOr<std::vector<std::string>> IdempotentMethods(const std::string& service) {
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
  if (descriptor == nullptr) return absl::NotFoundError("services: unknown gRPC service");
  std::vector<std::string> out;
  for (int i = 0; i < descriptor->method_count(); ++i) {
    const auto* m = descriptor->method(i);
    // A stream may have delivered messages before it fails: replaying it is the caller's call
    // (resume from a cursor), not the channel's.
    if (m->client_streaming() || m->server_streaming()) continue;
    if (m->options().idempotency_level() == MethodOptions::IDEMPOTENCY_UNKNOWN) continue;
    out.push_back(absl::StrCat(service, "/", m->name()));
  }
  return out;
}

absl::StatusOr<std::string> ClientServiceConfigJson(const std::vector<std::string>& services,
                                                    const RetryPolicy& retry) {
  // gRPC caps attempts at 5 and needs at least 2 for a policy to mean anything.
  if (retry.max_attempts < 2 || retry.max_attempts > 5) {
    return absl::InvalidArgumentError("retry.max_attempts: must be between 2 and 5");
  }
  if (retry.initial_backoff.count() <= 0 || retry.max_backoff < retry.initial_backoff ||
      retry.backoff_multiplier <= 0) {
    return absl::InvalidArgumentError("retry: backoffs must be positive, max >= initial");
  }
  std::vector<std::string> names;
  for (const auto& service : services) {
    auto methods = IdempotentMethods(service);
    if (!methods.ok()) return methods.status();
    for (const auto& full : *methods) {
      size_t slash = full.find('/');
      names.push_back(absl::StrFormat(R"({"service":"%s","method":"%s"})", full.substr(0, slash),
                                      full.substr(slash + 1)));
    }
  }
  std::string json = R"({"loadBalancingConfig":[{"round_robin":{}}])";
  if (!names.empty()) {
    absl::StrAppend(
        &json, R"(,"methodConfig":[{"name":[)", absl::StrJoin(names, ","), "],",
        absl::StrFormat(
            R"("retryPolicy":{"maxAttempts":%d,"initialBackoff":"%s","maxBackoff":"%s",)"
            R"("backoffMultiplier":%g,"retryableStatusCodes":["UNAVAILABLE"]}}])",
            retry.max_attempts, Duration(retry.initial_backoff), Duration(retry.max_backoff),
            retry.backoff_multiplier),
        // When most calls fail (every backend down), retries stop until successes refill the
        // bucket, so a dead service is not hit with max_attempts times its load.
        R"(,"retryThrottling":{"maxTokens":10,"tokenRatio":0.1})");
  }
  json += "}";
  return json;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> UpstreamCredentials(
    const UpstreamTlsConfig& tls) {
  if (!tls.enabled()) return grpc::InsecureChannelCredentials();
  auto read = [](const std::string& path, const char* field) -> absl::StatusOr<std::string> {
    std::string text = ReadFileOrEmpty(path);
    if (text.empty()) {
      return absl::InvalidArgumentError(std::string("upstream_tls.") + field + ": cannot read " +
                                        path);
    }
    return text;
  };
  grpc::SslCredentialsOptions ssl;
  auto ca = read(tls.ca_file, "ca_file");
  if (!ca.ok()) return ca.status();
  ssl.pem_root_certs = *ca;
  if (!tls.cert_file.empty()) {
    auto cert = read(tls.cert_file, "cert_file");
    if (!cert.ok()) return cert.status();
    auto key = read(tls.key_file, "key_file");
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }
  return grpc::SslCredentials(ssl);
}

namespace {

// gRPC takes the whole path of an "ipv4:A,B" target as the channel's authority, and TLS then
// looks for that string ("127.0.0.1:7121,127.0.0.1:7122") in each server's certificate, where no
// certificate can have it. The first address stands for the list instead: every backend's
// certificate must name it (in the cluster run all name 127.0.0.1). A dns: target keeps its host
// name. Empty for any other target.
std::string AuthorityOfAddressList(const std::string& target) {
  for (const char* scheme : {"ipv4:", "ipv6:"}) {
    if (target.rfind(scheme, 0) == 0) {
      std::string rest = target.substr(std::strlen(scheme));
      auto comma = rest.find(',');
      return comma == std::string::npos ? std::string() : rest.substr(0, comma);
    }
  }
  return "";
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeClientChannel(
    const std::string& upstream, const ClientChannelOptions& options) {
  auto target = UpstreamTarget(upstream, "upstream");
  if (!target.ok()) return target.status();
  auto json = ClientServiceConfigJson(options.services, options.retry);
  if (!json.ok()) return json.status();
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(*json);
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, static_cast<int>(options.keepalive_time.count()));
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, static_cast<int>(options.keepalive_timeout.count()));
  // Idle channels (a gateway between shifts) keep pinging, so the first call after a quiet
  // hour does not land on a connection a firewall dropped. Servers permit it (server_runner.cc).
  args.SetInt(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);  // 0: no cap on pings between calls
  if (options.max_message_bytes > 0) {
    args.SetMaxReceiveMessageSize(options.max_message_bytes);
    args.SetMaxSendMessageSize(options.max_message_bytes);
  }
  if (options.credentials) {
    if (std::string authority = AuthorityOfAddressList(*target); !authority.empty()) {
      args.SetString(GRPC_ARG_DEFAULT_AUTHORITY, authority);
    }
  }
  auto creds = options.credentials ? options.credentials : grpc::InsecureChannelCredentials();
  if (options.signer == nullptr) return grpc::CreateCustomChannel(*target, creds, args);
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> signing;
  signing.push_back(
      std::make_unique<SigningInterceptorFactory>(options.signer, options.reuse_assertions));
  return grpc::experimental::CreateCustomChannelWithInterceptors(*target, creds, args,
                                                                 std::move(signing));
}

}  // namespace cs
