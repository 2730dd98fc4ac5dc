# The second hand-written held-out description set (tests/testdata/descriptions/heldout2_pairs.json,
# PROVENANCE2.md): the committed JSON is what src2/build.py makes of the notation, and it passes
# validate.py's shape checks (which also print its noise rates). Plain python3, no build needed.
find_program(CS_PYTHON3 python3)
if(CS_PYTHON3)
  set(CS_DESC_DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions)
  add_test(NAME descriptions_heldout2_validate
    COMMAND sh -c "\"$0\" \"$1/src2/build.py\" --check && \"$0\" \"$1/validate.py\" \"$1/heldout2_pairs.json\" --tags=\"$1/src2/tags.json\""
      ${CS_PYTHON3} ${CS_DESC_DIR}
    WORKING_DIRECTORY ${CMAKE_SOURCE_DIR})
else()
  # Never a silent pass: without python3 the test fails and says why.
  add_test(NAME descriptions_heldout2_validate
    COMMAND sh -c "echo 'descriptions_heldout2_validate: python3 not found' >&2; exit 1")
endif()
set_tests_properties(descriptions_heldout2_validate PROPERTIES LABELS unit TIMEOUT 60)
