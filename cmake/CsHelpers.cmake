# Small helpers so every target gets the same warnings, sanitizers and test labels.
#
#   cs_add_library(name SOURCES a.cc b.cc DEPS lib1 lib2)
#   cs_add_executable(name SOURCES main.cc DEPS lib1)
#   cs_add_test(name SOURCES foo_test.cc DEPS lib LABELS unit|integration [FIXTURES_REQUIRED f])
#
# Tests link GTest::gmock_main unless they name their own main in SOURCES with NO_MAIN.

set(CS_WARNINGS -Wall -Wextra -Wpedantic -Wno-unused-parameter)

if(CS_SANITIZE)
  # The asan test preset writes every sanitizer report of every process (tests and the services
  # they start, whose stderr goes to temporary logs) here; tests/run-all.sh fails on any.
  file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/sanitizer-reports)
endif()

function(cs_apply_common target)
  target_compile_options(${target} PRIVATE ${CS_WARNINGS})
  if(CS_SANITIZE)
    # -fno-sanitize-recover: undefined behaviour stops the test (UBSan would only print).
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined
      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

function(cs_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PUBLIC_INCLUDE" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS})
  cs_apply_common(${name})
endfunction()

function(cs_add_executable name)
  cmake_parse_arguments(ARG "" "OUTPUT_NAME" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS})
  if(ARG_OUTPUT_NAME)
    set_target_properties(${name} PROPERTIES OUTPUT_NAME ${ARG_OUTPUT_NAME})
  endif()
  # All binaries land in build/bin so scripts can find them in one place.
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/bin)
  cs_apply_common(${name})
endfunction()

function(cs_add_test name)
  cmake_parse_arguments(ARG "NO_MAIN" "TIMEOUT" "SOURCES;DEPS;LABELS;FIXTURES_REQUIRED;ENVIRONMENT" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR})
  if(ARG_NO_MAIN)
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gmock)
  else()
    # Our main prints CS-TEST-SKIPPED when a test skipped and none failed (see below).
    target_link_libraries(${name} PRIVATE ${ARG_DEPS} cs_gtest_main)
  endif()
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests)
  cs_apply_common(${name})
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 120)
  endif()
  add_test(NAME ${name} COMMAND ${name})
  # A skipped test shows as skipped in ctest, not as passed (common/testing/gtest_main.cc prints
  # the marker only when nothing failed, since a skip pattern overrides the exit code).
  set_tests_properties(${name} PROPERTIES SKIP_REGULAR_EXPRESSION "CS-TEST-SKIPPED")
  set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR};REDIS_SERVER=${REDIS_SERVER_EXECUTABLE};CS_IDENTITY_KEY_DIR=${CS_IDENTITY_KEY_DIR};${ARG_ENVIRONMENT}")
  if(ARG_FIXTURES_REQUIRED)
    set_tests_properties(${name} PROPERTIES FIXTURES_REQUIRED "${ARG_FIXTURES_REQUIRED}")
  endif()
endfunction()

# The check of a hand-written evaluation set (tests/testdata/inbox, tests/testdata/descriptions):
# the committed JSON is exactly what the set's own script makes of its hand-typed sources
# (`SCRIPT --check`; a set typed straight into its JSON has no SCRIPT), and validate.py accepts
# its shape. It never runs the matcher or the
# triage: held-out sets are scored once, by the coordinator. Without python3 it fails, saying so.
#   cs_add_set_check_test(inbox_heldout7_validate DIR <folder> SCRIPT src7/build.py SET heldout7.json)
function(cs_add_set_check_test name)
  cmake_parse_arguments(ARG "" "DIR;SCRIPT;SET;TAGS" "" ${ARGN})
  find_program(CS_PYTHON3_FOR_SETS python3)
  set(tags "")
  if(ARG_TAGS)
    set(tags " --tags=\"$1/${ARG_TAGS}\"")
  endif()
  set(rebuilt "")
  if(ARG_SCRIPT)
    set(rebuilt "\"$0\" \"$1/${ARG_SCRIPT}\" --check && ")
  endif()
  if(CS_PYTHON3_FOR_SETS)
    add_test(NAME ${name}
      COMMAND sh -c "${rebuilt}\"$0\" \"$1/validate.py\" \"$1/${ARG_SET}\"${tags}"
        ${CS_PYTHON3_FOR_SETS} ${ARG_DIR}
      WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  else()
    add_test(NAME ${name} COMMAND sh -c "echo '${name}: python3 not found' >&2; exit 1")
  endif()
  set_tests_properties(${name} PROPERTIES LABELS unit TIMEOUT 60)
endfunction()
