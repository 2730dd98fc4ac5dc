# Every binary as a process: health, reflection, Redis down and back, SIGTERM.
cs_add_test(integration_services_bootstrap_test
  SOURCES integration/services_bootstrap_test.cc
  DEPS cs_testing cs_grpc_host PkgConfig::HTTPLIB
  LABELS integration TIMEOUT 300)
# The binaries under test must be built first.
add_dependencies(integration_services_bootstrap_test
  crowd-service case-service appeal-service vision-worker mobile-api)
