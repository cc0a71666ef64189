#pragma once
// The interactive map: a MapScene in a VtkView with a hover tooltip (name,
// group, metrics), click and rubber-band selection (Ctrl adds to it), wheel
// zoom, middle-button pan; in 3-D the left button rotates and Shift + left
// drags the band. Emits the selection the user made, as member names.

#include <QPoint>
#include <QRect>
#include <QStringList>
#include <QWidget>

#include <memory>
#include <vector>

#include "ui/views/map/MapPicking.h"
#include "ui/views/map/MapScene.h"

class QRubberBand;

namespace modescape::ui {

class VtkView;

class MapView : public QWidget {
    Q_OBJECT
  public:
    explicit MapView(QWidget* parent = nullptr);
    ~MapView() override;

    VtkView* vtkView() const { return view_; }
    MapScene& scene() { return *scene_; }

    void setProjection(const symmetry::SetProjection& projection);
    void setMetrics(MemberMetricsMap metrics);
    void setColouring(MapColouring colouring);

    // Selects the named members (others unselected) without emitting selectionChanged.
    void setSelection(const QStringList& members);
    QStringList selectedMembers() const;

    // Where point i is drawn, in the view widget's coordinates (valid once shown).
    QPointF screenPosition(int point);
    // The point under pos (within a few pixels), or -1.
    int pointAt(QPoint pos);
    // What the user's gestures do, callable from tests (view coordinates).
    void clickAt(QPoint pos, bool addToSelection);
    void selectInRectangle(QRect rectangle, bool addToSelection);
    QString tooltipText(int point) const;

  Q_SIGNALS:
    // The user changed the selection (names, in the projection's order).
    void selectionChanged(const QStringList& members);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    std::vector<ScreenPoint> screenPositions();
    void applySelection(std::vector<int> indices, bool addToSelection);
    void showTooltip(QPoint pos, QPoint globalPos);

    VtkView* view_;
    std::unique_ptr<MapScene> scene_;
    QRubberBand* band_ = nullptr;
    QPoint bandOrigin_;
    bool banding_ = false;
};

}  // namespace modescape::ui
