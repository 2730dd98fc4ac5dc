# Lost-child matching in memory, a regression check (its data is not held-out): top-1/top-3 and
# the latency of MatchIndex::Match among 10,000 open reports.
# Run from the repo root: build/release/bin/cases_match_bench [--open 10000] [--queries 1000] [--seed 42]
cs_add_executable(cases_match_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/cases_match_bench.cc
                  DEPS cs_cases_core)

# Found report → desk notification (real gRPC + private redis-server; needs redis-server on PATH).
# Run from the repo root: build/release/bin/cases_notify_bench [--open 1000] [--reports 300]
cs_add_executable(cases_notify_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/cases_notify_bench.cc
                  DEPS cs_cases_service cs_testing cs_venue cs_config CLI11::CLI11)

# Found report → appeal draft through case-service and appeal-service as real processes.
# Run: CS_BINARY_DIR=build/release CS_SOURCE_DIR=$PWD build/release/bin/cases_draft_bench
cs_add_executable(cases_draft_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/cases_draft_bench.cc
                  DEPS cs_testing cs_proto gRPC::grpc++ CLI11::CLI11)
add_dependencies(cases_draft_bench case-service appeal-service)

# Matching through case-service's gRPC API on a real Redis, on a description set in the shape of
# ../shared/data/descriptions/pairs.json (top-1/top-3, ListCandidates and FileFoundReport p50/p99,
# misses by cause, idle CPU). Run from the repo root:
#   build/release/bin/cases_service_match_bench --set ../shared/data/descriptions/pairs.json
cs_add_executable(cases_service_match_bench
                  SOURCES ${CMAKE_CURRENT_LIST_DIR}/cases_service_match_bench.cc
                          ${CMAKE_CURRENT_LIST_DIR}/cases_descriptions.cc
                          ${CMAKE_CURRENT_LIST_DIR}/cases_miss_analysis.cc
                  DEPS cs_testing cs_config cs_redis cs_proto gRPC::grpc++ CLI11::CLI11)
add_dependencies(cases_service_match_bench case-service)

# The same description sets matched in memory (MatchIndex with config/phrases.yaml, no gRPC, no
# Redis): seconds per run, for tuning on the development sets; the figures of record come from
# cases_service_match_bench. Also times Match() (thread CPU) at the set's size. Run from the
# repo root: build/release/bin/cases_set_match_bench --set ../shared/data/descriptions/pairs.json
cs_add_executable(cases_set_match_bench
                  SOURCES ${CMAKE_CURRENT_LIST_DIR}/cases_set_match_bench.cc
                          ${CMAKE_CURRENT_LIST_DIR}/cases_descriptions.cc
                          ${CMAKE_CURRENT_LIST_DIR}/cases_miss_analysis.cc
                  DEPS cs_cases_service cs_testing cs_config cs_proto CLI11::CLI11)

# Cross-replica candidate lag: two case-service cores on one private redis-server, the time
# until a report filed on one is in the other's match index (IndexFollower). Run from the repo
# root: build/release/bin/cases_replica_lag_bench [--open 1000] [--filings 300] [--poll-ms 50]
cs_add_executable(cases_replica_lag_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/cases_replica_lag_bench.cc
                  DEPS cs_cases_service cs_testing cs_venue cs_config CLI11::CLI11)
