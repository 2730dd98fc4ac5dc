# The fifth hand-written held-out inbox set (2026-12-02): tests/testdata/inbox/heldout5.json and
# its PROVENANCE5.md, built from the chunks in tests/testdata/inbox/src5/. This test checks only
# that the committed JSON is what the chunks make and that its shape is valid; it never scores the
# triage (that is the coordinator's one measurement after merging, written in docs/benchmarks.md).
# One file per set, picked up by the glob in tests/CMakeLists.txt.
cs_add_set_check_test(inbox_heldout5_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox SCRIPT src5/build.py SET heldout5.json)
