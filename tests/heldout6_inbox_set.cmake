# The sixth hand-written held-out inbox set (2026-12-02): tests/testdata/inbox/heldout6.json (ids
# w001...) and its PROVENANCE6.md, built from the chunks in tests/testdata/inbox/src6/. This test
# checks only that the committed JSON is what the chunks make and that its shape is valid; it
# never scores the triage (that is the coordinator's one measurement after merging).
# One file per set, picked up by the glob in tests/CMakeLists.txt.
cs_add_set_check_test(inbox_heldout6_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox SCRIPT src6/build.py SET heldout6.json)
