#include "services/appeals/expiry_sweeper.h"

#include "common/logging.h"

namespace cs::appeals {

ExpirySweeper::ExpirySweeper(Sweep sweep, std::chrono::milliseconds period)
    : sweep_(std::move(sweep)), loop_("appeal-expiry", [this] { SweepOnce(); }, period) {}

void ExpirySweeper::SweepOnce() {
  auto expired = sweep_();
  if (!expired.ok()) {
    CS_LOG_WARN("appeal expiry sweep failed error={}", expired.status().ToString());
  } else if (*expired > 0) {
    CS_LOG_INFO("appeals expired count={}", *expired);
  }
}

}  // namespace cs::appeals
