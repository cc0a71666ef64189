// GPU agreement check, for the device machine (Qt Test is not there, so this
// is a plain program): every built-in's batched forward on CUDA (Auto = the
// grouped kernels) against K single forwards on the CPU, and a landscape grid
// filled by the batched engine on CUDA against the naive engine on the CPU.
// TF32 is switched off first (useExactFloat32, as the app does): with it,
// cuDNN convolutions differ from float32 by about 1e-3.
// Prints one line per check and exits 1 if any check fails.
//   gpu_check

#include <ATen/ATen.h>
#include <torch/cuda.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/Synthetic.h"
#include "core/jobs/Device.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/model/Mlp.h"
#include "core/model/ModelFactory.h"

using namespace modescape;
using nlohmann::json;

namespace {

int failures = 0;

void report(const std::string& what, double error, double tolerance) {
    const bool ok = error <= tolerance;
    failures += ok ? 0 : 1;
    std::printf("%-4s %-58s error %.3g (tolerance %.1g)\n", ok ? "ok" : "FAIL", what.c_str(), error,
                tolerance);
}

// K weight sets with BatchNorm statistics moved off their initial values.
std::vector<model::ParameterSet> weightSets(const model::BuiltinModel& model, int k) {
    std::vector<model::ParameterSet> sets;
    for (int i = 0; i < k; ++i) {
        auto p = model.initialParameters(100 + i);
        at::manual_seed(500 + i);
        for (const auto& e : p.entries()) {
            if (e.name.ends_with("running_mean"))
                p.set(e.name, e.tensor + 0.1 * at::randn(e.tensor.sizes()));
            else if (e.name.ends_with("running_var"))
                p.set(e.name, e.tensor * (0.5 + at::rand(e.tensor.sizes())));
        }
        sets.push_back(p);
    }
    return sets;
}

void checkBatchedForward(const std::string& name, const json& args, at::Tensor x) {
    const auto model = model::makeBuiltinModel(name, args);
    const int k = 4;
    const auto sets = weightSets(*model, k);
    std::vector<at::Tensor> singles;
    for (const auto& s : sets)
        singles.push_back(model->forward(s, x));
    const auto expected = at::stack(singles);
    const auto cuda = at::TensorOptions(at::kCUDA);
    const auto batched =
        model->forwardBatched(model::ParameterSet::stack(sets).to(cuda), x.to(cuda)).cpu();
    const double error = batched.sizes() != expected.sizes()
                             ? INFINITY
                             : (batched - expected).abs().max().item<double>() /
                                   std::max(1.0, expected.abs().max().item<double>());
    report(name + " " + args.dump() + " batched CUDA vs CPU singles", error, 1e-5);
}

void checkLandscape() {
    const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
    data::MoonsOptions moons;
    moons.n = 2000;
    const auto set = data::makeMoons(moons);
    const landscape::EvaluationData data{set.inputs, set.labels, {}};
    const auto centre = mlp.initialParameters(0);
    landscape::LandscapeSettings s;
    s.x = {-1.0, 1.0, 11};
    s.y = {-1.0, 1.0, 11};
    const auto directions =
        landscape::makeDirections(s, [&](const std::string&) { return centre; }, {"centre"}, {});
    s.engine = landscape::Engine::Naive;
    auto onCpu = landscape::makeEmptyResult(s);
    landscape::fillGrid(landscape::GridEvaluator(mlp, directions, data, s, DeviceKind::Cpu), onCpu,
                        {});
    s.engine = landscape::Engine::Batched;
    auto onCuda = landscape::makeEmptyResult(s);
    landscape::fillGrid(landscape::GridEvaluator(mlp, directions, data, s, DeviceKind::Cuda),
                        onCuda, {});
    double worst = 0;
    for (std::size_t i = 0; i < onCpu.loss.size(); ++i)
        worst = std::max(worst, std::abs(onCpu.loss[i] - onCuda.loss[i]) /
                                    std::max(1.0, std::abs(onCpu.loss[i])));
    report("landscape 11x11 MLP: batched CUDA vs naive CPU loss", worst, 1e-5);
}

}  // namespace

int main() {
    if (!torch::cuda::is_available()) {
        std::fprintf(stderr, "gpu_check: no CUDA device\n");
        return 1;
    }
    useExactFloat32();
    at::manual_seed(0);
    std::printf("device: %s\n", describeDevice(DeviceKind::Cuda).c_str());
    checkBatchedForward("mlp", {{"widths", {2, 32, 32, 2}}}, at::randn({512, 2}));
    checkBatchedForward("lenet5", json::object(), at::randn({64, 1, 28, 28}));
    checkBatchedForward("resnet20", {{"norm", "bn"}}, at::randn({16, 3, 32, 32}));
    checkBatchedForward("resnet20", {{"norm", "frn"}}, at::randn({16, 3, 32, 32}));
    checkBatchedForward("resnet18", json::object(), at::randn({8, 3, 32, 32}));
    checkLandscape();
    std::printf("%s\n", failures == 0 ? "all GPU checks passed" : "GPU checks FAILED");
    return failures == 0 ? 0 : 1;
}
