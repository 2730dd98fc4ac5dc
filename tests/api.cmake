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

# The JSON request decoding fuzz target, replaying its corpus as an ordinary test (g++). With
# -DCS_LIBFUZZER=ON and clang it is also built as a real libFuzzer binary.
cs_add_executable(api_json_fuzzer_replay
  SOURCES fuzz/api_json_fuzzer.cc fuzz/fuzz_replay_main.cc DEPS cs_api_core)
add_test(NAME api_json_fuzzer_replay
  COMMAND api_json_fuzzer_replay ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/api_json_corpus)
set_tests_properties(api_json_fuzzer_replay PROPERTIES LABELS unit TIMEOUT 120)
option(CS_LIBFUZZER "Build libFuzzer targets (clang only)" OFF)
if(CS_LIBFUZZER AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  cs_add_executable(api_json_fuzzer SOURCES fuzz/api_json_fuzzer.cc DEPS cs_api_core)
  target_compile_options(api_json_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined)
  target_link_options(api_json_fuzzer PRIVATE -fsanitize=fuzzer,address,undefined)
endif()

# The OpenAPI document's required fields against the real services' validation.
cs_add_test(integration_api_required_fields_test
  SOURCES integration/api_required_fields_test.cc
  DEPS cs_testing cs_proto PkgConfig::HTTPLIB absl::strings
  LABELS integration TIMEOUT 300)
add_dependencies(integration_api_required_fields_test mobile-api crowd-service appeal-service
  case-service)
