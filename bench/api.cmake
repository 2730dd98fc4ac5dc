# mobile-api load run (bench/api_bench.sh): wrk against the real stack. Not a build target; the
# script uses the binaries of a build folder. `cmake --build <dir> --target api_bench_deps`
# builds everything it needs.
add_custom_target(api_bench_deps DEPENDS mobile-api crowd-service appeal-service case-service)

# The gateway's CPU cost per found report without a network: JSON decoding and photo checks.
cs_add_executable(api_json_bench SOURCES ${CMAKE_CURRENT_LIST_DIR}/api_json_bench.cc
  DEPS cs_api_core benchmark::benchmark opencv_core opencv_imgcodecs opencv_imgproc)

# make_camera_photo (a camera-sized noisy JPEG for bench/patrol_app_bench.mjs) is defined in
# tests/web.cmake: the patrol web tests need it in builds without benchmarks too (asan).
