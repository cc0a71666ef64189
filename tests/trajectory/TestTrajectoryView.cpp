// The window's Trajectory tab on the generator's set: the overlay draws one
// vertex per member on each path (3-D surface and painted contour), the scatter, and
// a legend with the plane's explained variance; the growing-path animation
// (`render --animate trajectory`, File > Export animation…) gives N different
// frames for N frames and its last frame shows the whole path; `trajectory
// --figure` writes the picture.
#include <QtTest>

#include <QImage>
#include <QJsonArray>
#include <QTableWidget>
#include <QTemporaryDir>

#include <vtkPolyData.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "core/analysis/SetWorkspace.h"
#include "core/analysis/TrajectoryAnalysis.h"
#include "tests/common/EventWait.h"
#include "tests/common/FigureFileChecks.h"
#include "tests/common/RunModescape.h"
#include "tests/trajectory/TrajectoryFixture.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/AnimationExport.h"
#include "ui/rendering/AnimationFrames.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/trajectory/TrajectoryContour.h"
#include "ui/views/trajectory/TrajectoryPage.h"
#include "ui/views/trajectory/TrajectoryView.h"

using namespace modescape;
using modescape::test::waitForExposed;
using modescape::test::waitForSignals;

namespace {

trajectory::TrajectoryResult computed() {
    analysis::SetWorkspace workspace(test::trajectorySet());
    const auto& analysis = analysis::trajectoryAnalysis();
    const auto values = analysis.complete({{"set", workspace.set().folder},
                                           {"groups", "run-a,run-b"},
                                           {"scatter", "samples"},
                                           {"grid", "-1:1:9,-1:1:9"}},
                                          &workspace.set());
    return std::any_cast<trajectory::TrajectoryResult>(analysis.run(workspace, values, {}));
}

}  // namespace

class TestTrajectoryView : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void overlayHasOneVertexPerMember() {
        const trajectory::TrajectoryResult result = computed();
        ui::TrajectoryView view;
        view.resize(640, 480);
        view.show();
        waitForExposed(view);
        view.setResult(result);
        {
            view.setMode(ui::TrajectoryView::Mode::Surface);
            const auto& lines = view.overlay().pathLines();
            QCOMPARE(lines.size(), std::size_t(2));
            QCOMPARE(lines[0]->GetNumberOfPoints(), vtkIdType(13));  // run-a, epochs 0..12
            QCOMPARE(lines[1]->GetNumberOfPoints(), vtkIdType(8));   // run-b, epochs 1..8
            QCOMPARE(view.overlay().scatterPoints()->GetNumberOfPoints(), vtkIdType(6));
            // Each vertex sits at its member's (alpha, beta); vtkPoints keep
            // float32, so up to its rounding (6e-8 relative; 1e-6 allowed).
            const auto runA = result.pathOf("run-a");
            for (vtkIdType i = 0; i < 13; ++i) {
                double p[3];
                lines[0]->GetPoint(i, p);
                const auto& member = runA[std::size_t(i)];
                QVERIFY(std::abs(p[0] - member.alpha) <=
                        1e-6 * std::max(1.0, std::abs(member.alpha)));
                QVERIFY(std::abs(p[1] - member.beta) <=
                        1e-6 * std::max(1.0, std::abs(member.beta)));
            }
        }
        // The contour map is painted: the same paths drawn flat over it, a
        // point per member at exactly its (alpha, beta), coloured by epoch
        // (blue early, red late), discs growing with the projection error.
        view.setMode(ui::TrajectoryView::Mode::Contour);
        const ui::ContourOverlay& flat = view.contourCanvas()->overlay();
        QCOMPARE(flat.paths.size(), qsizetype(3));  // run-a, run-b, the scatter
        QCOMPARE(flat.paths[0].points.size(), qsizetype(13));
        QCOMPARE(flat.paths[1].points.size(), qsizetype(8));
        QCOMPARE(flat.paths[2].points.size(), qsizetype(6));
        QCOMPARE(flat.paths[2].lineWidth, 0.0);
        const auto runA = result.pathOf("run-a");
        for (int i = 0; i < 13; ++i) {
            QCOMPARE(flat.paths[0].points[i],
                     QPointF(runA[std::size_t(i)].alpha, runA[std::size_t(i)].beta));
            QCOMPARE(flat.paths[0].markers[i],
                     ui::trajectoryDiscPoints(runA[std::size_t(i)].projectionError));
        }
        QVERIFY(flat.bar && flat.bar->name == "epoch");
        QCOMPARE(flat.paths[0].colours.front(), ui::colourOf(*flat.bar, flat.bar->lo));
        QVERIFY(flat.paths[0].colours.back().red() > flat.paths[0].colours.back().blue());
        QVERIFY(flat.paths[0].colours.front().blue() > flat.paths[0].colours.front().red());
        QVERIFY(view.contourCanvas()->figure() != nullptr);

        const QString legend = view.overlay().legendText();
        QVERIFY2(legend.contains(QString("Explained variance of the plane: %1%")
                                     .arg(100 * result.explainedVariance, 0, 'f', 1)),
                 qPrintable(legend));
        QVERIFY(legend.contains("projection error"));
        QVERIFY(legend.contains("samples"));
        // A larger projection error draws a larger ball.
        QVERIFY(view.overlay().markerRadius(0.3) > view.overlay().markerRadius(0.1));
    }

    // The page through its lifecycle, then the animation the window and
    // `render --animate trajectory` write.
    void animationGrowsThePathFrameByFrame() {
        ui::JobRunner runner;
        ui::TrajectoryPage page(&runner,
                                std::make_shared<analysis::SetWorkspace>(test::trajectorySet()));
        page.resize(480, 360);
        page.show();
        waitForExposed(page);
        analysis::ParameterValues values = page.form()->rawValues();
        values["groups"] = "run-a";
        values["grid"] = "-1:1:9,-1:1:9";
        page.form()->setValues(values);
        QSignalSpy finished(&page, &ui::TrajectoryPage::computeFinished);
        QVERIFY(page.compute() > 0);
        waitForSignals(finished);
        QVERIFY(finished.last().at(0).toBool());
        QCOMPARE(page.memberTable()->rowCount(), 13);

        constexpr int kFrames = 6;
        QVERIFY(ui::canAnimate(page, ui::AnimationKind::Trajectory));
        const ui::PageAnimation animation =
            ui::animationOf(page, ui::AnimationKind::Trajectory, kFrames, QSize(320, 240));
        QCOMPARE(animation.cameras.size(), std::size_t(kFrames));
        QTemporaryDir dir;
        const QStringList files =
            ui::writeAnimationFrames(dir.path(), animation.cameras, animation.scene);
        QCOMPARE(files.size(), kFrames);
        std::set<QByteArray> distinct;
        QImage last;
        for (const QString& file : files) {
            QImage image(file);
            QVERIFY(!image.isNull());
            image = image.convertToFormat(QImage::Format_RGB32);
            distinct.insert(
                QByteArray(reinterpret_cast<const char*>(image.constBits()), image.sizeInBytes()));
            last = image;
        }
        QCOMPARE(int(distinct.size()), kFrames);
        // The last frame: the whole path, the same picture as the view showing all.
        QCOMPARE(page.view()->overlay().pathLines().front()->GetNumberOfPoints(), vtkIdType(13));
        page.view()->setShownMembers(-1);
        const QImage whole = animation.scene.grab().convertToFormat(QImage::Format_RGB32);
        QCOMPARE(whole, last);
        QCOMPARE(ui::trajectoryMembersShown(13, 0, kFrames), 1);
        QCOMPARE(ui::trajectoryMembersShown(13, kFrames - 1, kFrames), 13);
    }

    void figureIsWritten() {
        QTemporaryDir dir;
        const QString png = dir.filePath("trajectory.png");
        const test::Run r = test::runModescape(
            {"trajectory", QString::fromStdString(test::trajectorySetFolder()), "--group", "run-a",
             "--grid", "-1:1:9,-1:1:9", "--figure", png, "--size", "400x300"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QImage image(png);
        QCOMPARE(image.size(), QSize(400, 300));
        // The contour map is a vector figure: the axis names with each
        // direction's share of the variance (as --json reports it) and the
        // epoch bar's name as <text>, no <image>.
        const QString svg = dir.filePath("trajectory.svg");
        const test::Run contour = test::runModescape(
            {"trajectory", QString::fromStdString(test::trajectorySetFolder()), "--group", "run-a",
             "--grid", "-1:1:9,-1:1:9", "--plot", "contour", "--figure", svg, "--json"});
        QVERIFY2(contour.code == 0, qPrintable(contour.err));
        const QJsonArray variance = contour.json()["component_variance"].toArray();
        QCOMPARE(variance.size(), 2);
        auto share = [&](int i) { return QString::number(100.0 * variance[i].toDouble(), 'f', 1); };
        const QString problem = modescape::test::svgTextRunProblems(
            svg, {QString::fromUtf8("α (PCA 1, %1% of variance)").arg(share(0)),
                  QString::fromUtf8("β (PCA 2, %1% of variance)").arg(share(1)), "epoch"});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
};

QTEST_MAIN(TestTrajectoryView)
#include "TestTrajectoryView.moc"
