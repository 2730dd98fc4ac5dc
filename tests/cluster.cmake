# Issue 17: writes confirmed by a replica (redis.wait_replicas), deployment checks.
cs_add_test(cluster_confirmed_store_writes_redistest
  SOURCES cluster/confirmed_store_writes_redistest.cc
  DEPS cs_crowd_redis cs_cases_redis cs_appeals_redis cs_testing LABELS integration)
# deploy/k8s: every manifest parses and fits together (python3-yaml, from deploy/install-deps.sh);
# the checker's own self-test breaks them in memory and must catch every breakage; kubectl
# --dry-run=client, offline, when kubectl is installed (skipped visibly otherwise).
find_program(CS_PYTHON3 python3 REQUIRED)
foreach(mode structure selftest kubectl)
  set(arg "")
  if(mode STREQUAL "selftest")
    set(arg "--self-test")
  elseif(mode STREQUAL "kubectl")
    set(arg "--kubectl")
  endif()
  add_test(NAME deploy_k8s_manifests_${mode}_test
    COMMAND ${CS_PYTHON3} ${CMAKE_SOURCE_DIR}/tests/cluster/check_k8s_manifests.py
      ${CMAKE_SOURCE_DIR}/deploy/k8s ${arg})
  set_tests_properties(deploy_k8s_manifests_${mode}_test PROPERTIES LABELS unit TIMEOUT 120
    SKIP_REGULAR_EXPRESSION "CS-TEST-SKIPPED")
endforeach()
# deploy/k8s/make-secrets.sh writes the Secrets of the manifests' shape (issue 16).
add_test(NAME deploy_k8s_secrets_test
  COMMAND ${CMAKE_SOURCE_DIR}/tests/cluster/k8s_secrets_test.sh ${CMAKE_BINARY_DIR}/bin
    ${CMAKE_BINARY_DIR}/test-artifacts/k8s-secrets)
set_tests_properties(deploy_k8s_secrets_test PROPERTIES LABELS unit TIMEOUT 120)
# deploy/cluster/cluster.sh up/down on one machine (6 Redis nodes, 2 replicas of each service,
# HAProxy), checked through HAProxy with one gateway killed. Label cluster; about a minute.
add_test(NAME deploy_cluster_smoke_test
  COMMAND ${CMAKE_SOURCE_DIR}/tests/cluster/cluster_smoke.sh ${CMAKE_BINARY_DIR}/bin
    ${CMAKE_BINARY_DIR}/test-artifacts/cluster-smoke)
set_tests_properties(deploy_cluster_smoke_test PROPERTIES LABELS cluster TIMEOUT 240
  RUN_SERIAL TRUE ENVIRONMENT "CS_IDENTITY_KEY_DIR=${CS_IDENTITY_KEY_DIR}")
# The failover bench, short: 3 forced failovers under confirmed gate writes; fails when an
# acknowledged write is lost or counted twice, or a failover's first acknowledged write comes
# later than 9 s (about 3 s expected; a client that found the new primary only through its 10 s
# map refresh timer fails).
# Defined here, not in bench/, so that a build without benchmarks (the asan preset) has it. The
# full run: nice -n 5 build/release/bin/redis_failover_bench --failovers 20 (from the repo root).
cs_add_executable(redis_failover_bench SOURCES ${PROJECT_SOURCE_DIR}/bench/redis_failover_bench.cc
                  DEPS cs_crowd_redis cs_redis cs_testing CLI11::CLI11)
add_test(NAME redis_failover_quick_test
  COMMAND nice -n 5 ${CMAKE_BINARY_DIR}/bin/redis_failover_bench --failovers 3 --sync-delay-s 0
    --max-first-ack-ms 9000)
set_tests_properties(redis_failover_quick_test PROPERTIES LABELS cluster TIMEOUT 120 RUN_SERIAL TRUE
  ENVIRONMENT "REDIS_SERVER=${REDIS_SERVER_EXECUTABLE}")
