# The ninth hand-written held-out inbox set (2026-12-03): tests/testdata/inbox/heldout9.json
# (ids p001...) and PROVENANCE9.md, made from the hand-typed chunks in tests/testdata/inbox/src9/.
# HELD OUT: this test reads the set only to check its shape and that the committed JSON is
# exactly what the chunks make. It never runs or scores the triage; the coordinator scores the
# set once. Picked up by the *.cmake glob in tests/CMakeLists.txt.
cs_add_set_check_test(inbox_heldout9_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox SCRIPT src9/build.py SET heldout9.json)
