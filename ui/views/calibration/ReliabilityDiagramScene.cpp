#include "ui/views/calibration/ReliabilityDiagramScene.h"

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace modescape::ui {
namespace {

constexpr double kFrameColour[3] = {0.15, 0.15, 0.15};
constexpr double kTextColour[3] = {0.10, 0.10, 0.10};
constexpr double kDiagonalColour[3] = {0.35, 0.35, 0.35};
constexpr double kEdgeColour[3] = {0.12, 0.20, 0.40};

vtkSmartPointer<vtkActor2D> actorOf(vtkPolyData* geometry, const double colour[3],
                                    double lineWidth) {
    vtkNew<vtkCoordinate> normalised;
    normalised->SetCoordinateSystemToNormalizedViewport();
    vtkNew<vtkPolyDataMapper2D> mapper;
    mapper->SetInputData(geometry);
    mapper->SetTransformCoordinate(normalised);
    auto actor = vtkSmartPointer<vtkActor2D>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(colour[0], colour[1], colour[2]);
    actor->GetProperty()->SetLineWidth(static_cast<float>(lineWidth));
    return actor;
}

// Filled rectangles (or their outlines) as one prop.
vtkSmartPointer<vtkActor2D> rectangles(const std::vector<ViewportBox>& boxes,
                                       const double colour[3], bool outline,
                                       double lineWidth = 1.0) {
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> cells;
    for (const ViewportBox& b : boxes) {
        const vtkIdType first = points->GetNumberOfPoints();
        points->InsertNextPoint(b.left, b.bottom, 0);
        points->InsertNextPoint(b.right, b.bottom, 0);
        points->InsertNextPoint(b.right, b.top, 0);
        points->InsertNextPoint(b.left, b.top, 0);
        const vtkIdType ids[5] = {first, first + 1, first + 2, first + 3, first};
        cells->InsertNextCell(outline ? 5 : 4, ids);
    }
    vtkNew<vtkPolyData> geometry;
    geometry->SetPoints(points);
    if (outline)
        geometry->SetLines(cells);
    else
        geometry->SetPolys(cells);
    return actorOf(geometry, colour, lineWidth);
}

struct Segment {
    double x0, y0, x1, y1;
};

vtkSmartPointer<vtkActor2D> segments(const std::vector<Segment>& list, const double colour[3],
                                     double lineWidth) {
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> cells;
    for (const Segment& s : list) {
        const vtkIdType ids[2] = {points->InsertNextPoint(s.x0, s.y0, 0),
                                  points->InsertNextPoint(s.x1, s.y1, 0)};
        cells->InsertNextCell(2, ids);
    }
    vtkNew<vtkPolyData> geometry;
    geometry->SetPoints(points);
    geometry->SetLines(cells);
    return actorOf(geometry, colour, lineWidth);
}

std::string percent(double fraction, int decimals) {
    char text[32];
    std::snprintf(text, sizeof text, "%.*f%%", decimals, 100.0 * fraction);
    return text;
}

std::string tickLabel(double value) {
    char text[16];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

}  // namespace

ReliabilityDiagramScene::ReliabilityDiagramScene(vtkRenderer* renderer) : renderer_(renderer) {
    addFrameAndTicks(kDiagram, true);
    addFrameAndTicks(kHistogram, false);
    addText("Accuracy", 0.035, kDiagram.y(0.5), 14, 1, 1, 90.0);
    addText("Samples", 0.035, kHistogram.y(0.5), 14, 1, 1, 90.0);
    addText("Confidence", kHistogram.x(0.5), 0.015, 14, 1, 0);
    // Texts made so far are static; later ones belong to the data.
    for (auto& [text, size] : texts_)
        staticProps_.push_back(text);
    dataProps_.clear();
    setData({});
}

ReliabilityDiagramScene::~ReliabilityDiagramScene() {
    for (auto& prop : dataProps_)
        renderer_->RemoveActor2D(prop);
    for (auto& prop : staticProps_)
        renderer_->RemoveActor2D(prop);
}

vtkTextActor* ReliabilityDiagramScene::addText(const std::string& text, double x, double y,
                                               int size, int justification,
                                               int verticalJustification, double orientation) {
    auto actor = vtkSmartPointer<vtkTextActor>::New();
    actor->SetInput(text.c_str());
    actor->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    actor->SetPosition(x, y);
    vtkTextProperty* property = actor->GetTextProperty();
    property->SetFontSize(static_cast<int>(std::lround(size * fontScale_)));
    property->SetColor(kTextColour[0], kTextColour[1], kTextColour[2]);
    property->SetJustification(justification);
    property->SetVerticalJustification(verticalJustification);
    property->SetOrientation(orientation);
    texts_.emplace_back(actor, size);
    dataProps_.push_back(actor);  // the constructor moves its own texts to staticProps_
    renderer_->AddActor2D(actor);
    return actor;
}

void ReliabilityDiagramScene::addFrameAndTicks(const ViewportBox& box, bool yTicks) {
    constexpr double tick = 0.008;
    std::vector<Segment> ticks;
    for (int i = 0; i <= 5; ++i) {
        const double u = i / 5.0;
        ticks.push_back({box.x(u), box.bottom, box.x(u), box.bottom - tick});
        addText(tickLabel(u), box.x(u), box.bottom - 1.5 * tick, 11, 1, 2);
        if (yTicks) {
            ticks.push_back({box.left, box.y(u), box.left - tick, box.y(u)});
            addText(tickLabel(u), box.left - 1.5 * tick, box.y(u), 11, 2, 1);
        }
    }
    for (auto prop :
         {segments(ticks, kFrameColour, 1.0), rectangles({box}, kFrameColour, true, 1.0)}) {
        staticProps_.push_back(prop);
        renderer_->AddActor2D(prop);
    }
}

void ReliabilityDiagramScene::clearDataProps() {
    for (auto& prop : dataProps_) {
        renderer_->RemoveActor2D(prop);
        std::erase_if(texts_, [&](const auto& t) { return t.first == prop.GetPointer(); });
    }
    dataProps_.clear();
}

std::string ReliabilityDiagramScene::eceText(const calibration::ReliabilityTable& table) {
    const bool adaptive = table.strategy == calibration::BinningStrategy::EqualMass;
    return std::string(adaptive ? "Adaptive ECE = " : "ECE = ") + percent(table.ece, 2);
}

void ReliabilityDiagramScene::setData(const ReliabilityDiagramData& data) {
    clearDataProps();
    for (auto& prop : staticProps_)
        renderer_->RemoveActor2D(prop);

    const calibration::ReliabilityTable& table = data.table;
    std::int64_t total = 0, fullest = 0;
    for (const auto& bin : table.bins) {
        total += bin.count;
        fullest = std::max(fullest, bin.count);
    }
    histogramTop_ = total > 0 ? double(fullest) / double(total) : 1.0;

    std::vector<ViewportBox> histogram, accuracy, gaps;
    for (const auto& bin : table.bins) {
        histogram.push_back({kHistogram.x(bin.lower), kHistogram.bottom, kHistogram.x(bin.upper),
                             kHistogram.y(double(bin.count) / double(fullest))});
        accuracy.push_back({kDiagram.x(bin.lower), kDiagram.bottom, kDiagram.x(bin.upper),
                            kDiagram.y(bin.accuracy)});
        gaps.push_back({kDiagram.x(bin.lower), kDiagram.y(std::min(bin.accuracy, bin.confidence)),
                        kDiagram.x(bin.upper), kDiagram.y(std::max(bin.accuracy, bin.confidence))});
    }
    // Drawn in this order: bars, their edges, the diagonal and lines, then texts.
    if (!table.bins.empty()) {
        dataProps_.push_back(rectangles(histogram, kHistogramColour, false));
        dataProps_.push_back(rectangles(accuracy, kAccuracyColour, false));
        dataProps_.push_back(rectangles(gaps, kGapColour, false));
        dataProps_.push_back(rectangles(accuracy, kEdgeColour, true));
        dataProps_.push_back(rectangles(histogram, kFrameColour, true));
    }
    dataProps_.push_back(segments({{kDiagram.left, kDiagram.bottom, kDiagram.right, kDiagram.top}},
                                  kDiagonalColour, 1.5));
    if (!table.bins.empty()) {
        dataProps_.push_back(segments({{kHistogram.x(table.meanAccuracy), kHistogram.bottom,
                                        kHistogram.x(table.meanAccuracy), kHistogram.top}},
                                      kMeanAccuracyColour, 2.0));
        dataProps_.push_back(segments({{kHistogram.x(table.meanConfidence), kHistogram.bottom,
                                        kHistogram.x(table.meanConfidence), kHistogram.top}},
                                      kMeanConfidenceColour, 2.0));
    }
    for (auto& prop : dataProps_)
        renderer_->AddActor2D(prop);
    for (auto& prop : staticProps_)
        renderer_->AddActor2D(prop);

    const bool adaptive = table.strategy == calibration::BinningStrategy::EqualMass;
    std::string title = "Reliability diagram";
    if (!data.subject.empty())
        title += " - " + data.subject;
    title += " (" + std::to_string(table.binCount) + (adaptive ? " equal-mass" : " equal-width") +
             " bins)";
    addText(title, 0.5, 0.975, 15, 1, 2);
    if (table.bins.empty()) {
        addText("No predictions yet", kDiagram.x(0.5), kDiagram.y(0.5), 16, 1, 1);
        return;
    }
    if (data.legend) {
        vtkTextActor* ece = addText(eceText(table), kDiagram.x(0.03), kDiagram.y(0.97), 17, 0, 2);
        ece->GetTextProperty()->SetBold(true);
        vtkTextActor* outputs =
            addText("Outputs (accuracy)", kDiagram.x(0.03), kDiagram.y(0.85), 13, 0, 2);
        outputs->GetTextProperty()->SetColor(kAccuracyColour[0], kAccuracyColour[1],
                                             kAccuracyColour[2]);
        vtkTextActor* gap =
            addText("Gap to confidence", kDiagram.x(0.03), kDiagram.y(0.77), 13, 0, 2);
        gap->GetTextProperty()->SetColor(kGapColour[0], kGapColour[1], kGapColour[2]);
    }

    vtkTextActor* meanAcc = addText("Accuracy " + percent(table.meanAccuracy, 1),
                                    kHistogram.x(0.02), kHistogram.y(0.95), 12, 0, 2);
    meanAcc->GetTextProperty()->SetColor(kMeanAccuracyColour[0], kMeanAccuracyColour[1],
                                         kMeanAccuracyColour[2]);
    vtkTextActor* meanConf = addText("Avg. confidence " + percent(table.meanConfidence, 1),
                                     kHistogram.x(0.02), kHistogram.y(0.62), 12, 0, 2);
    meanConf->GetTextProperty()->SetColor(kMeanConfidenceColour[0], kMeanConfidenceColour[1],
                                          kMeanConfidenceColour[2]);
    addText(percent(histogramTop_, 0), kHistogram.left - 0.012, kHistogram.top, 11, 2, 1);
}

void ReliabilityDiagramScene::setFontScale(double scale) {
    fontScale_ = scale > 0.0 ? scale : 1.0;
    for (auto& [text, size] : texts_)
        text->GetTextProperty()->SetFontSize(static_cast<int>(std::lround(size * fontScale_)));
}

}  // namespace modescape::ui
