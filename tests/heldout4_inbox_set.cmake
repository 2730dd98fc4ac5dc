# The fourth hand-written held-out inbox set (2026-12-02): tests/testdata/inbox/heldout4.json and
# its PROVENANCE4.md, built from the chunks in tests/testdata/inbox/src4/. This test checks only
# that the committed JSON is what the chunks make and that its shape is valid; it never scores the
# triage (that is the coordinator's one measurement after merging, written in docs/benchmarks.md).
# Kept apart from heldout4_sets.cmake, which another change adds for the descriptions set.
cs_add_set_check_test(inbox_heldout4_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox SCRIPT src4/build.py SET heldout4.json)
