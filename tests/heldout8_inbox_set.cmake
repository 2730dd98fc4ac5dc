# The eighth hand-written held-out inbox set (2026-12-03): tests/testdata/inbox/heldout8.json
# (ids k001...) and PROVENANCE8.md, made from the hand-typed chunks in tests/testdata/inbox/src8/.
# HELD OUT: this test reads the set only to check its shape and that the committed JSON is
# exactly what the chunks make. It never runs or scores the triage; the coordinator scores the
# set once. Picked up by the *.cmake glob in tests/CMakeLists.txt.
cs_add_set_check_test(inbox_heldout8_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox SCRIPT src8/build.py SET heldout8.json)
