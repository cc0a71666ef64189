#include "core/sampling/DemoRecipes.h"

#include <ATen/ATen.h>

#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <sstream>
#include <thread>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/data/DatasetSpec.h"
#include "core/model/LeNet5.h"
#include "core/model/Mlp.h"
#include "core/model/ModelFactory.h"
#include "core/sampling/DemoCache.h"
#include "core/sampling/Hmc.h"
#include "core/sampling/LastLayerLaplace.h"
#include "core/sampling/McDropout.h"
#include "core/sampling/SetWriter.h"
#include "core/sampling/SgMcmc.h"
#include "core/sampling/SideBySide.h"
#include "core/sampling/Swag.h"
#include "core/sampling/TwoMoonsRecipe.h"

namespace modescape::sampling {
namespace {

std::string twoDigits(int i) {
    return (i < 10 ? "0" : "") + std::to_string(i);
}

// A Dataset plus the spec string recorded in the manifest.
struct Split {
    std::string spec;
    data::Dataset data;
};
Split load(const std::string& spec) {
    return {spec, data::loadDataset(spec)};
}

void append(std::vector<Member>& all, SamplerOutput&& out, RecipeReport& report) {
    for (auto& m : out.members)
        all.push_back(std::move(m));
    for (auto& [k, v] : out.statistics)
        report.statistics[k] = v;
}

void scoreGroups(const model::Model& model, const std::vector<Member>& members,
                 const data::Dataset& test, RecipeReport& report) {
    std::map<std::string, std::pair<double, int>> sums;
    for (const auto& m : members) {
        const double acc = accuracy(model, m.weights, test);
        auto& s = sums[m.group];
        s.first += acc, s.second += 1;
        auto it = report.minTestAccuracyByGroup.find(m.group);
        if (it == report.minTestAccuracyByGroup.end() || acc < it->second)
            report.minTestAccuracyByGroup[m.group] = acc;
    }
    for (auto& [group, s] : sums)
        report.testAccuracyByGroup[group] = s.first / s.second;
}

// Member i of a deep ensemble; member 0 also yields the per-epoch trajectory.
Member trainEnsembleMember(const model::BuiltinModel& model, const data::Dataset& train, int i,
                           SgdOptions sgd, std::uint64_t seed, const JobContext& context,
                           double from, double to, std::vector<Member>* trajectory) {
    const std::uint64_t memberSeed = seed + 1 + i;
    model::ParameterSet weights = model.initialParameters(memberSeed);
    sgd.seed = memberSeed;
    EpochCallback onEpoch;
    if (trajectory)
        onEpoch = [&](int epoch, double loss, const model::ParameterSet& w) {
            Member step;
            step.name = "epoch-" + (epoch < 100 ? twoDigits(epoch) : std::to_string(epoch));
            step.group = "trajectory";
            step.weights = w.clone();
            for (auto& e : step.weights.entries())
                step.weights.set(e.name, e.tensor.detach().clone());
            step.metadata = {{"epoch", std::to_string(epoch)},
                             {"seed", std::to_string(memberSeed)},
                             {"train_loss", std::to_string(loss)}};
            trajectory->push_back(std::move(step));
        };
    const double lastLoss = trainSgd(model, weights, train, sgd, context, onEpoch, from, to);
    Member m;
    m.name = "ensemble-" + twoDigits(i);
    try {
        requireLearned(
            "deep-ensemble member " + m.name + " (seed " + std::to_string(memberSeed) + ")",
            lastLoss, train.labels.max().item<std::int64_t>() + 1);
    } catch (const Error& e) {
        throw Error(std::string(e.what()) + "; no set was written: try another --seed");
    }
    m.group = "deep-ensemble";
    m.weights = std::move(weights);
    m.metadata = {{"seed", std::to_string(memberSeed)}, {"epoch", std::to_string(sgd.epochs)}};
    return m;
}

// Deep ensemble of `size` members; member 0 also yields the per-epoch trajectory.
std::vector<Member> trainEnsemble(const model::BuiltinModel& model, const data::Dataset& train,
                                  int size, SgdOptions sgd, std::uint64_t seed,
                                  const JobContext& context, double from, double to,
                                  std::vector<Member>& trajectory) {
    std::vector<Member> members;
    for (int i = 0; i < size; ++i) {
        const double a = from + (to - from) * i / size, b = from + (to - from) * (i + 1) / size;
        members.push_back(trainEnsembleMember(model, train, i, sgd, seed, context, a, b,
                                              i == 0 ? &trajectory : nullptr));
    }
    return members;
}

// MC-dropout members use the dropout MLP's module numbering ("0", "3", "6");
// folded, they are plain MLPs, so they take the plain numbering ("0", "2", "4")
// to share one parameter list with the rest of the set.
void renameToPlainMlp(Member& member, const model::MlpModel& dropoutModel,
                      const model::MlpModel& plainModel) {
    model::ParameterSet renamed;
    for (std::size_t i = 0; i < dropoutModel.linearNames().size(); ++i)
        for (const char* suffix : {".weight", ".bias"})
            renamed.add(plainModel.linearNames()[i] + suffix,
                        member.weights.at(dropoutModel.linearNames()[i] + suffix));
    member.weights = std::move(renamed);
}

std::string moonsSpec(const char* kind, std::int64_t n, double noise, std::uint64_t seed) {
    std::ostringstream spec;
    spec << kind << ":n=" << n << ",noise=" << noise << ",seed=" << seed;
    return spec.str();
}

RecipeReport makeTwoMoons(const std::string& folder, std::uint64_t seed, const JobContext& context,
                          io::ReplacePolicy replace) {
    const TwoMoonsRecipe recipe;
    RecipeReport report;
    const Split train = load(moonsSpec("moons", recipe.trainPoints, recipe.noise, seed));
    const Split test = load(moonsSpec("moons", recipe.testPoints, recipe.noise, seed + 1));
    std::ostringstream oodSpec;
    oodSpec << "moons-ood:n=" << recipe.oodPoints << ",radius=" << recipe.oodRadius
            << ",seed=" << seed + 2;
    const Split ood = load(oodSpec.str());
    const nlohmann::json modelArgs = {
        {"widths", recipe.widths}, {"activation", "relu"}, {"dropout", 0.0}};
    const auto model = model::makeBuiltinModel("mlp", modelArgs);
    const auto& mlp = dynamic_cast<const model::MlpModel&>(*model);

    SgdOptions sgd;
    sgd.epochs = recipe.epochs;
    sgd.batchSize = recipe.batchSize;
    sgd.learningRate = recipe.learningRate;
    sgd.weightDecay = recipe.weightDecay;

    std::vector<Member> all, trajectory;
    context.report(0.0, "training the deep ensemble");
    auto ensemble = trainEnsemble(mlp, train.data, recipe.ensembleSize, sgd, seed, context, 0.0,
                                  0.45, trajectory);

    context.report(0.45, "SWAG");
    SwagOptions swag;
    swag.collectEpochs = 20;
    swag.rank = 10;
    swag.samples = recipe.samplesPerGroup;
    swag.sgd = sgd;
    swag.sgd.learningRate = recipe.swagLearningRate;
    swag.seed = seed + 100;
    const SwagPosterior posterior =
        fitSwag(mlp, ensemble[0].weights.clone(), train.data, swag, context, 0.45, 0.55);
    append(all, sampleSwag(posterior, ensemble[0].weights, swag), report);

    context.report(0.55, "MC dropout");
    model::MlpConfig dropoutConfig = mlp.config();
    dropoutConfig.dropout = recipe.dropout;
    const model::MlpModel dropoutMlp(dropoutConfig);
    model::ParameterSet dropoutWeights = dropoutMlp.initialParameters(seed + 200);
    SgdOptions dropoutSgd = sgd;
    dropoutSgd.dropout = true;
    dropoutSgd.seed = seed + 200;
    trainSgd(dropoutMlp, dropoutWeights, train.data, dropoutSgd, context, {}, 0.55, 0.65);
    SamplerOutput dropout =
        foldDropoutMasks(dropoutMlp, dropoutWeights, recipe.samplesPerGroup, seed + 201);
    for (auto& m : dropout.members)
        renameToPlainMlp(m, dropoutMlp, mlp);
    append(all, std::move(dropout), report);

    context.report(0.65, "HMC");
    HmcOptions hmc;
    hmc.priorStd = recipe.hmcPriorStd;
    hmc.burnIn = recipe.hmcBurnIn;
    hmc.samples = recipe.samplesPerGroup;
    hmc.thinning = recipe.hmcThinning;
    hmc.leapfrogSteps = recipe.hmcLeapfrogSteps;
    hmc.stepSize = recipe.hmcStepSize;
    hmc.seed = seed + 300;
    append(all, runHmc(mlp, ensemble[0].weights, train.data, hmc, context, 0.65, 0.8), report);

    context.report(0.8, "cyclical SG-MCMC");
    SgMcmcOptions mcmc;
    mcmc.priorStd = recipe.sgmcmcPriorStd;
    mcmc.cycles = recipe.sgmcmcCycles;
    mcmc.epochsPerCycle = recipe.sgmcmcEpochsPerCycle;
    mcmc.samples = recipe.samplesPerGroup;
    mcmc.batchSize = recipe.batchSize;
    mcmc.stepSize = recipe.sgmcmcStepSize;
    mcmc.seed = seed + 400;
    append(all,
           runSgMcmc(mlp, mlp.initialParameters(seed + 400), train.data, mcmc, context, 0.8, 0.92),
           report);

    context.checkCancelled();  // Laplace and the scoring below do not look themselves
    LaplaceOptions laplace;
    laplace.weightName = mlp.linearNames().back() + ".weight";
    laplace.priorStd = recipe.laplacePriorStd;
    laplace.samples = recipe.samplesPerGroup;
    laplace.seed = seed + 500;
    append(all, sampleLastLayerLaplace(mlp, ensemble[0].weights, train.data, laplace), report);

    for (auto& m : ensemble)
        all.push_back(std::move(m));
    for (auto& m : trajectory)
        all.push_back(std::move(m));
    context.checkCancelled();
    context.report(0.93, "scoring members");
    scoreGroups(mlp, all, test.data, report);

    SetDescription description;
    description.model = {{"builtin", "mlp"}, {"args", modelArgs}};
    description.datasets = {{"train", train.spec}, {"test", test.spec}, {"ood", ood.spec}};
    description.provenance = {
        {"recipe", "two-moons"}, {"seed", seed}, {"statistics", report.statistics}};
    context.report(0.96, "writing the set");
    writeCheckpointSet(folder, description, all, replace, context, 0.96, 1.0);
    report.members = all.size();
    return report;
}

RecipeReport makeFashionLenet(const std::string& folder, std::uint64_t seed,
                              const JobContext& context, io::ReplacePolicy replace) {
    RecipeReport report;
    const Split train = load("fashion-mnist:train");
    const Split test = load("fashion-mnist:test");
    const nlohmann::json modelArgs = {{"in_channels", 1}, {"num_classes", 10}};
    const auto model = model::makeBuiltinModel("lenet5", modelArgs);

    SgdOptions sgd;
    sgd.epochs = 6;
    sgd.batchSize = 128;
    sgd.learningRate = 0.05;
    sgd.weightDecay = 5e-4;
    // One epoch of warm-up: at the full rate from the first step, member 1 of
    // seed 0 died in its first epoch (every unit dead, uniform predictions).
    sgd.warmupSteps = (train.data.size() + sgd.batchSize - 1) / sgd.batchSize;
    std::vector<Member> all, trajectory;
    SwagOptions swag;
    swag.collectEpochs = 5;
    swag.rank = 5;
    swag.samples = 10;
    swag.sgd = sgd;
    swag.sgd.learningRate = 0.01;
    swag.sgd.warmupSteps = 0;  // SWAG starts from a trained member
    swag.seed = seed + 100;

    // Five ensemble members and SWAG (which starts from member 0) side by
    // side on every core: the same runs as one after another, in less time.
    constexpr int kMembers = 5;
    std::vector<Member> ensemble(kMembers);
    std::optional<SwagPosterior> posterior;
    std::promise<void> firstDone;
    std::shared_future<void> first = firstDone.get_future().share();
    std::vector<std::function<void(const JobContext&)>> tasks;
    for (int i = 0; i < kMembers; ++i)
        tasks.push_back([&, i](const JobContext& c) {
            try {
                ensemble[std::size_t(i)] = trainEnsembleMember(
                    *model, train.data, i, sgd, seed, c, 0, 1, i == 0 ? &trajectory : nullptr);
            } catch (...) {
                if (i == 0)
                    firstDone.set_exception(std::current_exception());
                throw;
            }
            if (i == 0)
                firstDone.set_value();
        });
    tasks.push_back([&](const JobContext& c) {
        first.get();  // rethrows member 0's failure
        posterior = fitSwag(*model, ensemble[0].weights.clone(), train.data, swag, c, 0, 1);
    });
    runSideBySide(tasks, sideBySideWorkers(int(tasks.size())),
                  kMembers * sgd.epochs + swag.collectEpochs, context, 0.0, 0.9);
    append(all, sampleSwag(*posterior, ensemble[0].weights, swag), report);
    for (auto& m : ensemble)
        all.push_back(std::move(m));
    for (auto& m : trajectory)
        all.push_back(std::move(m));
    context.checkCancelled();
    context.report(0.9, "scoring members");
    scoreGroups(*model, all, test.data, report);

    SetDescription description;
    description.model = {{"builtin", "lenet5"}, {"args", modelArgs}};
    description.datasets = {{"train", train.spec}, {"test", test.spec}};
    description.provenance = {{"recipe", "fashion-lenet"}, {"seed", seed}};
    writeCheckpointSet(folder, description, all, replace, context, 0.9, 1.0);
    report.members = all.size();
    return report;
}

}  // namespace

const std::vector<std::string>& recipeNames() {
    static const std::vector<std::string> names{"two-moons", "fashion-lenet"};
    return names;
}

RecipeReport makeRecipeSet(const std::string& recipe, const std::string& folder, std::uint64_t seed,
                           const JobContext& context, io::ReplacePolicy replace) {
    io::checkOutputFolder(folder, io::kCheckpointSetOutput, replace);  // before minutes of training
    const auto start = std::chrono::steady_clock::now();
    RecipeReport report;
    if (recipe == "two-moons")
        report = makeTwoMoons(folder, seed, context, replace);
    else if (recipe == "fashion-lenet")
        report = makeFashionLenet(folder, seed, context, replace);
    else
        throw InvalidArgument("unknown set recipe '" + recipe +
                              "' (known: two-moons, fashion-lenet)");
    // two-moons with the demo's seed is the demo set, wherever it is written:
    // stamped, `modescape demo` and the window can use it as it is.
    if (recipe == kDemoRecipe && seed == kDemoSeed)
        stampDemoSet(folder);
    report.folder = folder;
    report.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    context.report(1.0, "set written to " + folder);
    return report;
}

}  // namespace modescape::sampling
