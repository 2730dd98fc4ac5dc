# appeal-service as a real process on a private Redis (see integration/appeals_workflow_test.cc).
cs_add_test(integration_appeals_workflow_test
  SOURCES integration/appeals_workflow_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 300)
add_dependencies(integration_appeals_workflow_test appeal-service)

# The Weibo inbox connector end to end: fake Weibo (cpp-httplib) → libcurl client → connector →
# SubmitMessage and triage → AnswerMessage → reply out, on a private Redis.
cs_add_test(integration_appeals_weibo_inbox_test
  SOURCES integration/appeals_weibo_inbox_test.cc
  DEPS cs_appeals_weibo_inbox cs_appeals_redis cs_testing PkgConfig::HTTPLIB Threads::Threads
  LABELS integration)

# The dashboard's highlighting of answer-library matches (plain node, no packages needed).
find_program(CS_NODE_FOR_APPEALS node)
if(CS_NODE_FOR_APPEALS)
  add_test(NAME web_highlight_test
    COMMAND ${CS_NODE_FOR_APPEALS} --test ${CMAKE_SOURCE_DIR}/web/test/highlight.test.mjs
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
  set_tests_properties(web_highlight_test PROPERTIES LABELS unit TIMEOUT 60)
endif()

# A tip becomes case evidence: appeal-service reads the sighting, case-service's MatchSighting
# ranks open cases, the desk's confirmed link is recorded (both binaries, private Redis).
cs_add_test(integration_appeals_tip_case_test
  SOURCES integration/appeals_tip_case_test.cc
  DEPS cs_testing cs_proto gRPC::grpc++
  LABELS integration TIMEOUT 120)
add_dependencies(integration_appeals_tip_case_test appeal-service case-service)

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
# Two appeal-service processes on one Redis; the one holding a request pending is killed and the
# other reclaims and drafts it (issue 16).
cs_add_test(integration_appeals_replicas_kill_test
  SOURCES integration/appeals_replicas_kill_test.cc
  DEPS cs_testing cs_grpc_host cs_proto gRPC::grpc++ opencv_core opencv_imgcodecs
  LABELS integration TIMEOUT 120)
add_dependencies(integration_appeals_replicas_kill_test case-service appeal-service)
