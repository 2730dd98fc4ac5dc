# Appeal drafting: draft latency per appeal (all three languages, headline + long, guard included).
# Run: build-<name>/bin/appeals_draft_bench
cs_add_executable(appeals_draft_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/appeals_draft_bench.cc
                  DEPS cs_appeals_drafting benchmark::benchmark_main)
