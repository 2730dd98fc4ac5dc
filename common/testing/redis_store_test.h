// A gtest fixture for store tests on a private redis-server: SetUp starts the server and gives
// a fresh client to MakeStores, as a starting service would have; CrashAndRestartRedis kills
// Redis (SIGKILL), starts it again on the same data (AOF) and builds the stores anew, so a test
// can check that everything acknowledged survived.
//
// Example:
//   class MyStoreTest : public cs::testing::RedisStoreTest {
//     void MakeStores(RedisClient& client) override { store_ = std::make_unique<S>(client); }
//     std::unique_ptr<S> store_;
//   };
//
// Thread-safety: a test fixture; used from the test's thread.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "common/redis/hiredis_client.h"
#include "common/testing/redis_server.h"

namespace cs::testing {

class RedisStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_.Start().ok());
    Connect();
  }

  // Builds the stores under test on `client`; called again after every restart.
  virtual void MakeStores(RedisClient& client) = 0;

  // A fresh client and stores. (The old connection is dead after a crash; its first call
  // fails, as the client documents.)
  void Connect() {
    client_ = std::make_unique<HiredisClient>(server_.Config());
    MakeStores(*client_);
  }

  void CrashAndRestartRedis() {
    server_.Kill();
    ASSERT_TRUE(server_.Restart().ok());
    Connect();
  }

  RedisServer server_;
  std::unique_ptr<HiredisClient> client_;
};

}  // namespace cs::testing
