#pragma once
// Every number of the two-moons demo recipe in one place (DemoRecipes.cpp
// builds the set from it; docs/make-set.md explains the choices). The data are
// made hard on purpose: few noisy training points whose classes overlap and a
// small network, so that the groups differ in accuracy, NLL, ECE and
// diversity instead of all scoring 99.9%. Changing any value changes the demo
// set: bump kDemoSetVersion (DemoCache.h) with it.

#include <cstdint>
#include <vector>

namespace modescape::sampling {

struct TwoMoonsRecipe {
    // Data: moons with Gaussian noise (classes overlap at this noise), a test
    // split large enough for stable metrics, and an OOD ring outside the data.
    std::int64_t trainPoints = 200;
    double noise = 0.3;
    std::int64_t testPoints = 1000;
    std::int64_t oodPoints = 500;
    double oodRadius = 3.0;

    std::vector<std::int64_t> widths{2, 16, 16, 2};

    // The deep ensemble (member 0 also gives the trajectory and is the start of
    // SWAG, HMC and Laplace).
    int ensembleSize = 10;
    int epochs = 60;
    std::int64_t batchSize = 32;
    double learningRate = 0.05;
    double weightDecay = 1e-4;

    double swagLearningRate = 0.01;
    double dropout = 0.1;

    // A wider prior and a longer, thinned chain than SGD's neighbourhood: the
    // samples' far-field extrapolations differ, so their mutual information
    // detects the OOD ring, which max-probability cannot for ReLU networks.
    double hmcPriorStd = 2.0;
    int hmcBurnIn = 100;
    int hmcThinning = 10;
    int hmcLeapfrogSteps = 30;
    double hmcStepSize = 2e-3;

    int sgmcmcCycles = 4;
    int sgmcmcEpochsPerCycle = 30;
    double sgmcmcStepSize = 5e-4;
    double sgmcmcPriorStd = 1.0;

    double laplacePriorStd = 1.0;

    int samplesPerGroup = 20;  // SWAG, MC dropout, HMC, cSG-MCMC, Laplace
};

}  // namespace modescape::sampling
