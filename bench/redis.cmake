# Standalone vs Redis Cluster client, and the cost of WAIT per write (private servers; needs
# redis-server and redis-cli on PATH). Run from the repo root: build/release/bin/redis_cluster_bench
cs_add_executable(redis_cluster_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/redis_cluster_bench.cc
                  DEPS cs_redis cs_testing CLI11::CLI11)
