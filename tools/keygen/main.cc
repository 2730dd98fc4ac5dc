// crowdsafe-keygen: makes the Ed25519 identity keys of crowdsafe's processes (docs/identity.md).
//
//   crowdsafe-keygen --dir var/keys api cases appeals crowd vision sim story
//
// For each name, writes NAME.key (the secret seed, mode 0600) and NAME.pub (the public key)
// unless NAME.key already exists: running it again keeps every key, so configs and running
// services stay valid. Prints the names made or kept, never a key.
#include <CLI/CLI.hpp>
#include <filesystem>
#include <iostream>

#include "common/identity/assertion.h"

int main(int argc, char** argv) {
  CLI::App app{"crowdsafe-keygen: Ed25519 identity keys for crowdsafe processes"};
  std::string dir;
  std::vector<std::string> names;
  app.add_option("--dir", dir, "folder for NAME.key and NAME.pub (made if missing)")->required();
  app.add_option("names", names, "key names, e.g. api cases vision")->required();
  CLI11_PARSE(app, argc, argv);

  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    std::cerr << "error: --dir: cannot create " << dir << "\n";
    return 2;
  }
  for (const auto& name : names) {
    if (name.empty() || name.find_first_of("/\\. ") != std::string::npos) {
      std::cerr << "error: key names are plain words (no '/', '.' or spaces)\n";
      return 2;
    }
    auto key = std::filesystem::path(dir) / (name + ".key");
    auto pub = std::filesystem::path(dir) / (name + ".pub");
    if (std::filesystem::exists(key)) {
      // Re-derive the public key, so a lost .pub comes back and a stale one is corrected.
      auto seed = cs::ReadIdentityKeyFile(key.string());
      if (!seed.ok()) {
        std::cerr << "error: " << seed.status().message() << "\n";
        return 1;
      }
      auto status = cs::WriteIdentityKeyFile(pub.string(), *cs::PublicKeyFromSeed(*seed), false);
      if (!status.ok()) {
        std::cerr << "error: " << status.message() << "\n";
        return 1;
      }
      std::cout << "kept " << name << "\n";
      continue;
    }
    auto pair = cs::GenerateIdentityKeyPair();
    for (auto status : {cs::WriteIdentityKeyFile(key.string(), pair.seed, true),
                        cs::WriteIdentityKeyFile(pub.string(), pair.public_key, false)}) {
      if (!status.ok()) {
        std::cerr << "error: " << status.message() << "\n";
        return 1;
      }
    }
    std::cout << "made " << name << "\n";
  }
  return 0;
}
