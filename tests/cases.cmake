# case-service (and appeal-service for the requests it raises) as real processes on a private
# Redis with AOF: the lost-child path, bad input, kills after acknowledgement, timers.
cs_add_test(integration_cases_lifecycle_test
  SOURCES integration/cases_lifecycle_test.cc
  DEPS cs_testing cs_grpc_host cs_proto gRPC::grpc++ ${OpenCV_LIBS}
  LABELS integration TIMEOUT 300)
add_dependencies(integration_cases_lifecycle_test case-service appeal-service)
# One balanced client channel over two case-service processes; one is killed (issue 16).
cs_add_test(integration_client_balancing_test
  SOURCES integration/client_balancing_test.cc
  DEPS cs_testing cs_grpc_client cs_proto gRPC::grpc++ PkgConfig::HTTPLIB
  LABELS integration TIMEOUT 120)
add_dependencies(integration_client_balancing_test case-service)
# Two case-service processes on one Redis, one killed mid-run: timers once, candidates on the
# survivor (issue 16).
cs_add_test(integration_cases_replicas_kill_test
  SOURCES integration/cases_replicas_kill_test.cc
  DEPS cs_testing cs_grpc_host cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 120)
add_dependencies(integration_cases_replicas_kill_test case-service)

# Proven identity on the real case-service (issue 16; docs/identity.md).
cs_add_test(integration_identity_test
  SOURCES integration/identity_test.cc
  DEPS cs_testing cs_grpc_client cs_identity cs_proto
  LABELS integration)
add_dependencies(integration_identity_test case-service crowd-service appeal-service)
