#pragma once
// A tab of the main window's central area: a view with its own properties
// panel (shown in the right dock while the tab is current) and image export.

#include <QImage>
#include <QWidget>

namespace modescape::ui {

class ViewPage : public QWidget {
    Q_OBJECT
  public:
    using QWidget::QWidget;

    // The widget the properties dock shows for this view; owned by the page.
    virtual QWidget* propertiesWidget() = 0;
    // The view rendered at scale x its on-screen pixel size.
    virtual QImage exportImage(double scale, bool transparentBackground) = 0;
};

}  // namespace modescape::ui
