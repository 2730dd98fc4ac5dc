# Appeal desk: answer-library search latency over 10,000 entries and workflow transition cost.
cs_add_executable(appeals_desk_bench SOURCES appeals_desk_bench.cc DEPS cs_appeals_desk)
