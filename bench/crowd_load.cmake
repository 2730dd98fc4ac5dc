# End-to-end ingest load against real processes (not a google-benchmark: it drives a service).
cs_add_executable(crowd_ingest_load SOURCES ${CMAKE_CURRENT_LIST_DIR}/crowd_ingest_load.cc
  DEPS cs_testing cs_proto gRPC::grpc++ CLI11::CLI11)
# Two crowd-service replicas: lease takeover after kill -9, cross-replica alert latency (issue 16).
cs_add_executable(crowd_replicas_load SOURCES ${CMAKE_CURRENT_LIST_DIR}/crowd_replicas_load.cc
  DEPS cs_testing cs_grpc_host cs_proto gRPC::grpc++ CLI11::CLI11)
