# The sixth hand-written held-out description set (2026-12-02):
# tests/testdata/descriptions/heldout6_pairs.json with its PROVENANCE6.md. This test checks only
# its shape and that the committed JSON and src6/tags.json are what the hand-typed src6/ notes
# make. It never scores the matcher: that is the coordinator's one measurement after merging,
# and nobody who tunes the matcher may read the set.
find_program(CS_PYTHON3 python3)
if(CS_PYTHON3)
  set(CS_DESC6_DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions)
  add_test(NAME descriptions_heldout6_validate
    COMMAND sh -c "\"$0\" \"$1/src6/join.py\" --check && \"$0\" \"$1/validate.py\" \"$1/heldout6_pairs.json\""
      ${CS_PYTHON3} ${CS_DESC6_DIR}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
else()
  # Never a silent pass: without python3 the test fails and says why.
  add_test(NAME descriptions_heldout6_validate
    COMMAND sh -c "echo 'descriptions_heldout6_validate: python3 not found' >&2; exit 1")
endif()
set_tests_properties(descriptions_heldout6_validate PROPERTIES LABELS unit TIMEOUT 60)
