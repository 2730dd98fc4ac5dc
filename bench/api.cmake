# mobile-api load run (bench/api_bench.sh): wrk against the real stack. Not a build target; the
# script uses the binaries of a build folder. `cmake --build <dir> --target api_bench_deps`
# builds everything it needs.
add_custom_target(api_bench_deps DEPENDS mobile-api crowd-service appeal-service case-service)

# The gateway's CPU cost per found report without a network: JSON decoding and photo checks.
cs_add_executable(api_json_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/api_json_bench.cc
  DEPS cs_api_core benchmark::benchmark opencv_core opencv_imgcodecs opencv_imgproc)

# make_camera_photo (a camera-sized noisy JPEG for bench/patrol_app_bench.mjs) and make_face_photo
# (a drawn face, also used by bench/appeals_photo_bench) are defined in tests/web.cmake: the web
# tests need them in builds without benchmarks too (asan).

# The gateway under the JSON-nesting and slowloris attacks of issue 18, in-process (see the
# file's header; figures in docs/benchmarks.md).
cs_add_executable(api_attack_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/api_attack_bench.cc
  DEPS cs_api_gateway)

# Peak memory and time of one photo check per process, before and after common/photo
# (bench/photo_attack.sh runs it and the real gateway).
cs_add_executable(photo_check_mem SOURCES ${CMAKE_CURRENT_LIST_DIR}/photo_check_mem.cc
  DEPS cs_photo opencv_imgproc)

# Issue 16: session lookup and the per-token limit, in memory against Redis, in one run.
cs_add_executable(api_session_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/api_session_bench.cc
  DEPS cs_api_core cs_testing CLI11::CLI11)

# Issue 16: 2,000 concurrent event streams on one in-process gateway, event delivery latency to
# all of them and REST p99 beside them, with a no-stream baseline in the same run.
cs_add_executable(sse_streams_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/sse_streams_bench.cc
  DEPS cs_api_gateway cs_testing CLI11::CLI11)
