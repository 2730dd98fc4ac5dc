# The third hand-written held-out sets (2026-12-02): the description pairs
# (tests/testdata/descriptions/heldout3_pairs.json) and the inbox messages
# (tests/testdata/inbox/heldout3.json), each with its PROVENANCE3.md. These tests check only their
# shape and that the committed JSON is what the hand-written chunks make; they never score the
# matcher or the triage (that is the coordinator's measurement, written in docs/benchmarks.md).
cs_add_set_check_test(descriptions_heldout3_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/descriptions SCRIPT src3/join.py SET heldout3_pairs.json)
cs_add_set_check_test(inbox_heldout3_validate
  DIR ${CMAKE_SOURCE_DIR}/tests/testdata/inbox SET heldout3.json)
