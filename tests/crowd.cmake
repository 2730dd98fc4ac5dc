# crowd-service as a real process: ingest under faults, alerts end to end.
cs_add_test(integration_crowd_ingest_test
  SOURCES integration/crowd_ingest_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 300)
add_dependencies(integration_crowd_ingest_test crowd-service)

cs_add_test(integration_crowd_alerts_test
  SOURCES integration/crowd_alerts_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 120)
add_dependencies(integration_crowd_alerts_test crowd-service)

# Two crowd-service processes on one Redis: one alert per crossing, kill -9 of the lease
# holder, takeover, acknowledgement on either replica (issue 16).
cs_add_test(integration_crowd_replicas_test
  SOURCES integration/crowd_replicas_test.cc
  DEPS cs_testing cs_grpc_host cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 120)
add_dependencies(integration_crowd_replicas_test crowd-service)
