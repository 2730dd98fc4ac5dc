# case-service (and appeal-service for the requests it raises) as real processes on a private
# Redis with AOF: the lost-child path, bad input, kills after acknowledgement, timers.
cs_add_test(integration_cases_lifecycle_test
  SOURCES integration/cases_lifecycle_test.cc
  DEPS cs_testing cs_grpc_host cs_proto gRPC::grpc++ ${OpenCV_LIBS}
  LABELS integration TIMEOUT 300)
add_dependencies(integration_cases_lifecycle_test case-service appeal-service)
