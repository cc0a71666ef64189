// Whole-set computations on members read in storage order: the panel-streamed
// Gram and distances against the column-block ones, and the randomized PCA
// against the exact one on a set with a known, decaying spectrum; t-SNE and
// MDS from principal coordinates against the full distances; the Gram from
// block-pair units (what MPI ranks share) against the streamed one.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <random>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/projection/Distances.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/Pca.h"
#include "core/projection/PcaChoice.h"
#include "core/projection/PcaMapInput.h"
#include "core/projection/RandomizedPca.h"
#include "core/projection/SharedGram.h"
#include "core/projection/SharedRandomizedPca.h"
#include "core/projection/StreamedGram.h"
#include "core/projection/Tsne.h"
#include "core/projection/TsneAffinities.h"
#include "tests/projection/StreamedSets.h"

using namespace modescape;
using namespace modescape::projection;
using namespace test;

namespace {

// Largest principal angle (radians) between the column spaces of a and b.
double largestPrincipalAngle(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
    const Eigen::MatrixXd qa = Eigen::HouseholderQR<Eigen::MatrixXd>(a).householderQ() *
                               Eigen::MatrixXd::Identity(a.rows(), a.cols());
    const Eigen::MatrixXd qb = Eigen::HouseholderQR<Eigen::MatrixXd>(b).householderQ() *
                               Eigen::MatrixXd::Identity(b.rows(), b.cols());
    const Eigen::JacobiSVD<Eigen::MatrixXd> svd(qa.transpose() * qb);
    return std::acos(std::min(1.0, svd.singularValues().minCoeff()));
}

// A sharing that computes every unit here, handing them out last first, two
// at a time (as ranks might get them), and notes the order in `handedOut`.
auto lastFirstTwoAtATime(std::vector<std::int64_t>& handedOut) {
    return [&handedOut](const UnitWork& work, const JobContext& job) {
        std::vector<std::int64_t> units(work.units.rbegin(), work.units.rend());
        for (std::size_t u = 0; u < units.size(); u += 2) {
            const std::vector<std::int64_t> chunk(
                units.begin() + std::ptrdiff_t(u),
                units.begin() + std::ptrdiff_t(std::min(units.size(), u + 2)));
            handedOut.insert(handedOut.end(), chunk.begin(), chunk.end());
            work.take(chunk, work.compute(chunk, job));
        }
        return true;
    };
}

}  // namespace

class TestStreamedPca : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // The panel passes give the column-block Gram; the only difference is one
    // float32 rounding of x - x_0 (relative 6e-8 of the shifted rows).
    void streamedGramMatchesBlockGram() {
        const at::Tensor x = decayingSet(37, 900, 1);
        const GramMatrices blocks = computeGram(TensorBlockSource(x), JobContext{});
        for (const int64_t panel : {0, 5, 37}) {
            int64_t passes = 0;
            const GramMatrices rows =
                streamedGram(TensorRowSource(x), JobContext{}, &passes, panel);
            QCOMPARE(passes, panel == 5 ? int64_t(8) : int64_t(1));
            QVERIFY2(relativeDifference(blocks.centred, rows.centred) < 1e-6,
                     qPrintable(QString::number(relativeDifference(blocks.centred, rows.centred))));
            QVERIFY(relativeDifference(blocks.raw, rows.raw) < 1e-6);
        }
    }

    // The Gram from block-pair units (as MPI ranks compute them, here handed
    // out last first, two at a time) is the streamed one: the same float32
    // shifted rows, the same exact float64 products; only the grouping of
    // addmm's additions differs (1e-15 relative).
    void sharedGramMatchesStreamedGram() {
        const at::Tensor x = decayingSet(11, 500, 3);
        const GramMatrices streamed = streamedGram(TensorRowSource(x), JobContext{});
        std::vector<std::int64_t> handedOut;
        UnitSharing sharing;
        sharing.processes = 2;  // 4 blocks of 3, 3, 3, 2 members: 10 block pairs
        sharing.share = lastFirstTwoAtATime(handedOut);
        std::int64_t units = 0;
        const auto shared =
            sharedGram(TensorRowSource(x), sharing, JobContext{}, GramProducts::Float64, &units);
        QVERIFY(shared.has_value());
        QCOMPARE(units, std::int64_t(10));
        QCOMPARE(handedOut.size(), std::size_t(10));
        QVERIFY2(
            relativeDifference(streamed.centred, shared->centred) < 1e-13,
            qPrintable(QString::number(relativeDifference(streamed.centred, shared->centred))));
        QVERIFY(relativeDifference(streamed.raw, shared->raw) < 1e-13);
        QCOMPARE(shared->raw(2, 7), shared->raw(7, 2));

        // Float32 BLAS products: as streamedGram's float32 path, to ~1e-7.
        const GramMatrices fast =
            streamedGram(TensorRowSource(x), JobContext{}, nullptr, 0, GramProducts::Float32);
        const auto sharedFast =
            sharedGram(TensorRowSource(x), sharing, JobContext{}, GramProducts::Float32);
        QVERIFY(relativeDifference(fast.centred, sharedFast->centred) < 1e-6);

        // A process that only computes for the collector gets nothing back.
        sharing.share = [](const UnitWork& work, const JobContext& job) {
            work.compute({0}, job);
            return false;
        };
        QVERIFY(!sharedGram(TensorRowSource(x), sharing, JobContext{}).has_value());
    }

    // The randomized PCA's passes in member-block units (as MPI ranks share
    // them; here handed out last first, two at a time): the same rows of Y in
    // their places, the same sums in another order, so the same PCA as one
    // pass in order (float32 products too: a block is whole batches).
    void sharedRandomizedMatchesOneProcess() {
        const at::Tensor x = decayingSet(150, 900, 4);
        for (const GramProducts products : {GramProducts::Float64, GramProducts::Float32}) {
            RandomizedPcaOptions options;
            options.seed = 5;
            options.products = products;
            const RandomizedPcaRun one = randomizedPca(TensorRowSource(x), options, JobContext{});
            std::vector<std::int64_t> handedOut;
            UnitSharing sharing;
            sharing.processes = 2;
            sharing.share = lastFirstTwoAtATime(handedOut);
            std::int64_t units = 0;
            const auto shared =
                randomizedPca(TensorRowSource(x), options, sharing, JobContext{}, &units);
            QVERIFY(shared.has_value());
            // Float64: 8 blocks of 19 members (the last of 17); float32: blocks
            // of whole 64-member batches (64, 64, 22). Three passes.
            const bool float64 = products == GramProducts::Float64;
            QCOMPARE(units, std::int64_t(float64 ? 24 : 9));
            QCOMPARE(handedOut.size(), std::size_t(float64 ? 24 : 9));
            const double tolerance = float64 ? 1e-12 : 1e-9;
            const double d = relativeDifference(one.pca.scores, shared->pca.scores);
            QVERIFY2(d < tolerance, qPrintable(QString::number(d)));
            QVERIFY(relativeDifference(one.pca.scores, Eigen::MatrixXd::Zero(150, 2)) > 0.5);
            for (int j = 0; j < 2; ++j)
                QVERIFY(std::abs(one.pca.explainedVarianceRatio[j] -
                                 shared->pca.explainedVarianceRatio[j]) < tolerance);
        }
        // A process that only computes for the collector gets nothing back.
        UnitSharing computesOnly;
        computesOnly.processes = 2;
        computesOnly.share = [](const UnitWork& work, const JobContext& job) {
            work.compute({0}, job);
            return false;
        };
        QVERIFY(
            !randomizedPca(TensorRowSource(x), RandomizedPcaOptions{}, computesOnly, JobContext{})
                 .has_value());
    }

    // A run with --out commits each finished pass (UnitSharing::commitRound;
    // here kept in memory) and one killed in its third pass, run again,
    // takes the last committed pass and computes only the third: the same
    // scores, bit for bit (the passes after it are the uninterrupted run's).
    // A committed pass of another shape is refused, never used.
    void randomizedPcaResumesAfterItsLastCommittedPass() {
        const at::Tensor x = decayingSet(60, 500, 6);
        RandomizedPcaOptions options;
        options.seed = 3;
        options.products = GramProducts::Float64;
        struct Kept {
            std::string key;
            std::int64_t rounds = 0, round = -1;
            std::string state;
        } kept;
        std::vector<std::int64_t> computed;  // units computed, over all passes
        std::int64_t failAtRound = -1;       // the pass in which the process is "killed"
        std::int64_t round = 0;              // the pass now running
        UnitSharing sharing;
        sharing.share = [&](const UnitWork& work, const JobContext& job) {
            for (const std::int64_t unit : work.units) {
                if (round == failAtRound && unit == 2)
                    throw Error("killed");
                computed.push_back(unit);
                work.take({unit}, work.compute({unit}, job));
            }
            ++round;
            return true;
        };
        std::int64_t roundsAsked = 0;
        sharing.lastRound = [&](const std::string& key, std::int64_t rounds, const std::string&) {
            roundsAsked = rounds;
            return key == kept.key ? std::make_pair(kept.round, kept.state)
                                   : std::make_pair(std::int64_t(-1), std::string());
        };
        sharing.commitRound = [&](const std::string& key, std::int64_t rounds, std::int64_t r,
                                  const std::string& state) {
            QVERIFY(r == kept.round + 1 || key != kept.key);
            kept = {key, rounds, r, state};
        };
        std::int64_t units = 0;
        const auto whole =
            randomizedPca(TensorRowSource(x), options, sharing, JobContext{}, &units);
        QVERIFY(whole.has_value());
        QCOMPARE(units, std::int64_t(12));  // four blocks of 15 members, three passes
        QCOMPARE(computed.size(), std::size_t(12));
        QCOMPARE(kept.round, std::int64_t(1));
        QCOMPARE(roundsAsked, std::int64_t(2));  // three passes: the first two are committed

        // Killed in the third pass (its third block): passes 1 and 2 committed.
        kept = {};
        computed.clear();
        round = 0;
        failAtRound = 2;
        QVERIFY_THROWS_EXCEPTION(Error,
                                 randomizedPca(TensorRowSource(x), options, sharing, JobContext{}));
        QCOMPARE(kept.round, std::int64_t(1));
        computed.clear();
        round = 2;
        failAtRound = -1;
        const auto resumed =
            randomizedPca(TensorRowSource(x), options, sharing, JobContext{}, &units);
        QVERIFY(resumed.has_value());
        QCOMPARE(computed, (std::vector<std::int64_t>{0, 1, 2, 3}));  // the third pass only
        QCOMPARE(units, std::int64_t(12));  // the algorithm's words do not change
        QVERIFY(whole->pca.scores == resumed->pca.scores);
        QCOMPARE(whole->pca.explainedVarianceRatio, resumed->pca.explainedVarianceRatio);
        QVERIFY(relativeDifference(whole->pca.scores, Eigen::MatrixXd::Zero(60, 2)) > 0.5);

        // Another seed is another computation: its own key, nothing taken.
        options.seed = 4;
        computed.clear();
        round = 0;
        QVERIFY(randomizedPca(TensorRowSource(x), options, sharing, JobContext{}).has_value());
        QCOMPARE(computed.size(), std::size_t(12));

        // A state cut short under the right key is refused with a message.
        kept.state.resize(kept.state.size() - 8);
        round = 0;
        QVERIFY_THROWS_EXCEPTION(FormatError,
                                 randomizedPca(TensorRowSource(x), options, sharing, JobContext{}));
    }

    void streamedDistancesMatchBlockDistances() {
        const at::Tensor x = decayingSet(23, 700, 2);
        const MemberDistances blocks = computeMemberDistances(TensorBlockSource(x), JobContext{});
        int64_t passes = 0;
        const MemberDistances rows =
            streamedMemberDistances(TensorRowSource(x), JobContext{}, &passes, 4);
        QCOMPARE(passes, int64_t(6));
        QVERIFY(relativeDifference(blocks.squaredEuclidean, rows.squaredEuclidean) < 1e-6);
        QVERIFY(relativeDifference(blocks.manhattan, rows.manhattan) < 1e-6);
        QCOMPARE(rows.manhattan(3, 3), 0.0);
        QCOMPARE(rows.manhattan(3, 17), rows.manhattan(17, 3));
    }

    // With sigma_{l+1} / sigma_k = 0.5^11 and q = 2, the randomized range
    // finder's error in the top-k subspace is of order (0.5^11)^(2q+1) ~ 1e-17:
    // what is left is float64 round-off and the float32 rounding of the shifted
    // rows, both far below 1e-6 of the largest score.
    void randomizedMatchesExact() {
        const at::Tensor x = decayingSet(60, 4000, 3);
        const PcaResult exact =
            pcaFromGram(streamedGram(TensorRowSource(x), JobContext{}).centred, 3);
        RandomizedPcaOptions options;
        options.components = 3;
        options.seed = 11;
        const RandomizedPcaRun run = randomizedPca(TensorRowSource(x), options, JobContext{});
        QCOMPARE(run.passes, 3);
        QCOMPARE(run.sketchColumns, 13);
        QVERIFY(run.float64Accumulator);
        QCOMPARE(QString::fromStdString(describeRandomizedPca(options, run)),
                 QString("randomized (k=3, oversampling 10, 2 power iterations, 3 passes)"));
        for (int j = 0; j < 3; ++j) {
            QVERIFY(std::abs(run.pca.explainedVariance[j] / exact.explainedVariance[j] - 1) < 1e-6);
            QVERIFY(std::abs(run.pca.explainedVarianceRatio[j] - exact.explainedVarianceRatio[j]) <
                    1e-6);
        }
        QVERIFY(std::abs(run.pca.totalVariance / exact.totalVariance - 1) < 1e-9);
        qInfo("randomized vs exact: variance %.2e, scores %.2e (relative)",
              std::abs(run.pca.explainedVariance[0] / exact.explainedVariance[0] - 1),
              relativeDifference(exact.scores, run.pca.scores));
        // The same sign convention: the coordinates agree without flipping.
        QVERIFY2(relativeDifference(exact.scores, run.pca.scores) < 1e-6,
                 qPrintable(QString::number(relativeDifference(exact.scores, run.pca.scores))));
        // The known structure: variance ratios 1 : 1/4 : 1/16 up to the sample's own spread.
        QVERIFY(std::abs(run.pca.explainedVariance[1] / run.pca.explainedVariance[0] - 0.25) <
                0.01);
    }

    // Without a gap (sigma_j = 40 / (j + 1)) the range finder's error bound for
    // the top 2 of l = 12 columns and q = 2 is about (sigma_13 / sigma_2)^5 =
    // (3 / 14)^5 = 4.5e-4, a bound far above what happens: measured here, variances
    // 1.7e-9 relative and a largest principal angle of 4.1e-5 rad to the exact PCA.
    void randomizedIsCloseWithoutAGap() {
        const at::Tensor x = decayingSet(300, 3000, 5, true);
        const PcaResult exact =
            pcaFromGram(streamedGram(TensorRowSource(x), JobContext{}).centred, 2);
        RandomizedPcaOptions options;
        options.seed = 2;
        const RandomizedPcaRun run = randomizedPca(TensorRowSource(x), options, JobContext{});
        QCOMPARE(run.sketchColumns, 12);
        double variance = 0;
        for (int j = 0; j < 2; ++j)
            variance = std::max(
                variance, std::abs(run.pca.explainedVariance[j] / exact.explainedVariance[j] - 1));
        const double angle = largestPrincipalAngle(exact.leftVectors, run.pca.leftVectors);
        qInfo("no gap: variance %.2e relative, largest principal angle %.2e rad", variance, angle);
        QVERIFY2(variance < 1e-7, qPrintable(QString::number(variance)));
        QVERIFY2(angle < 5e-4, qPrintable(QString::number(angle)));
        // The spectrum itself: sigma_1 / sigma_2 = 2 up to the sample's spread.
        QVERIFY(std::abs(std::sqrt(run.pca.explainedVariance[0] / run.pca.explainedVariance[1]) -
                         2.0) < 0.2);
    }

    void randomizedIsReproducible() {
        const at::Tensor x = decayingSet(30, 500, 4);
        RandomizedPcaOptions options;
        options.seed = 5;
        const RandomizedPcaRun a = randomizedPca(TensorRowSource(x), options, JobContext{});
        const RandomizedPcaRun b = randomizedPca(TensorRowSource(x), options, JobContext{});
        QCOMPARE((a.pca.scores - b.pca.scores).cwiseAbs().maxCoeff(), 0.0);
    }

    // Fewer members than k + p: the sketch is the whole (centred) range, so the
    // result is exact; identical members give zero variance, not NaN.
    void smallAndDegenerateSets() {
        const at::Tensor x = decayingSet(6, 50, 6);
        const PcaResult exact =
            pcaFromGram(streamedGram(TensorRowSource(x), JobContext{}).centred, 2);
        const RandomizedPcaRun run = randomizedPca(TensorRowSource(x), {}, JobContext{});
        QCOMPARE(run.sketchColumns, 6);
        QVERIFY(relativeDifference(exact.scores, run.pca.scores) < 1e-6);

        const at::Tensor same = at::ones({5, 40}, at::kFloat);
        const RandomizedPcaRun flat = randomizedPca(TensorRowSource(same), {}, JobContext{});
        QCOMPARE(flat.pca.explainedVariance[0], 0.0);
        QVERIFY(flat.pca.scores.allFinite());
        QVERIFY_THROWS_EXCEPTION(
            InvalidArgument, randomizedPca(TensorRowSource(at::ones({1, 4})), {}, JobContext{}));
    }

    void cancelsWithinAPass() {
        const at::Tensor x = decayingSet(40, 300, 7);
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 randomizedPca(TensorRowSource(x), {}, cancellingAfter(10)));
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 streamedGram(TensorRowSource(x), cancellingAfter(10), nullptr, 8));
    }

    void refusesWhatCannotFit() {
        setMemoryBudget(1 << 20);  // 1 MiB: not even the sketch of 4 x 1,000,000
        const at::Tensor x = at::zeros({4, 1000000}, at::kFloat);
        QVERIFY_THROWS_EXCEPTION(MemoryLimitExceeded,
                                 randomizedPca(TensorRowSource(x), {}, JobContext{}));
        QVERIFY_THROWS_EXCEPTION(MemoryLimitExceeded,
                                 streamedGram(TensorRowSource(x), JobContext{}));
        setMemoryBudget(0);
    }

    // With k = N - 1 principal coordinates (the whole centred range), the
    // distances, MDS and t-SNE from them are those from the full N x N
    // distances. Both sides read the same float32 shifted rows; what differs is
    // float64 round-off in the Gram (and its square roots) against the sketch,
    // 1e-9 relative at most here (scores of 40 against noise of 1e-4).
    void pcaCoordinatesGiveTheFullMap() {
        const int64_t n = 30;
        const at::Tensor x = decayingSet(n, 400, 9);
        const GramMatrices gram = streamedGram(TensorRowSource(x), JobContext{});
        const Eigen::MatrixXd full = euclideanDistancesFromGram(gram.raw);

        const MapInputPlan plan = planMapInput(MapInput::Pca, n, 400, int(n - 1), 3);
        QVERIFY(plan.pcaCoordinates);
        QCOMPARE(plan.pca.components, int(n - 1));
        const RandomizedPcaRun run = randomizedPca(TensorRowSource(x), plan.pca, JobContext{});
        QCOMPARE(run.pca.scores.cols(), Eigen::Index(n - 1));
        const Eigen::MatrixXd reduced =
            memberDistances(run.pca.scores).squaredEuclidean.cwiseSqrt();
        QVERIFY2(relativeDifference(full, reduced) < 1e-9,
                 qPrintable(QString::number(relativeDifference(full, reduced))));

        // MDS: the leading principal coordinates, same signs.
        const Eigen::MatrixXd mdsFull = classicalMds(full, 2).coordinates;
        const Eigen::MatrixXd mdsReduced = mdsFromPcaScores(run.pca.scores, 2);
        QVERIFY2(relativeDifference(mdsFull, mdsReduced) < 1e-9,
                 qPrintable(QString::number(relativeDifference(mdsFull, mdsReduced))));
        QCOMPARE(mdsFromPcaScores(run.pca.scores.leftCols(2), 3).col(2).cwiseAbs().maxCoeff(), 0.0);

        // t-SNE: the same problem, i.e. the same affinities P and the same initial
        // layout (classical MDS of the distances = PCA of the points), to float64
        // round-off. The optimiser then amplifies round-off: with
        // early exaggeration a difference of 1e-10 grows to 3e-7 of the layout in
        // 10 iterations and to O(1) in 50 (measured), as for any two runs whose
        // inputs differ in the last digits. So what is compared is the problem and
        // the first step (both 1e-9), not the end of 1000 chaotic steps.
        const double perplexity = effectivePerplexity(n, 30);
        const Eigen::MatrixXd pFull = jointProbabilities(full.cwiseAbs2(), perplexity);
        const Eigen::MatrixXd pReduced =
            jointProbabilities(memberDistances(run.pca.scores).squaredEuclidean, perplexity);
        // P = exp(-beta d^2) turns a relative error e of d into 2 beta d^2 e, and
        // beta d^2 stays below ~25 where P is not negligible: 50 x 2e-10 = 1e-8.
        QVERIFY2(relativeDifference(pFull, pReduced) < 1e-8,
                 qPrintable(QString::number(relativeDifference(pFull, pReduced))));
        TsneOptions options;
        options.seed = 4;
        options.iterations = 1;
        const TsneResult fromFull = tsneFromDistances(full, options, JobContext{});
        const TsneResult fromReduced = tsne(run.pca.scores, options, JobContext{});
        qInfo("k = N - 1: distances %.2e, MDS %.2e, P %.2e, first t-SNE step %.2e (relative)",
              relativeDifference(full, reduced), relativeDifference(mdsFull, mdsReduced),
              relativeDifference(pFull, pReduced),
              relativeDifference(fromFull.embedding, fromReduced.embedding));
        QVERIFY(relativeDifference(fromFull.embedding, fromReduced.embedding) < 1e-9);
    }

    // Auto takes principal coordinates where the PCA itself goes randomized;
    // k shrinks to what the D x (k + p) sketch leaves room for.
    void mapInputChoosesBySize() {
        QVERIFY(!planMapInput(MapInput::Auto, 60, 4000).pcaCoordinates);
        QVERIFY(planMapInput(MapInput::Pca, 60, 4000).pcaCoordinates);
        QVERIFY(!planMapInput(MapInput::Full, 9216, 11173962).pcaCoordinates);
        QCOMPARE(planMapInput(MapInput::Pca, 12, 4000).pca.components, 11);  // N - 1
        setMemoryBudget(256 << 20);
        // 9,216 members x 1,000,000 parameters under 256 MiB: the N x N Gram
        // alone (4 GB) does not fit. Room for the sketch: 256 MiB - 16 D (member
        // 0, column sums) - 2 x 16 MiB (float64 chunks) = 218,881,024 bytes; a
        // column takes 8 D + 16 N = 8,147,456: 26 columns, so k = 16 with p = 10.
        QCOMPARE(largestSketchColumns(9216, 1000000), int64_t(26));
        MapInputPlan plan = planMapInput(MapInput::Auto, 9216, 1000000);
        QVERIFY(plan.pcaCoordinates);
        QCOMPARE(plan.pca.components, 16);
        QCOMPARE(plan.pca.oversampling, 10);
        // 12 columns: k = 2 and the oversampling takes the rest.
        QVERIFY(largestSketchColumns(9216, 2000000) < 20);
        plan = planMapInput(MapInput::Auto, 9216, 2000000);
        QCOMPARE(plan.pca.components, 2);
        QCOMPARE(plan.pca.components + plan.pca.oversampling,
                 int(largestSketchColumns(9216, 2000000)));
        setMemoryBudget(0);
        QCOMPARE(parseMapInput("pca"), MapInput::Pca);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parseMapInput("reduced"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, planMapInput(MapInput::Pca, 60, 4000, 1));
    }

    void autoChoosesBySize() {
        const RandomizedPcaOptions options;
        QCOMPARE(choosePcaAlgorithm(PcaAlgorithm::Auto, 60, 4000, options), PcaAlgorithm::Exact);
        // 9,216 ResNet-18 members: the Gram alone is 6 x 680 MB, and N^2 D / 2 = 5e14.
        QCOMPARE(choosePcaAlgorithm(PcaAlgorithm::Auto, 9216, 11173962, options),
                 PcaAlgorithm::Randomized);
        QCOMPARE(choosePcaAlgorithm(PcaAlgorithm::Exact, 9216, 11173962, options),
                 PcaAlgorithm::Exact);
        // Within reach but cheaper randomized: 1,000 x 1,000,000 with k = 2 takes
        // 2 N D l (q + 1) = 7.2e10 multiply-adds against the Gram's 5e11 (a
        // quarter is 1.25e11), while 500 x 200,000 (7.2e9 against 2.5e10 / 4) and
        // 1,000 x 5,000 (under 1e10: seconds either way) stay exact.
        QVERIFY(!exactGramOutOfReach(1000, 1000000, options));
        QVERIFY(randomizedIsCheaper(1000, 1000000, options));
        QCOMPARE(choosePcaAlgorithm(PcaAlgorithm::Auto, 1000, 1000000, options),
                 PcaAlgorithm::Randomized);
        QCOMPARE(choosePcaAlgorithm(PcaAlgorithm::Auto, 500, 200000, options), PcaAlgorithm::Exact);
        QCOMPARE(choosePcaAlgorithm(PcaAlgorithm::Auto, 1000, 5000, options), PcaAlgorithm::Exact);
        // The threshold N >= 16 l (q + 1) = 576 for k = 2, 624 for k = 3.
        QVERIFY(randomizedIsCheaper(576, 100000, options));
        QVERIFY(!randomizedIsCheaper(575, 100000, options));
        RandomizedPcaOptions three;
        three.components = 3;
        QVERIFY(!randomizedIsCheaper(623, 100000, three));
        QVERIFY(randomizedIsCheaper(624, 100000, three));
        // Maps keep the full distances where the PCA is merely cheaper randomized.
        QVERIFY(!planMapInput(MapInput::Auto, 1000, 1000000).pcaCoordinates);
        QCOMPARE(parsePcaAlgorithm("randomized"), PcaAlgorithm::Randomized);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, parsePcaAlgorithm("fast"));
    }
};

QTEST_GUILESS_MAIN(TestStreamedPca)
#include "TestStreamedPca.moc"
