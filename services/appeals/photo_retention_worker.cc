#include "services/appeals/photo_retention_worker.h"

#include "common/logging.h"

namespace cs::appeals {

PhotoRetentionWorker::PhotoRetentionWorker(PhotoRetention retention,
                                           std::chrono::milliseconds period)
    : retention_(std::move(retention)),
      loop_(
          "appeal-photo-retention", [this] { PassOnce(); }, period) {}

void PhotoRetentionWorker::PassOnce() {
  auto count = retention_.PurgeOnce();
  if (!count.ok()) {
    CS_LOG_WARN("appeal photo retention pass failed error={}", count.status().ToString());
    return;
  }
  if (count->appeals > 0) CS_LOG_INFO("appeal photos purged appeals={}", count->appeals);
  if (count->skipped > 0)
    CS_LOG_WARN("appeal photo retention left for later appeals={}", count->skipped);
}

}  // namespace cs::appeals
