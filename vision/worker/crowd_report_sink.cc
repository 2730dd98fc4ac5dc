#include "vision/worker/crowd_report_sink.h"

#include "common/grpc/time_convert.h"

namespace cs::vision {

CrowdReportSink::CrowdReportSink(std::shared_ptr<grpc::Channel> channel, std::string venue_id)
    : stub_(crowdsafe::v1::CrowdService::NewStub(std::move(channel))), venue_id_(std::move(venue_id)) {}

absl::Status CrowdReportSink::Send(const CameraReport& report) {
  crowdsafe::v1::DensityReport out;
  out.set_venue_id(venue_id_);
  out.set_camera_id(report.camera_id);
  *out.mutable_captured_at() = ToProtoTime(report.captured_at);
  for (const auto& r : report.regions) {
    auto* region = out.add_regions();
    region->set_region_id(r.region_id);
    region->set_count(r.count);
    region->set_area_m2(r.area_m2);
  }
  out.set_worker_fps(report.fps);
  out.set_worker_lag_s(report.lag_s);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  crowdsafe::v1::DensityReportAck ack;
  grpc::Status s = stub_->ReportDensity(&ctx, out, &ack);
  if (s.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(s.error_code()), s.error_message());
}

}  // namespace cs::vision
