#include "ui/mainwindow/ViewPane.h"

#include <QChildEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QTabWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/mainwindow/ViewTabList.h"

namespace modescape::ui {

namespace {

// Lists the views afresh each time it opens: tabs come and go meanwhile.
class ViewChoice : public QComboBox {
  public:
    ViewChoice(std::function<void()> refill, QWidget* parent)
        : QComboBox(parent), refill_(std::move(refill)) {}
    void showPopup() override {
        refill_();
        QComboBox::showPopup();
    }

  private:
    std::function<void()> refill_;
};

}  // namespace

ViewPane::ViewPane(QTabWidget* tabs, ViewTabList* views, QWidget* parent)
    : QFrame(parent), tabs_(tabs), views_(views) {
    setObjectName("viewPane");
    setFrameShape(QFrame::StyledPanel);
    choice_ = new ViewChoice([this] { fillChoices(); }, this);
    choice_->setObjectName("viewPaneChoice");
    choice_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    auto* close = new QToolButton(this);
    close->setObjectName("viewPaneClose");
    close->setText(QStringLiteral("×"));
    close->setToolTip(tr("Close this pane (its view goes back to the tabs)"));
    close->setAutoRaise(true);
    connect(close, &QToolButton::clicked, this, [this] { Q_EMIT closeRequested(); });
    connect(choice_, &QComboBox::activated, this, [this](int index) {
        setView(static_cast<QWidget*>(choice_->itemData(index).value<QObject*>()));
    });

    content_ = new QWidget(this);
    contentLayout_ = new QVBoxLayout(content_);
    contentLayout_->setContentsMargins(0, 0, 0, 0);
    content_->installEventFilter(this);

    header_ = new QWidget(this);
    header_->setObjectName("viewPaneHeader");
    auto* header = new QHBoxLayout(header_);
    header->setContentsMargins(4, 2, 2, 2);
    header->addWidget(choice_);
    header->addStretch(1);
    header->addWidget(close);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(header_);
    layout->addWidget(content_, 1);
    fillChoices();
}

void ViewPane::setHeaderVisible(bool visible) {
    header_->setVisible(visible);
    // Presenting: the view alone, without the pane's frame line either.
    setFrameShape(visible ? QFrame::StyledPanel : QFrame::NoFrame);
}

bool ViewPane::isHeaderVisible() const {
    return !header_->isHidden();
}

void ViewPane::setView(QWidget* view) {
    if (view == view_)
        return;
    QPointer<QWidget> previous = view_;
    view_ = view;
    if (view) {
        if (const int index = tabs_->indexOf(view); index >= 0)
            tabs_->removeTab(index);
        contentLayout_->addWidget(view);  // takes it from another pane too
        view->show();
    }
    if (previous)
        returnToTabs(previous);
    fillChoices();
    Q_EMIT viewChanged();
}

void ViewPane::returnToTabs(QWidget* view) {
    // Back at its place among the tabs, without changing the tab shown.
    QWidget* current = tabs_->currentWidget();
    views_->reopen(view);
    if (current)
        tabs_->setCurrentWidget(current);
}

bool ViewPane::eventFilter(QObject* watched, QEvent* event) {
    // The view was taken elsewhere (reopened as a tab from the View menu, shown in another pane).
    if (watched == content_ && event->type() == QEvent::ChildRemoved &&
        static_cast<QChildEvent*>(event)->child() == view_.data()) {
        view_ = nullptr;
        fillChoices();
        Q_EMIT viewChanged();
    }
    return QFrame::eventFilter(watched, event);
}

void ViewPane::fillChoices() {
    choice_->clear();
    choice_->addItem(tr("(no view)"), QVariant::fromValue<QObject*>(nullptr));
    for (QWidget* page : views_->pages())
        choice_->addItem(views_->titleOf(page), QVariant::fromValue<QObject*>(page));
    choice_->setCurrentIndex(std::max(0, choice_->findData(QVariant::fromValue<QObject*>(view_))));
}

}  // namespace modescape::ui
