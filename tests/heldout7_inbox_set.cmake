# The seventh hand-written held-out inbox set (2026-12-03): tests/testdata/inbox/heldout7.json
# (ids x001...) and PROVENANCE7.md, made from the chunks in tests/testdata/inbox/src7/.
# HELD OUT: this test reads the set only to check its shape and that the JSON is exactly what
# the chunks make. It never runs or scores the triage; the coordinator scores the set once.
# Picked up by the *.cmake glob in tests/CMakeLists.txt.
find_program(CS_PYTHON3_INBOX7 python3)
set(CS_INBOX7_DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox)
if(CS_PYTHON3_INBOX7)
  add_test(NAME inbox_heldout7_validate
    COMMAND sh -c "\"$0\" \"$1/src7/build.py\" --check && \"$0\" \"$1/validate.py\" \"$1/heldout7.json\""
      ${CS_PYTHON3_INBOX7} ${CS_INBOX7_DIR}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
else()
  # No python3 means the set cannot be checked: fail and say so rather than pass silently.
  add_test(NAME inbox_heldout7_validate
    COMMAND sh -c "echo 'inbox_heldout7_validate: python3 not found' >&2; exit 1")
endif()
set_tests_properties(inbox_heldout7_validate PROPERTIES LABELS unit TIMEOUT 60)
