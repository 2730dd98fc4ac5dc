#include "common/grpc/identity_interceptors.h"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <optional>

#include "common/logging.h"

namespace cs {
namespace {

namespace v1 = crowdsafe::v1;
using grpc::experimental::InterceptionHookPoints;

// A "-bin" key: the value is the serialised Actor. Never leaves the process (see OnBehalfOf).
constexpr char kOnBehalfOfKey[] = "x-cs-on-behalf-of-bin";

// "/crowdsafe.v1.CaseService/GetCase" -> "crowdsafe.v1.CaseService".
std::string_view ServiceOf(std::string_view method) {
  if (!method.empty() && method.front() == '/') method.remove_prefix(1);
  auto slash = method.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : method.substr(0, slash);
}

// The request's own Actor field, if its type has one named `actor`.
const google::protobuf::FieldDescriptor* ActorField(const google::protobuf::Message& m) {
  const auto* field = m.GetDescriptor()->FindFieldByName("actor");
  if (field == nullptr || field->is_repeated() ||
      field->message_type() != v1::Actor::descriptor()) {
    return nullptr;
  }
  return field;
}

class SigningInterceptor : public grpc::experimental::Interceptor {
 public:
  SigningInterceptor(const AssertionSigner* signer, AssertionCache* cache, std::string service)
      : signer_(signer), cache_(cache), service_(std::move(service)) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      auto* metadata = methods->GetSendInitialMetadata();
      v1::Actor actor = ChooseActor(methods, *metadata);
      metadata->erase(kOnBehalfOfKey);
      metadata->erase(kIdentityMetadataKey);
      const int64_t now = NowUnixMs();
      metadata->emplace(kIdentityMetadataKey, cache_ != nullptr
                                                  ? cache_->Get(actor, service_, now)
                                                  : signer_->Sign(actor, service_, now));
    }
    methods->Proceed();
  }

 private:
  v1::Actor ChooseActor(grpc::experimental::InterceptorBatchMethods* methods,
                        const std::multimap<std::string, std::string>& metadata) const {
    // A unary or server-streaming call sends its one request in the same batch as its
    // metadata, so the request's own Actor is at hand.
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      const void* sent = methods->GetSendMessage();
      if (sent != nullptr) {
        // gRPC's generated stubs send protobuf messages, all derived from Message.
        const auto& request = *static_cast<const google::protobuf::Message*>(sent);
        if (const auto* field = ActorField(request)) {
          const auto& actor = static_cast<const v1::Actor&>(
              request.GetReflection()->GetMessage(request, field));
          if (!actor.user_id().empty()) return actor;
        }
      }
    }
    v1::Actor actor;
    auto hint = metadata.find(kOnBehalfOfKey);
    if (hint != metadata.end() && actor.ParseFromString(hint->second) &&
        !actor.user_id().empty()) {
      return actor;
    }
    actor.Clear();
    actor.set_user_id(signer_->issuer());
    actor.set_role(v1::ROLE_SYSTEM);
    return actor;
  }

  const AssertionSigner* signer_;
  AssertionCache* cache_;  // null: sign every call
  std::string service_;
};

class ActorFromAssertionInterceptor : public grpc::experimental::Interceptor {
 public:
  ActorFromAssertionInterceptor() = default;

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      // IdentityAuthProcessor verified this call's one assertion before the call got here (it
      // refuses a call with none or several), so its actor is read without a second signature
      // check. Not from gRPC's AuthContext: that belongs to the connection, so a property set
      // there would be seen by the connection's next calls too.
      auto* metadata = methods->GetRecvInitialMetadata();
      auto token = metadata->find(kIdentityMetadataKey);
      if (token != metadata->end() && metadata->count(kIdentityMetadataKey) == 1) {
        proven_ = AssertionVerifier::ActorOfVerified(
            std::string_view(token->second.data(), token->second.size()));
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      void* received = methods->GetRecvMessage();
      if (received != nullptr) {
        // The generated service hands gRPC protobuf messages, all derived from Message.
        auto* request = static_cast<google::protobuf::Message*>(received);
        if (const auto* field = ActorField(*request)) {
          auto* actor = request->GetReflection()->MutableMessage(request, field);
          // Without a proven actor (the processor refuses such calls first) the claim is
          // erased rather than believed.
          if (proven_) {
            actor->CopyFrom(*proven_);
          } else {
            actor->Clear();
          }
        }
      }
    }
    methods->Proceed();
  }

 private:
  std::optional<v1::Actor> proven_;
};

}  // namespace

void OnBehalfOf(grpc::ClientContext& context, const v1::Actor& actor) {
  context.AddMetadata(kOnBehalfOfKey, actor.SerializeAsString());
}

bool IsOpenService(std::string_view full_method) {
  std::string_view service = ServiceOf(full_method);
  return service == "grpc.health.v1.Health" ||
         service == "grpc.reflection.v1alpha.ServerReflection" ||
         service == "grpc.reflection.v1.ServerReflection";
}

grpc::experimental::Interceptor* SigningInterceptorFactory::CreateClientInterceptor(
    grpc::experimental::ClientRpcInfo* info) {
  return new SigningInterceptor(signer_.get(), cache_.get(), std::string(ServiceOf(info->method())));
}

grpc::Status IdentityAuthProcessor::Process(const InputMetadata& auth_metadata,
                                            grpc::AuthContext* /*context*/,
                                            OutputMetadata* /*consumed_auth_metadata*/,
                                            OutputMetadata* /*response_metadata*/) {
  auto path = auth_metadata.find(":path");
  std::string_view method =
      path == auth_metadata.end() ? std::string_view()
                                  : std::string_view(path->second.data(), path->second.size());
  if (IsOpenService(method)) return grpc::Status::OK;
  // Exactly one: the interceptor that hands the actor to the handler reads the same entry.
  if (auth_metadata.count(kIdentityMetadataKey) > 1) {
    CS_LOG_WARN("call refused method=\"{}\" reason=\"several assertions\"", std::string(method));
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED,
                        "identity assertion refused: several assertions");
  }
  auto token = auth_metadata.find(kIdentityMetadataKey);
  std::string_view value = token == auth_metadata.end()
                               ? std::string_view()
                               : std::string_view(token->second.data(), token->second.size());
  auto actor = verifier_->Verify(value, ServiceOf(method), NowUnixMs());
  if (!actor.ok()) {
    // The method and the reason only: the token and the user it claims are not logged.
    CS_LOG_WARN("call refused method=\"{}\" reason=\"{}\"", std::string(method),
                std::string(actor.status().message()));
    return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, std::string(actor.status().message()));
  }
  // The assertion stays in the call's metadata: ActorFromAssertionInterceptor reads it again.
  return grpc::Status::OK;
}

grpc::experimental::Interceptor* ActorFromAssertionInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  if (IsOpenService(info->method())) return nullptr;
  return new ActorFromAssertionInterceptor();
}

}  // namespace cs
