#include "common/grpc/health_probe.h"

#include <google/protobuf/unknown_field_set.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include "common/grpc/client_channel.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace cs {

absl::StatusOr<bool> CheckServing(grpc::ChannelInterface& channel, const std::string& service,
                                  std::chrono::milliseconds timeout) {
  // The stub only borrows the channel: a non-owning shared_ptr keeps the caller's channel alive
  // for as long as the caller does.
  std::shared_ptr<grpc::ChannelInterface> borrowed(&channel, [](grpc::ChannelInterface*) {});
  auto stub = grpc::health::v1::Health::NewStub(borrowed);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&ctx, request, &response);
  if (!status.ok()) return absl::UnavailableError(status.error_message());
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

absl::StatusOr<bool> CheckServing(const std::string& address, const std::string& service,
                                  std::chrono::milliseconds timeout) {
  // A probe goes through the same factory, so "a,b" and dns: names probe like clients call.
  auto channel = MakeClientChannel(address, {});
  if (!channel.ok()) return channel.status();
  auto serving = CheckServing(**channel, service, timeout);
  if (!serving.ok()) {
    return absl::UnavailableError(address + ": " + std::string(serving.status().message()));
  }
  return serving;
}

// Reflection's messages are compiled into libgrpc++_reflection without public headers, and
// defining them again would clash in the descriptor pool. The request we need is tiny, so it is
// written and read at the wire level: field 7 (list_services) of ServerReflectionRequest, and
// field 6 (list_services_response) → repeated field 1 (service) → field 1 (name) of the reply.
absl::StatusOr<std::vector<std::string>> ListServicesByReflection(
    const std::string& address, std::chrono::milliseconds timeout) {
  auto channel = MakeClientChannel(address, {});
  if (!channel.ok()) return channel.status();
  grpc::GenericStub stub(*channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + timeout);
  grpc::CompletionQueue cq;
  auto call = stub.PrepareCall(&ctx, "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &cq);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](void* expected) { return cq.Next(&tag, &ok) && tag == expected && ok; };

  call->StartCall(reinterpret_cast<void*>(1));
  if (!step(reinterpret_cast<void*>(1))) return absl::UnavailableError(address + ": cannot start reflection call");
  const std::string request_bytes("\x3a\x00", 2);  // field 7, length-delimited, empty string
  grpc::Slice slice(request_bytes);
  grpc::ByteBuffer request(&slice, 1);
  call->Write(request, reinterpret_cast<void*>(2));
  if (!step(reinterpret_cast<void*>(2))) return absl::UnavailableError(address + ": reflection write failed");
  call->WritesDone(reinterpret_cast<void*>(3));
  if (!step(reinterpret_cast<void*>(3))) return absl::UnavailableError(address + ": reflection writes-done failed");
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(4));
  if (!step(reinterpret_cast<void*>(4))) return absl::UnavailableError(address + ": no reflection reply");
  grpc::Status status;
  call->Finish(&status, reinterpret_cast<void*>(5));
  cq.Next(&tag, &ok);
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }

  std::vector<grpc::Slice> slices;
  if (!response.Dump(&slices).ok()) return absl::InternalError("reflection reply unreadable");
  std::string bytes;
  for (const auto& s : slices) bytes.append(reinterpret_cast<const char*>(s.begin()), s.size());

  google::protobuf::UnknownFieldSet reply;
  if (!reply.ParseFromString(bytes)) return absl::InternalError("reflection reply is not protobuf");
  std::vector<std::string> names;
  for (int i = 0; i < reply.field_count(); ++i) {
    const auto& f = reply.field(i);
    if (f.number() != 6 || f.type() != google::protobuf::UnknownField::TYPE_LENGTH_DELIMITED) continue;
    google::protobuf::UnknownFieldSet list;
    if (!list.ParseFromString(f.length_delimited())) continue;
    for (int j = 0; j < list.field_count(); ++j) {
      if (list.field(j).number() != 1) continue;
      google::protobuf::UnknownFieldSet service;
      if (!service.ParseFromString(list.field(j).length_delimited())) continue;
      for (int k = 0; k < service.field_count(); ++k) {
        if (service.field(k).number() == 1) names.push_back(service.field(k).length_delimited());
      }
    }
  }
  return names;
}

}  // namespace cs
