# The ninth hand-written held-out description set (2026-12-03):
# tests/testdata/descriptions/heldout9_pairs.json with its PROVENANCE9.md. This test checks only
# its shape and that the committed JSON and src9/tags.json are what the hand-typed src9/ notes
# make. It never scores the matcher: that is the coordinator's one measurement after merging,
# and nobody who tunes the matcher may read the set.
cs_add_set_check_test(descriptions_heldout9_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions SCRIPT src9/join.py SET heldout9_pairs.json)
