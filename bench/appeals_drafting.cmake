# Appeal drafting: draft latency per appeal (all three languages, headline + long, guard included).
# Run: build-<name>/bin/appeals_draft_bench
cs_add_executable(appeals_draft_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/appeals_draft_bench.cc
                  DEPS cs_appeals_drafting benchmark::benchmark_main)

# The photo step of a found-child appeal: draft time with one photo, detector time and recall on
# the shared crowd images. Run from the repo root: build/release/bin/appeals_photo_bench
if(TARGET cs_appeals_drafting_bridge)
  cs_add_executable(appeals_photo_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/appeals_photo_bench.cc
    DEPS cs_appeals_drafting_bridge cs_appeals_drafting protobuf::libprotobuf)
endif()
