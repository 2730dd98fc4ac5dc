# The fourth hand-written held-out inbox set (2026-12-02): tests/testdata/inbox/heldout4.json and
# its PROVENANCE4.md, built from the chunks in tests/testdata/inbox/src4/. This test checks only
# that the committed JSON is what the chunks make and that its shape is valid; it never scores the
# triage (that is the coordinator's one measurement after merging, written in docs/benchmarks.md).
# Kept apart from heldout4_sets.cmake, which another change adds for the descriptions set.
find_program(CS_PYTHON3_INBOX4 python3)
set(CS_INBOX4_DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox)
if(CS_PYTHON3_INBOX4)
  add_test(NAME inbox_heldout4_validate
    COMMAND sh -c "\"$0\" \"$1/src4/build.py\" --check && \"$0\" \"$1/validate.py\" \"$1/heldout4.json\""
      ${CS_PYTHON3_INBOX4} ${CS_INBOX4_DIR}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
else()
  # Never a silent pass: without python3 the test fails and says why.
  add_test(NAME inbox_heldout4_validate
    COMMAND sh -c "echo 'inbox_heldout4_validate: python3 not found' >&2; exit 1")
endif()
set_tests_properties(inbox_heldout4_validate PROPERTIES LABELS unit TIMEOUT 60)
