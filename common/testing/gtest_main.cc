// The main() of every GoogleTest binary in the project (cs_add_test links it unless NO_MAIN).
// It adds one thing to gmock_main: when a binary skipped a test and failed none, it prints
// `CS-TEST-SKIPPED`, which cs_add_test gives ctest as SKIP_REGULAR_EXPRESSION. A skip then shows
// as "Skipped" in ctest's summary instead of passing silently. A failure is never printed as a
// skip: the marker is only written when no test failed, because ctest's skip pattern wins over
// the exit code.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

namespace {

class SkipMarker : public testing::EmptyTestEventListener {
  void OnTestProgramEnd(const testing::UnitTest& unit) override {
    if (unit.skipped_test_count() > 0 && unit.failed_test_count() == 0 &&
        !unit.ad_hoc_test_result().Failed()) {
      std::printf("CS-TEST-SKIPPED: %d of %d tests skipped (%d passed); see [  SKIPPED ] above\n",
                  unit.skipped_test_count(), unit.test_to_run_count(),
                  unit.successful_test_count());
      std::fflush(stdout);
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  testing::InitGoogleMock(&argc, argv);
  testing::UnitTest::GetInstance()->listeners().Append(new SkipMarker);
  return RUN_ALL_TESTS();
}
