# Vision: per-camera estimator speed and error against the HOG baseline on synthetic video.
cs_add_executable(vision_estimator_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/vision_estimator_bench.cc
  DEPS cs_vision_estimator)

# Vision on the real Mall camera (issue 19): ROI, perspective, few-label fits, smoothing.
cs_add_executable(vision_mall_bench
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/vision_mall_bench.cc
  DEPS cs_vision_estimator)
