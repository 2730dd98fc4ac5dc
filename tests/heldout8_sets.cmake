# The eighth hand-written held-out description set (2026-12-03):
# tests/testdata/descriptions/heldout8_pairs.json with its PROVENANCE8.md. This test checks only
# its shape and that the committed JSON and src8/tags.json are what the hand-typed src8/ notes
# make. It never scores the matcher: that is the coordinator's one measurement after merging,
# and nobody who tunes the matcher may read the set.
cs_add_set_check_test(descriptions_heldout8_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions SCRIPT src8/join.py SET heldout8_pairs.json)
