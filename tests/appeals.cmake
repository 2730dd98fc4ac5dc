# appeal-service as a real process on a private Redis (see integration/appeals_workflow_test.cc).
cs_add_test(integration_appeals_workflow_test
  SOURCES integration/appeals_workflow_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 300)
add_dependencies(integration_appeals_workflow_test appeal-service)

# The shipped triage rules: phrasings of threats to life (and their negations, jokes, quotes and
# past events), the rule loader, and the development set of ../shared (skipped when absent).
# Both need OpenCC (through the drafting library) to fold Traditional script.
if(TARGET cs_triage_eval)
  cs_add_test(appeals_triage_config_test SOURCES appeals/triage_config_test.cc
    DEPS cs_appeals_triage_config cs_appeals_drafting_bridge)
  cs_add_test(appeals_triage_dev_set_test SOURCES appeals/triage_dev_set_test.cc
    DEPS cs_triage_eval cs_appeals_drafting_bridge)
endif()

# A life-safety message through appeal-service and crowd-service as real processes: the alert on
# the crowd stream, pinned to its zone, escalating when nobody acknowledges it.
cs_add_test(integration_appeals_life_safety_test
  SOURCES integration/appeals_life_safety_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 120)
add_dependencies(integration_appeals_life_safety_test appeal-service crowd-service)
