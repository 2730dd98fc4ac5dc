# The fourth hand-written held-out description set (2026-12-02):
# tests/testdata/descriptions/heldout4_pairs.json with its PROVENANCE4.md. This test checks only
# its shape, that its author tags agree with the values, and that the committed JSON is what the
# hand-written src4/ chunks make. It never scores the matcher: that is the coordinator's one
# measurement after merging, and nobody who tunes the matcher may read the set.
cs_add_set_check_test(descriptions_heldout4_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions SCRIPT src4/join.py SET heldout4_pairs.json)
