# An installer's fitted model through vision-worker into crowd-service.
cs_add_test(integration_vision_worker_test
  SOURCES integration/vision_worker_test.cc
  DEPS cs_testing cs_grpc_host cs_proto cs_vision_estimator ${OpenCV_LIBS}
  LABELS integration TIMEOUT 180)
add_dependencies(integration_vision_worker_test crowd-service vision-worker crowdsafe_vision)
