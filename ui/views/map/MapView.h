#pragma once
// The interactive map: a 2-D map painted with QPainter (MapCanvas: wheel zoom,
// middle-button pan) or a 3-D one in VTK (MapScene3d in a VtkView), with a
// hover tooltip (name, group, metrics, every metadata value) and click and
// rubber-band selection (Ctrl adds to it); in 3-D the left button rotates and
// Shift + left drags the band. Emits the selection the user made, as member names.

#include <QImage>
#include <QPoint>
#include <QRect>
#include <QStringList>
#include <QWidget>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "ui/rendering/FigureWriter.h"
#include "ui/views/map/MapModel.h"
#include "ui/views/map/MapPicking.h"

class QRubberBand;
class QStackedLayout;

namespace modescape::ui {

class MapCanvas;
class MapScene3d;
class VtkView;

class MapView : public QWidget {
    Q_OBJECT
  public:
    explicit MapView(QWidget* parent = nullptr);
    ~MapView() override;

    // What is shown. After changing it directly (legend, texts) call refresh().
    MapModel& model() { return model_; }
    const MapModel& model() const { return model_; }
    void refresh();
    MapCanvas* canvas() const { return canvas_; }
    VtkView* vtkView() const { return view_; }
    // The widget that shows the map and takes the mouse: the canvas in 2-D, the VTK view in 3-D.
    QWidget* surface() const;

    // Shows all points of a new map; the same map again keeps the zoom.
    void setProjection(const symmetry::SetProjection& projection);
    void setMetrics(MemberMetricsMap metrics);
    void setColouring(MapColouring colouring);
    // Colours by a member metadata column (MapModel::setMetadataColumn).
    void setMetadataColouring(std::string key, std::map<std::string, std::string> valueByMember);

    // Labels points with these texts (by member name; empty = none; 2-D maps only).
    void setLabels(std::map<std::string, std::string> textByMember);

    // Selects the named members (others unselected) without emitting selectionChanged.
    void setSelection(const QStringList& members);
    QStringList selectedMembers() const;

    // Where point i is drawn, in the surface's coordinates (valid once shown).
    QPointF screenPosition(int point);
    // The point under pos (within a few pixels of its marker), or -1.
    int pointAt(QPoint pos);
    // What the user's gestures do, callable from tests (surface coordinates).
    void clickAt(QPoint pos, bool addToSelection);
    void selectInRectangle(QRect rectangle, bool addToSelection);
    QString tooltipText(int point) const;

    // What the surface shows, in device pixels.
    QImage grabImage();
    // The 3-D map for a figure: its pixels at scale x its size, markers
    // scaled with them, text `textPixels` high (0: the screen's x scale).
    QImage grabFigure3d(double scale, bool transparentBackground, double textPixels);
    // The 2-D map's paint function (what is shown, zoom included); empty in 3-D.
    FigurePaint figurePaint() const;

  Q_SIGNALS:
    // The user changed the selection (names, in the projection's order).
    void selectionChanged(const QStringList& members);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    std::vector<ScreenPoint> screenPositions();
    void applySelection(std::vector<int> indices, bool addToSelection);
    void showTooltip(QPoint pos, QPoint globalPos);

    MapModel model_;
    QStackedLayout* stack_;
    MapCanvas* canvas_;
    VtkView* view_;
    std::unique_ptr<MapScene3d> scene3d_;
    QRubberBand* band_ = nullptr;
    QPoint bandOrigin_;
    bool banding_ = false;
};

}  // namespace modescape::ui
