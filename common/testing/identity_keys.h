// The identity keys of a test run (docs/identity.md): the build's identity_keys target makes
// them in <build>/keys, and ctest names that folder to every test in CS_IDENTITY_KEY_DIR. A test
// that calls a service directly signs as one of the demo tools ("story", "sim"), the way the
// real tools do.
//
// Thread-safety: free functions.
#pragma once

#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <grpcpp/create_channel.h>

#include "common/grpc/identity_interceptors.h"
#include "common/identity/assertion.h"

namespace cs::testing {

inline std::string IdentityKeyDir() {
  const char* dir = std::getenv("CS_IDENTITY_KEY_DIR");
  return dir == nullptr ? std::string() : std::string(dir);
}

// The signer of key `name`; null (unsigned calls) when the folder is not set or the key is
// missing, so a test that needs it fails on UNAUTHENTICATED, saying so.
inline std::shared_ptr<const AssertionSigner> TestSigner(const std::string& name) {
  std::string dir = IdentityKeyDir();
  if (dir.empty()) return nullptr;
  auto signer = ToolSigner(name, dir + "/" + name + ".key");
  return signer.ok() ? *signer : nullptr;
}

// A plain channel whose calls are signed with key `name` (grpc::CreateChannel otherwise).
inline std::shared_ptr<grpc::Channel> SignedChannel(const std::string& address,
                                                    const std::string& name) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> signing;
  if (auto signer = TestSigner(name)) {
    signing.push_back(std::make_unique<SigningInterceptorFactory>(signer));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, grpc::InsecureChannelCredentials(), grpc::ChannelArguments(), std::move(signing));
}

}  // namespace cs::testing
