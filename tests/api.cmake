# mobile-api in front of the real services on a private Redis (see integration/api_stack.h).
cs_add_test(integration_api_e2e_test
  SOURCES integration/api_e2e_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++ PkgConfig::HTTPLIB opencv_core opencv_imgcodecs
    absl::strings
  LABELS integration TIMEOUT 300)
add_dependencies(integration_api_e2e_test mobile-api crowd-service appeal-service case-service)

cs_add_test(integration_api_golden_test
  SOURCES integration/api_golden_test.cc
  DEPS cs_testing cs_proto PkgConfig::HTTPLIB absl::strings
  LABELS integration TIMEOUT 300)
add_dependencies(integration_api_golden_test mobile-api crowd-service appeal-service case-service)

# The OpenAPI document's required fields against the real services' validation.
cs_add_test(integration_api_required_fields_test
  SOURCES integration/api_required_fields_test.cc
  DEPS cs_testing cs_proto PkgConfig::HTTPLIB absl::strings
  LABELS integration TIMEOUT 300)
add_dependencies(integration_api_required_fields_test mobile-api crowd-service appeal-service
  case-service)

# Issue 16: two mobile-api processes on one private Redis share sessions and limits.
cs_add_test(integration_api_replicas_test
  SOURCES integration/api_replicas_test.cc
  DEPS cs_testing PkgConfig::HTTPLIB
  LABELS integration TIMEOUT 120)
add_dependencies(integration_api_replicas_test mobile-api)

# Issue 16: 256 event streams on the real gateway at once (fan-out, zone filter, logout, leaving).
cs_add_test(integration_api_sse_fanout_test
  SOURCES integration/api_sse_fanout_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++ PkgConfig::HTTPLIB absl::strings
  LABELS integration TIMEOUT 180)
add_dependencies(integration_api_sse_fanout_test mobile-api crowd-service appeal-service
  case-service)
