# Crowd core, in memory: batch sequencing/apply throughput and alert evaluation cost.
# Run: build-<name>/bin/crowd_core_bench   (figures in docs/bench-crowd.md)
cs_add_executable(crowd_core_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/crowd_core_bench.cc
                  DEPS cs_crowd_core benchmark::benchmark)
