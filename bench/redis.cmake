# Standalone vs Redis Cluster client, and the cost of WAIT per write (private servers; needs
# redis-server and redis-cli on PATH). Run from the repo root: build/release/bin/redis_cluster_bench
cs_add_executable(redis_cluster_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/redis_cluster_bench.cc
                  DEPS cs_redis cs_testing CLI11::CLI11)
# Failover under confirmed gate writes (redis_failover_bench.cc): defined in tests/cluster.cmake,
# because its short run is a ctest in every build, the asan one (no benchmarks) included.
# Gate ingest on a 3-primary cluster with every venue on one primary vs spread over three, as a
# ratio in one run. Run from the repo root:
#   nice -n 5 build/release/bin/crowd_cluster_ingest_bench --venues 6 --rounds 2
cs_add_executable(crowd_cluster_ingest_bench
                  SOURCES ${CMAKE_CURRENT_LIST_DIR}/crowd_cluster_ingest_bench.cc
                  DEPS cs_crowd_redis cs_redis cs_testing CLI11::CLI11)
