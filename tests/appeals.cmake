# appeal-service as a real process on a private Redis (see integration/appeals_workflow_test.cc).
cs_add_test(integration_appeals_workflow_test
  SOURCES integration/appeals_workflow_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 300)
add_dependencies(integration_appeals_workflow_test appeal-service)
