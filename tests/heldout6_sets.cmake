# The sixth hand-written held-out description set (2026-12-02):
# tests/testdata/descriptions/heldout6_pairs.json with its PROVENANCE6.md. This test checks only
# its shape and that the committed JSON and src6/tags.json are what the hand-typed src6/ notes
# make. It never scores the matcher: that is the coordinator's one measurement after merging,
# and nobody who tunes the matcher may read the set.
cs_add_set_check_test(descriptions_heldout6_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions SCRIPT src6/join.py SET heldout6_pairs.json)
