# The sixth hand-written held-out inbox set (2026-12-02): tests/testdata/inbox/heldout6.json (ids
# w001...) and its PROVENANCE6.md, built from the chunks in tests/testdata/inbox/src6/. This test
# checks only that the committed JSON is what the chunks make and that its shape is valid; it
# never scores the triage (that is the coordinator's one measurement after merging).
# One file per set, picked up by the glob in tests/CMakeLists.txt.
find_program(CS_PYTHON3_INBOX6 python3)
set(CS_INBOX6_DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox)
if(CS_PYTHON3_INBOX6)
  add_test(NAME inbox_heldout6_validate
    COMMAND sh -c "\"$0\" \"$1/src6/build.py\" --check && \"$0\" \"$1/validate.py\" \"$1/heldout6.json\""
      ${CS_PYTHON3_INBOX6} ${CS_INBOX6_DIR}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
else()
  # Never a silent pass: without python3 the test fails and says why.
  add_test(NAME inbox_heldout6_validate
    COMMAND sh -c "echo 'inbox_heldout6_validate: python3 not found' >&2; exit 1")
endif()
set_tests_properties(inbox_heldout6_validate PROPERTIES LABELS unit TIMEOUT 60)
