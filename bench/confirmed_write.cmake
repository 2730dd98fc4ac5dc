# The cost of redis.wait_replicas (WAIT after every acknowledging store write) on a private
# primary and replica. Run from the repo root: build/release/bin/confirmed_write_bench
cs_add_executable(confirmed_write_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/confirmed_write_bench.cc
                  DEPS cs_crowd_redis cs_cases_redis cs_testing CLI11::CLI11)
