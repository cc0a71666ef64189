// Disagreement, mutual information, entropies and pairwise MI, worked on paper.
#include <QtTest>

#include <cmath>
#include <vector>

#include "core/calibration/Diversity.h"
#include "core/calibration/MemberProbabilities.h"
#include "core/common/Error.h"
#include "tests/calibration/NearlyEqual.h"

using namespace modescape;
using namespace modescape::calibration;

class TestDiversity : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void disagreementOfAKnownVoteTable() {
        // 4 members, 3 classes, 2 samples.
        // Sample 0 votes [0, 0, 1, 2]: n = (2, 1, 1), sum C(n_c, 2) = 1, C(4, 2) = 6 -> 1 - 1/6 =
        // 5/6. Sample 1 votes [1, 1, 1, 1]: n = (0, 4, 0), sum = 6 -> 1 - 6/6 = 0.
        const std::vector<double> p = {
            0.6, 0.3, 0.1, /* */ 0.1, 0.8, 0.1,  // member 0
            0.5, 0.4, 0.1, /* */ 0.2, 0.7, 0.1,  // member 1
            0.2, 0.7, 0.1, /* */ 0.3, 0.6, 0.1,  // member 2
            0.1, 0.2, 0.7, /* */ 0.1, 0.5, 0.4,  // member 3
        };
        const MemberProbabilities probabilities(p, 4, 2, 3);
        const std::vector<std::int64_t> all = {0, 1, 2, 3};
        const DiversityMetrics d = diversityOf(probabilities, all);
        QCOMPARE(d.members, std::int64_t(4));
        // (5/6 + 0) / 2 = 5/12
        MODESCAPE_COMPARE_NEAR(d.disagreement, 5.0 / 12, 1e-15);
        // Members 0 and 1 always agree: 1 - 1/1 = 0.
        const std::vector<std::int64_t> agreeing = {0, 1};
        MODESCAPE_COMPARE_NEAR(diversityOf(probabilities, agreeing).disagreement, 0.0, 0);
        // Members 0, 2, 3 on sample 0 vote [0, 1, 2]: 1 - 0/3 = 1; sample 1: 0 -> mean 1/2.
        const std::vector<std::int64_t> three = {0, 2, 3};
        MODESCAPE_COMPARE_NEAR(diversityOf(probabilities, three).disagreement, 0.5, 1e-15);
        // A single member cannot disagree.
        const std::vector<std::int64_t> single = {3};
        MODESCAPE_COMPARE_NEAR(diversityOf(probabilities, single).disagreement, 0.0, 0);
    }

    void mutualInformationIsZeroForIdenticalMembers() {
        const std::vector<double> row = {0.1, 0.3, 0.6, 0.25, 0.25, 0.5};
        std::vector<double> p;
        for (int m = 0; m < 3; ++m)
            p.insert(p.end(), row.begin(), row.end());
        const MemberProbabilities probabilities(p, 3, 2, 3);
        const std::vector<std::int64_t> all = {0, 1, 2};
        const DiversityMetrics d = diversityOf(probabilities, all);
        // MI = H(mean) - mean H = H(p) - H(p) = 0 (up to the rounding of the mean).
        MODESCAPE_COMPARE_NEAR(d.mutualInformation, 0.0, 1e-15);
        MODESCAPE_COMPARE_NEAR(d.disagreement, 0.0, 0);
        // Both entropies equal the mean of H([.1 .3 .6]) and H([.25 .25 .5]):
        // H1 = -(.1 ln .1 + .3 ln .3 + .6 ln .6) = .897945724, H2 = 1.5 ln 2 = 1.039720771
        const double h1 = -(0.1 * std::log(0.1) + 0.3 * std::log(0.3) + 0.6 * std::log(0.6));
        const double h2 = 1.5 * std::log(2.0);
        MODESCAPE_COMPARE_NEAR(d.expectedEntropy, (h1 + h2) / 2, 1e-15);
        MODESCAPE_COMPARE_NEAR(d.predictiveEntropy, (h1 + h2) / 2, 1e-15);
        const PairwiseMutualInformation pairs = pairwiseMutualInformation(probabilities, all);
        QCOMPARE(pairs.values.size(), std::size_t(3));
        for (const double v : pairs.values)
            MODESCAPE_COMPARE_NEAR(v, 0.0, 1e-15);
    }

    void mutualInformationOfOppositeConfidentMembers() {
        // One sample, 2 classes: m0 = [1 0], m1 = [0 1], m2 = [1 0].
        const std::vector<double> p = {1.0, 0.0, 0.0, 1.0, 1.0, 0.0};
        const MemberProbabilities probabilities(p, 3, 1, 2);
        const std::vector<std::int64_t> all = {0, 1, 2};
        const DiversityMetrics d = diversityOf(probabilities, all);
        // mean = [2/3 1/3]: H = -(2/3 ln 2/3 + 1/3 ln 1/3) = .636514168; member entropies 0.
        MODESCAPE_COMPARE_NEAR(d.predictiveEntropy, 0.6365141682948128, 1e-15);
        MODESCAPE_COMPARE_NEAR(d.expectedEntropy, 0.0, 0);
        MODESCAPE_COMPARE_NEAR(d.mutualInformation, 0.6365141682948128, 1e-15);
        // Votes [0, 1, 0]: 1 - C(2,2)/C(3,2) = 1 - 1/3
        MODESCAPE_COMPARE_NEAR(d.disagreement, 2.0 / 3, 1e-15);

        // Pairs (0,1): mean [.5 .5] -> ln 2; (0,2): identical -> 0; (1,2): ln 2.
        const PairwiseMutualInformation pairs = pairwiseMutualInformation(probabilities, all);
        QCOMPARE(pairs.values.size(), std::size_t(3));
        MODESCAPE_COMPARE_NEAR(pairs.between(0, 1), std::log(2.0), 1e-15);
        MODESCAPE_COMPARE_NEAR(pairs.between(0, 2), 0.0, 0);
        MODESCAPE_COMPARE_NEAR(pairs.between(2, 1), std::log(2.0), 1e-15);
        MODESCAPE_COMPARE_NEAR(pairs.values[1], 0.0, 0);  // condensed order (0,1), (0,2), (1,2)
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, pairs.between(1, 1));
    }

    void perSampleUncertainty() {
        // Sample 0: m0 = [.8 .2], m1 = [.4 .6] -> mean [.6 .4]; sample 1: both [.5 .5].
        const std::vector<double> p = {0.8, 0.2, 0.5, 0.5, 0.4, 0.6, 0.5, 0.5};
        const MemberProbabilities probabilities(p, 2, 2, 2);
        const std::vector<std::int64_t> both = {0, 1};
        std::vector<double> average(4);
        probabilities.averageMembers(both, average);
        const SampleUncertainty u = sampleUncertainty(probabilities, both, average);
        MODESCAPE_COMPARE_NEAR(u.maxProbability[0], 0.6, 1e-15);
        MODESCAPE_COMPARE_NEAR(u.maxProbability[1], 0.5, 0);
        // H([.6 .4]) - (H([.8 .2]) + H([.4 .6])) / 2
        const auto h = [](double a) { return -(a * std::log(a) + (1 - a) * std::log(1 - a)); };
        MODESCAPE_COMPARE_NEAR(u.mutualInformation[0], h(0.6) - (h(0.8) + h(0.4)) / 2, 1e-15);
        MODESCAPE_COMPARE_NEAR(u.predictiveEntropy[1], std::log(2.0), 1e-15);
        // Votes [0, 1] on sample 0: 1 - 0/1 = 1; [0, 0] on sample 1 (ties -> class 0): 0.
        MODESCAPE_COMPARE_NEAR(u.disagreement[0], 1.0, 0);
        MODESCAPE_COMPARE_NEAR(u.disagreement[1], 0.0, 0);
    }

    void cancellationStopsPairwise() {
        const std::vector<double> p = {1.0, 0.0, 0.0, 1.0};
        const MemberProbabilities probabilities(p, 2, 1, 2);
        JobContext context;
        context.cancel.cancel();
        const std::vector<std::int64_t> both = {0, 1};
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 pairwiseMutualInformation(probabilities, both, context));
    }
};

QTEST_APPLESS_MAIN(TestDiversity)
#include "TestDiversity.moc"
