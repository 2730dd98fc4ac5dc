// Causal smoothing of a count over consecutive frames of one camera. A fixed camera's crowd
// changes over seconds while each frame's estimate jitters with pose and occlusion, so an
// exponential average trades a little lag for much less noise. One per region; not thread-safe.
#pragma once

namespace cs::vision {

class CountSmoother {
 public:
  // alpha in (0, 1]: the weight of the newest frame; 1 passes values through unchanged.
  explicit CountSmoother(double alpha) : alpha_(alpha) {}

  // Adds one frame's count and returns the smoothed count. The first value is returned as is,
  // so a camera starts at its first estimate rather than climbing from zero.
  double Add(double count) {
    value_ = started_ ? value_ + alpha_ * (count - value_) : count;
    started_ = true;
    return value_;
  }
  void Reset() { started_ = false; }

 private:
  double alpha_;
  double value_ = 0;
  bool started_ = false;
};

}  // namespace cs::vision
