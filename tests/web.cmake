# The dashboard and the patrol phone app (tests/web/patrol_scenarios.mjs) in real Chromium (Debian's /usr/bin/chromium via playwright-core) against the real
# stack: tests/web/run.mjs starts its own redis-server and the services from this build's bin/.
# It needs web/dist and web/node_modules from web/build.sh (deploy/build.sh runs it) and fails,
# saying what is missing, when they or chromium are absent. Screenshots: <build>/test-artifacts/web/<group>.
find_program(CS_NODE node)
# One test per user group, each on its own stack with its own time budget: on a loaded 2-core
# machine the whole set took over 600 s in one test (CI of 2026-12-03), on a quiet one 165 s.
# They share the Chromium lock, so they never run beside each other.
foreach(group desk press patrol)
  if(CS_NODE)
    add_test(NAME web_${group}_e2e
      COMMAND ${CS_NODE} ${CMAKE_SOURCE_DIR}/tests/web/run.mjs --bin ${CMAKE_BINARY_DIR}/bin
        --group ${group} --artifacts ${CMAKE_BINARY_DIR}/test-artifacts/web/${group}
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  else()
    # Never a silent pass: without node the test fails and says why.
    add_test(NAME web_${group}_e2e
      COMMAND sh -c "echo 'web_${group}_e2e: node not found (deploy/install-deps.sh installs it)' >&2; exit 1")
  endif()
  set_tests_properties(web_${group}_e2e PROPERTIES LABELS e2e TIMEOUT 600 RESOURCE_LOCK web_chromium
    ENVIRONMENT "CS_IDENTITY_KEY_DIR=${CS_IDENTITY_KEY_DIR}")
endforeach()
# Issue 18: `--only X` that matches no scenario passed with nothing run. It must fail, saying so.
if(CS_NODE)
  add_test(NAME web_e2e_only_matching_nothing_fails
    COMMAND sh -c "out=$(\"$0\" \"$1\" --bin \"$2\" --only no-such-scenario 2>&1); rc=$?; echo \"$out\"; [ $rc -ne 0 ] && echo \"$out\" | grep -q 'matches no scenario'"
      ${CS_NODE} ${CMAKE_SOURCE_DIR}/tests/web/run.mjs ${CMAKE_BINARY_DIR}/bin
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(web_e2e_only_matching_nothing_fails PROPERTIES LABELS unit TIMEOUT 60)
  # A mistyped --group must fail too, not run everything or nothing.
  add_test(NAME web_e2e_unknown_group_fails
    COMMAND sh -c "out=$(\"$0\" \"$1\" --bin \"$2\" --group no-such-group 2>&1); rc=$?; echo \"$out\"; [ $rc -ne 0 ] && echo \"$out\" | grep -q 'is none of'"
      ${CS_NODE} ${CMAKE_SOURCE_DIR}/tests/web/run.mjs ${CMAKE_BINARY_DIR}/bin
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  set_tests_properties(web_e2e_unknown_group_fails PROPERTIES LABELS unit TIMEOUT 60)
endif()
# A camera-sized noisy JPEG for the patrol web tests and bench/patrol_app_bench.mjs; here, not in
# bench/, so that a build without benchmarks (the asan preset) has it.
cs_add_executable(make_camera_photo SOURCES ${PROJECT_SOURCE_DIR}/bench/make_camera_photo.cc
  DEPS opencv_core opencv_imgcodecs opencv_imgproc)
# A JPEG with a drawn face, for the appeal-review web test and bench/appeals_photo_bench.
cs_add_executable(make_face_photo SOURCES ${PROJECT_SOURCE_DIR}/bench/make_face_photo.cc
  DEPS opencv_core opencv_imgcodecs opencv_imgproc)
# The binaries the test runs; building this target builds them all.
add_custom_target(web_e2e_binaries DEPENDS crowd-service case-service appeal-service mobile-api crowdsafe-sim
  make_camera_photo make_face_photo)

# The dashboard's Weibo length counting (plain node, no packages needed).
if(CS_NODE)
  add_test(NAME web_weibo_length_test
    COMMAND ${CS_NODE} --test ${CMAKE_SOURCE_DIR}/web/test/weibo.test.mjs
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
  set_tests_properties(web_weibo_length_test PROPERTIES LABELS unit TIMEOUT 60)
  # The patrol app's colour chips against the matcher's lexicon (services/cases/core/colour.cc).
  add_test(NAME web_patrol_colours_test
    COMMAND ${CS_NODE} --test ${CMAKE_SOURCE_DIR}/web/test/colours.test.mjs
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
  set_tests_properties(web_patrol_colours_test PROPERTIES LABELS unit TIMEOUT 60)
  # Issue 15: text on the LB/T 034 tier colours passes WCAG AA (read from style.css).
  add_test(NAME web_tier_contrast_test
    COMMAND ${CS_NODE} --test ${CMAKE_SOURCE_DIR}/web/test/contrast.test.mjs
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR}/web)
  set_tests_properties(web_tier_contrast_test PROPERTIES LABELS unit TIMEOUT 60)
endif()
