# An installer's fitted model through vision-worker into crowd-service.
cs_add_test(integration_vision_worker_test
  SOURCES integration/vision_worker_test.cc
  DEPS cs_testing cs_grpc_host cs_proto cs_vision_estimator ${OpenCV_LIBS}
  LABELS integration TIMEOUT 180)
add_dependencies(integration_vision_worker_test crowd-service vision-worker crowdsafe_vision)

# Issue 16: two vision-worker processes share two cameras by lease; kill -9 of the one reading a
# camera, and the other reads it again within 10 s.
cs_add_test(integration_vision_takeover_test
  SOURCES integration/vision_takeover_test.cc
  DEPS cs_testing cs_grpc_host cs_proto cs_redis ${OpenCV_LIBS}
  LABELS integration TIMEOUT 120)
add_dependencies(integration_vision_takeover_test crowd-service vision-worker)
