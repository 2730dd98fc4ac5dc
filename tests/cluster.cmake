# Issue 17: writes confirmed by a replica (redis.wait_replicas), deployment checks.
cs_add_test(cluster_confirmed_store_writes_redistest
  SOURCES cluster/confirmed_store_writes_redistest.cc
  DEPS cs_crowd_redis cs_cases_redis cs_appeals_redis cs_testing LABELS integration)
