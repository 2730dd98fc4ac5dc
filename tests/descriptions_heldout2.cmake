# The second hand-written held-out description set (tests/testdata/descriptions/heldout2_pairs.json,
# PROVENANCE2.md): the committed JSON is what src2/build.py makes of the notation, and it passes
# validate.py's shape checks (which also print its noise rates). Plain python3, no build needed.
cs_add_set_check_test(descriptions_heldout2_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions SCRIPT src2/build.py SET heldout2_pairs.json TAGS src2/tags.json)
