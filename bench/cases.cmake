# Lost-child matching: accuracy (top-1/top-3) and latency (p50/p99) among 10,000 open reports.
# Run: build-<name>/bin/cases_match_bench [--open 10000] [--queries 1000] [--seed 42]
cs_add_executable(cases_match_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/cases_match_bench.cc
                  DEPS cs_cases_core)

# Found report → desk notification (real gRPC + private redis-server; needs redis-server on PATH).
# Run from the repo root: build/release/bin/cases_notify_bench [--open 1000] [--reports 300]
cs_add_executable(cases_notify_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/cases_notify_bench.cc
                  DEPS cs_cases_service cs_testing cs_venue cs_config CLI11::CLI11)
