# The seventh hand-written held-out inbox set (2026-12-03): tests/testdata/inbox/heldout7.json
# (ids x001...) and PROVENANCE7.md, made from the chunks in tests/testdata/inbox/src7/.
# HELD OUT: this test reads the set only to check its shape and that the JSON is exactly what
# the chunks make. It never runs or scores the triage; the coordinator scores the set once.
# Picked up by the *.cmake glob in tests/CMakeLists.txt.
cs_add_set_check_test(inbox_heldout7_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox SCRIPT src7/build.py SET heldout7.json)
