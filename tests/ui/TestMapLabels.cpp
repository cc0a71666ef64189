// Labels on the 2-D map (issue 15, "label points by any metadata column"):
// the placement rule of ui/views/map/MapLabels.h on hand-worked boxes, an SVG
// of a labelled map holding each label as <text> beside its point, the crowd
// rule (only selected members labelled above 30 points shown, none outside a
// zoom), and the hover's metadata. Run by test_ui_map_figures.
#include <QtTest>

#include <QFont>
#include <QRegularExpression>

#include <cmath>
#include <optional>

#include "ui/rendering/FigureSize.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/views/map/MapFigure.h"
#include "ui/views/map/MapImage.h"
#include "ui/views/map/MapLabels.h"
#include "ui/views/map/MapModel.h"
#include "ui/views/map/MapView.h"

using namespace modescape;
using namespace modescape::ui;

namespace {

// Four members a0..a3 at (0, 0), (1, 0.5), (0.5, 1), (2, 2): each of the
// first three has room for a label on its right.
symmetry::SetProjection squareProjection() {
    symmetry::SetProjection p;
    p.method = "pca";
    p.space = "raw";
    p.members = {"a0", "a1", "a2", "a3"};
    p.groups = {"g", "g", "g", "g"};
    p.coordinates.resize(4, 2);
    p.coordinates << 0, 0, 1, 0.5, 0.5, 1, 2, 2;
    return p;
}

// The <text> elements of an SVG: their text and x, y attributes.
struct SvgText {
    QString text;
    double x = 0, y = 0;
};
std::vector<SvgText> svgTexts(const QByteArray& svg) {
    std::vector<SvgText> texts;
    const QRegularExpression element("<text([^>]*)>([^<]*)</text>");
    const QRegularExpression x("\\sx=\"([-0-9.e]+)\""), y("\\sy=\"([-0-9.e]+)\"");
    for (auto it = element.globalMatch(QString::fromUtf8(svg)); it.hasNext();) {
        const auto m = it.next();
        const auto mx = x.match(m.captured(1)), my = y.match(m.captured(1));
        if (mx.hasMatch() && my.hasMatch())
            texts.push_back(
                {m.captured(2).trimmed(), mx.captured(1).toDouble(), my.captured(1).toDouble()});
    }
    return texts;
}

}  // namespace

class TestMapLabels : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // Hand-worked boxes: a label right of its marker, the next one (which
    // would cover it) left of its own, one with no free place left out.
    void placementFollowsTheRule() {
        QFont font("DejaVu Sans");
        font.setPixelSize(10);
        const QFontMetricsF metrics(font);
        const double w = metrics.horizontalAdvance("abc"), h = metrics.ascent() + metrics.descent();
        const double radius = 3, gap = 2;  // reach 5
        const QRectF area(0, 0, 200, 100);
        // p0 at (50, 50) and p1 10 px right of p0's label: both right of their
        // markers (p2 is a marker without a label, far from both).
        const std::vector<QPointF> markers = {{50, 50}, {50 + 5 + w + 10, 50}, {150, 50}};
        std::vector<LabelCandidate> candidates = {{0, markers[0], "abc", false},
                                                  {1, markers[1], "abc", false}};
        std::vector<PlacedLabel> placed =
            placeLabels(candidates, markers, radius, gap, area, metrics);
        QCOMPARE(placed.size(), std::size_t(2));
        QCOMPARE(placed[0].box, QRectF(55, 50 - h / 2, w, h));
        QCOMPARE(placed[0].baseline, QPointF(55, 50 - h / 2 + metrics.ascent()));
        QCOMPARE(placed[1].box, QRectF(markers[1].x() + 5, 50 - h / 2, w, h));

        // p1, left of p0 and half a text height lower: its right place would
        // cover p0's label (and p0's marker), so it goes left; p2 at the
        // area's right edge cannot go right either.
        const std::vector<QPointF> crowd = {{50, 50}, {40, 50 + h / 2}, {198, 50}};
        candidates = {
            {0, crowd[0], "abc", false}, {1, crowd[1], "abc", false}, {2, crowd[2], "abc", false}};
        placed = placeLabels(candidates, crowd, radius, gap, area, metrics);
        QCOMPARE(placed.size(), std::size_t(3));
        QCOMPARE(placed[0].box.left(), 55.0);    // right of p0
        QCOMPARE(placed[1].box.right(), 35.0);   // left of p1
        QCOMPARE(placed[2].box.right(), 193.0);  // left of p2
        for (std::size_t i = 0; i < placed.size(); ++i)
            for (std::size_t j = i + 1; j < placed.size(); ++j)
                QVERIFY(!placed[i].box.intersects(placed[j].box));

        // A label wider than a third of the area is shortened in the middle.
        const QString path = "run-0-3/version_0.safetensors";
        candidates = {{0, {50, 50}, path, false}};
        placed = placeLabels(candidates, {{50, 50}}, radius, gap, QRectF(0, 0, 150, 100), metrics);
        QCOMPARE(placed.size(), std::size_t(1));
        QVERIFY2(placed[0].text.contains(QChar(0x2026)) && placed[0].text.startsWith("run") &&
                     placed[0].text.endsWith("s"),
                 qPrintable(placed[0].text));
        QVERIFY(placed[0].box.width() <= 50 &&
                placed[0].box.width() < metrics.horizontalAdvance(path));

        // A marker outside the area (zoomed away) is not labelled.
        candidates = {{0, {250, 50}, "abc", false}};
        QVERIFY(placeLabels(candidates, {{250, 50}}, radius, gap, area, metrics).empty());
    }

    // More than kMaxLabelledPoints points shown: only the selected ones are
    // labelled; at most kMaxLabelledPoints of them.
    void aCrowdLabelsOnlyTheSelected() {
        QFont font("DejaVu Sans");
        font.setPixelSize(8);
        const QFontMetricsF metrics(font);
        std::vector<QPointF> markers;
        std::vector<LabelCandidate> candidates;
        for (int i = 0; i < 40; ++i) {  // a 40-point column, 30 px apart
            markers.emplace_back(100, 10 + 30 * i);
            candidates.push_back({i, markers.back(), QString("p%1").arg(i), i == 7 || i == 21});
        }
        const QRectF area(0, 0, 400, 1300);
        std::vector<PlacedLabel> placed = placeLabels(candidates, markers, 2, 2, area, metrics);
        QCOMPARE(placed.size(), std::size_t(2));
        QCOMPARE(placed[0].text, QString("p7"));
        QCOMPARE(placed[1].text, QString("p21"));
        // 30 shown (the other 10 outside a zoomed area): every one is labelled.
        placed =
            placeLabels(candidates, markers, 2, 2, QRectF(0, 0, 400, 10 + 30 * 29 + 15), metrics);
        QCOMPARE(placed.size(), std::size_t(kMaxLabelledPoints));
        QCOMPARE(placed[0].text, QString("p7"));  // selected first
        QCOMPARE(placed[2].text, QString("p0"));
    }

    // An SVG of a map labelled by a metadata column holds each member's value
    // as a <text> beside its point: its x one marker radius and the gap right
    // of the point, its baseline half a text height below (within 1 px: the
    // numbers are written with a few digits). The member without a value has
    // no label.
    void svgHoldsEachLabelAsTextAtItsPoint() {
        MapModel model = mapModelOf(squareProjection());
        model.setLabels({{"a0", "run-a"}, {"a1", "run-b"}, {"a2", "run-c"}});
        const ResolvedFigure figure =
            resolveFigure(FigureSize::fromPixels(QSize(800, 600)), QSize(800, 600));
        const QByteArray svg =
            FigureWriter(figure).encode(FigureFormat::Svg, mapFigurePaint(model));
        // The positions, from the same layout painted into the PNG.
        std::optional<MapFigure> layout;
        FigureWriter(figure).paintImage([&](QPainter& painter, const QRectF& bounds) {
            layout.emplace(painter, bounds, model);
        });
        QVERIFY(layout);
        QCOMPARE(layout->labels().size(), std::size_t(3));
        const std::vector<SvgText> texts = svgTexts(svg);
        const double reach = layout->markerRadius() + 2.5 * 96 / 72.0;  // 2.5 pt at 96 dpi
        const char* values[] = {"run-a", "run-b", "run-c"};
        for (int point = 0; point < 3; ++point) {
            const QPointF at = layout->position(point);
            bool found = false;
            for (const SvgText& t : texts)
                if (t.text == values[point]) {
                    found = true;
                    QVERIFY2(
                        std::abs(t.x - (at.x() + reach)) < 1,
                        qPrintable(
                            QString("%1 at x %2, point at %3").arg(t.text).arg(t.x).arg(at.x())));
                    QVERIFY2(std::abs(t.y - layout->labels()[std::size_t(point)].baseline.y()) < 1,
                             qPrintable(t.text));
                    QVERIFY(std::abs(t.y - at.y()) < layout->labels()[0].box.height());
                }
            QVERIFY2(found, values[point]);
        }
        QVERIFY(!QString::fromUtf8(svg).contains("run-d"));
    }

    // The hover names the member's group, metrics and every metadata value.
    void hoverShowsTheMetadata() {
        MapView view;
        view.model().setMemberMetadata({{"a0", {{"run", "run-a"}, {"seed", "7"}}}});
        view.setProjection(squareProjection());
        const QString text = view.tooltipText(0);
        QVERIFY2(text.contains("<b>a0</b>") && text.contains("group: g") &&
                     text.contains("run: run-a") && text.contains("seed: 7"),
                 qPrintable(text));
        QVERIFY(!view.tooltipText(1).contains("seed"));
    }
};

int runMapLabelTests(int argc, char** argv) {
    TestMapLabels test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestMapLabels.moc"
