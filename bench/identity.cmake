# Signing and verifying an identity assertion (issue 16; docs/benchmarks.md).
cs_add_executable(identity_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/identity_bench.cc
  DEPS cs_identity cs_grpc_host cs_proto benchmark::benchmark)
