# The third hand-written held-out sets (2026-12-02): the description pairs
# (tests/testdata/descriptions/heldout3_pairs.json) and the inbox messages
# (tests/testdata/inbox/heldout3.json), each with its PROVENANCE3.md. These tests check only their
# shape and that the committed JSON is what the hand-written chunks make; they never score the
# matcher or the triage (that is the coordinator's measurement, written in docs/benchmarks.md).
find_program(CS_PYTHON3 python3)
set(CS_HELDOUT3_TESTS descriptions_heldout3_validate inbox_heldout3_validate)
if(CS_PYTHON3)
  set(CS_DESC_DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions)
  set(CS_INBOX_DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox)
  add_test(NAME descriptions_heldout3_validate
    COMMAND sh -c "\"$0\" \"$1/src3/join.py\" --check && \"$0\" \"$1/validate.py\" \"$1/heldout3_pairs.json\""
      ${CS_PYTHON3} ${CS_DESC_DIR}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
  add_test(NAME inbox_heldout3_validate
    COMMAND ${CS_PYTHON3} ${CS_INBOX_DIR}/validate.py ${CS_INBOX_DIR}/heldout3.json
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
else()
  # Never a silent pass: without python3 the tests fail and say why.
  foreach(t IN LISTS CS_HELDOUT3_TESTS)
    add_test(NAME ${t} COMMAND sh -c "echo '${t}: python3 not found' >&2; exit 1")
  endforeach()
endif()
set_tests_properties(${CS_HELDOUT3_TESTS} PROPERTIES LABELS unit TIMEOUT 60)
