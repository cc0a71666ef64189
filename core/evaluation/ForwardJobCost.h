#pragma once
// What a job of forward passes costs (ForwardCost.h estimates it), in a header
// without LibTorch, so that core/analysis/Analysis.h can name it.

namespace modescape::evaluation {

struct ForwardCost {
    double flops = 0;             // members x samples x per sample
    double seconds = 0;           // at the measured rate; 0 when not measured
    double secondsPerSample = 0;  // one member, one sample, on this machine
    double bytes = 0;             // the predictions made: 4 x members x samples x classes
};

}  // namespace modescape::evaluation
