# The seventh hand-written held-out description set (2026-12-03):
# tests/testdata/descriptions/heldout7_pairs.json with its PROVENANCE7.md. This test checks only
# its shape and that the committed JSON and src7/tags.json are what the hand-typed src7/ notes
# make. It never scores the matcher: that is the coordinator's one measurement after merging,
# and nobody who tunes the matcher may read the set.
find_program(CS_PYTHON3 python3)
if(CS_PYTHON3)
  set(CS_DESC7_DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions)
  add_test(NAME descriptions_heldout7_validate
    COMMAND sh -c "\"$0\" \"$1/src7/join.py\" --check && \"$0\" \"$1/validate.py\" \"$1/heldout7_pairs.json\""
      ${CS_PYTHON3} ${CS_DESC7_DIR}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
else()
  # Never a silent pass: without python3 the test fails and says why.
  add_test(NAME descriptions_heldout7_validate
    COMMAND sh -c "echo 'descriptions_heldout7_validate: python3 not found' >&2; exit 1")
endif()
set_tests_properties(descriptions_heldout7_validate PROPERTIES LABELS unit TIMEOUT 60)
