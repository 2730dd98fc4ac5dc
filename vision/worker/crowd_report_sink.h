// ReportSink over gRPC: each CameraReport becomes one crowdsafe.v1.DensityReport to
// crowd-service, with a short deadline (a late density reading is a wrong one).
//
// Thread-safety: thread-safe (gRPC stubs are).
#pragma once

#include <grpcpp/grpcpp.h>

#include <memory>

#include "crowdsafe/v1/crowd.grpc.pb.h"
#include "vision/worker/camera_loop.h"

namespace cs::vision {

class CrowdReportSink final : public ReportSink {
 public:
  CrowdReportSink(std::shared_ptr<grpc::Channel> channel, std::string venue_id);
  absl::Status Send(const CameraReport& report) override;

 private:
  std::unique_ptr<crowdsafe::v1::CrowdService::Stub> stub_;
  std::string venue_id_;
};

}  // namespace cs::vision
