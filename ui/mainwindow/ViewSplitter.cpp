#include "ui/mainwindow/ViewSplitter.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QMenu>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>
#include <numeric>

#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/ViewPane.h"
#include "ui/mainwindow/ViewTabList.h"

namespace modescape::ui {

namespace {

const char* const kShares = "modescapeShares";
constexpr double kSizeUnits = 1e6;  // QSplitter takes integers: shares scaled up

std::vector<double> sharesOf(const QSplitter* splitter) {
    std::vector<double> shares;
    for (const QVariant& share : splitter->property(kShares).toList())
        shares.push_back(share.toDouble());
    if (shares.size() != std::size_t(splitter->count()))
        shares.assign(splitter->count(), 1.0 / std::max(1, splitter->count()));
    return shares;
}

// Keeps the shares as given (a session's read back unchanged) and sizes the panes by them.
void setShares(QSplitter* splitter, std::vector<double> shares) {
    const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
    QVariantList kept;
    QList<int> sizes;
    for (double& share : shares) {
        if (total <= 0)
            share = 1.0 / shares.size();
        kept << share;
        sizes << int(std::lround(share / (total > 0 ? total : 1) * kSizeUnits));
    }
    splitter->setProperty(kShares, kept);
    splitter->setSizes(sizes);
}

QSplitter* newSplitter(Qt::Orientation orientation) {
    auto* splitter = new QSplitter(orientation);
    splitter->setObjectName("viewSplit");
    splitter->setChildrenCollapsible(false);
    // A dragged handle is the one change of shares the layout records.
    QObject::connect(splitter, &QSplitter::splitterMoved, splitter, [splitter] {
        const QList<int> sizes = splitter->sizes();
        const double total = std::accumulate(sizes.begin(), sizes.end(), 0.0);
        QVariantList shares;
        for (int size : sizes)
            shares << (total > 0 ? size / total : 1.0 / sizes.size());
        splitter->setProperty(kShares, shares);
    });
    return splitter;
}

}  // namespace

ViewSplitter::ViewSplitter(MainWindow* window, QTabWidget* tabs)
    : QWidget(window), window_(window), tabs_(tabs), active_(tabs) {
    setObjectName("viewSplitter");
    window->takeCentralWidget();  // the tab widget: kept, not deleted
    layout_ = new QVBoxLayout(this);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->addWidget(tabs_);
    window->setCentralWidget(this);
    // A click or the focus inside a pane makes it the active one. An event
    // filter, not QApplication::focusChanged: connecting to that signal
    // registers the QWidget* meta-type, whose inline Qt 6 code the Qt 5 in the
    // process (LibTorch's OpenCV loads it) would bind to.
    qApp->installEventFilter(this);
    connect(tabs_, &QTabWidget::currentChanged, this, [this] {
        if (active_ == tabs_)
            window_->showPropertiesOf(tabs_->currentWidget());
    });
}

void ViewSplitter::addMenuActions(QMenu* menu, QAction* before) {
    auto* horizontal = new QAction(tr("Split left | right"), menu);
    horizontal->setObjectName("splitHorizontalAction");
    connect(horizontal, &QAction::triggered, this, [this] { split(Qt::Horizontal); });
    auto* vertical = new QAction(tr("Split top | bottom"), menu);
    vertical->setObjectName("splitVerticalAction");
    connect(vertical, &QAction::triggered, this, [this] { split(Qt::Vertical); });
    auto* close = new QAction(tr("Close pane"), menu);
    close->setObjectName("closePaneAction");
    connect(close, &QAction::triggered, this, [this] {
        if (auto* pane = qobject_cast<ViewPane*>(active_.data()))
            closePane(pane);
    });
    connect(menu, &QMenu::aboutToShow, close,
            [this, close] { close->setEnabled(qobject_cast<ViewPane*>(active_.data())); });
    menu->insertActions(before, {horizontal, vertical, close});
    menu->insertSeparator(before);
}

ViewPane* ViewSplitter::newPane() {
    auto* pane = new ViewPane(tabs_, window_->viewTabList());
    connect(pane, &ViewPane::closeRequested, this, [this, pane] { closePane(pane); });
    connect(pane, &ViewPane::viewChanged, this, [this, pane] {
        if (active_ == pane)
            window_->showPropertiesOf(pane->view());
        Q_EMIT layoutChanged();
    });
    return pane;
}

ViewPane* ViewSplitter::split(Qt::Orientation orientation) {
    QWidget* leaf = active_ ? active_.data() : tabs_;
    ViewPane* pane = newPane();
    auto* parent = qobject_cast<QSplitter*>(leaf->parentWidget());
    if (parent && parent->orientation() == orientation) {
        // One more pane in this split: the leaf's share halves.
        const int at = parent->indexOf(leaf);
        std::vector<double> shares = sharesOf(parent);
        shares[at] /= 2;
        shares.insert(shares.begin() + at + 1, shares[at]);
        parent->insertWidget(at + 1, pane);
        setShares(parent, shares);
    } else {
        QSplitter* splitter = newSplitter(orientation);
        if (parent) {
            const std::vector<double> shares = sharesOf(parent);
            parent->insertWidget(parent->indexOf(leaf), splitter);
            splitter->addWidget(leaf);  // leaves the parent: the new split takes its place
            setShares(parent, shares);
        } else {
            layout_->addWidget(splitter);
            splitter->addWidget(leaf);
        }
        leaf->show();
        splitter->addWidget(pane);
        setShares(splitter, {0.5, 0.5});
    }
    // Another view than the tab shown, when there is one.
    for (int index = 0; index < tabs_->count(); ++index)
        if (index != tabs_->currentIndex()) {
            pane->setView(tabs_->widget(index));
            break;
        }
    pane->show();
    setActivePane(pane);
    Q_EMIT layoutChanged();
    return pane;
}

void ViewSplitter::closePane(ViewPane* pane) {
    if (!pane)
        return;
    pane->setView(nullptr);
    auto* parent = qobject_cast<QSplitter*>(pane->parentWidget());
    if (parent) {
        std::vector<double> shares = sharesOf(parent);
        shares.erase(shares.begin() + parent->indexOf(pane));
        pane->hide();
        pane->setParent(nullptr);
        setShares(parent, shares);
    }
    pane->deleteLater();
    if (active_ == pane || !active_)
        setActivePane(tabs_);
    collapse(parent);
    Q_EMIT layoutChanged();
}

void ViewSplitter::collapse(QSplitter* splitter) {
    if (!splitter || splitter->count() != 1)
        return;
    // A split of one pane is no split: the pane takes its place.
    QWidget* only = splitter->widget(0);
    if (auto* parent = qobject_cast<QSplitter*>(splitter->parentWidget())) {
        const std::vector<double> shares = sharesOf(parent);
        parent->insertWidget(parent->indexOf(splitter), only);
        delete splitter;
        setShares(parent, shares);
    } else {
        layout_->addWidget(only);
        delete splitter;
    }
    only->show();
}

void ViewSplitter::unsplit() {
    for (ViewPane* pane : panes())
        closePane(pane);
}

QList<ViewPane*> ViewSplitter::panes() const {
    QList<ViewPane*> panes;
    std::function<void(QWidget*)> walk = [&](QWidget* widget) {
        if (auto* pane = qobject_cast<ViewPane*>(widget))
            panes << pane;
        else if (auto* splitter = qobject_cast<QSplitter*>(widget))
            for (int i = 0; i < splitter->count(); ++i)
                walk(splitter->widget(i));
    };
    if (QLayoutItem* root = layout_->itemAt(0))
        walk(root->widget());
    return panes;
}

QList<QWidget*> ViewSplitter::paneViews() const {
    QList<QWidget*> views;
    for (ViewPane* pane : panes())
        if (pane->view())
            views << pane->view();
    return views;
}

QWidget* ViewSplitter::activePane() const {
    return active_ ? active_.data() : tabs_;
}

void ViewSplitter::setActivePane(QWidget* pane) {
    active_ = pane ? pane : tabs_;
    auto* viewPane = qobject_cast<ViewPane*>(active_.data());
    window_->showPropertiesOf(viewPane ? viewPane->view() : tabs_->currentWidget());
}

bool ViewSplitter::eventFilter(QObject* watched, QEvent* event) {
    if ((event->type() == QEvent::MouseButtonPress || event->type() == QEvent::FocusIn) &&
        watched->isWidgetType())
        followFocus(static_cast<QWidget*>(watched));
    return false;
}

void ViewSplitter::followFocus(QWidget* now) {
    for (QWidget* widget = now; widget && widget != this; widget = widget->parentWidget())
        if (widget == tabs_ || qobject_cast<ViewPane*>(widget)) {
            if (widget != active_)
                setActivePane(widget);
            return;
        }
}

nlohmann::json ViewSplitter::layout(const std::function<std::string(QWidget*)>& idOf) const {
    std::function<nlohmann::json(QWidget*)> node = [&](QWidget* widget) -> nlohmann::json {
        if (widget == tabs_)
            return {{"tabs", true}};
        if (auto* pane = qobject_cast<ViewPane*>(widget))
            return {{"view", pane->view() ? idOf(pane->view()) : std::string()}};
        auto* splitter = qobject_cast<QSplitter*>(widget);
        nlohmann::json panes = nlohmann::json::array();
        for (int i = 0; splitter && i < splitter->count(); ++i)
            panes.push_back(node(splitter->widget(i)));
        return {{"orientation",
                 splitter && splitter->orientation() == Qt::Vertical ? "vertical" : "horizontal"},
                {"sizes", splitter ? sharesOf(splitter) : std::vector<double>()},
                {"panes", panes}};
    };
    QLayoutItem* root = layout_->itemAt(0);
    if (!root || root->widget() == tabs_)
        return nullptr;
    return node(root->widget());
}

void ViewSplitter::restore(const nlohmann::json& layout,
                           const std::function<QWidget*(const std::string&)>& viewOf) {
    unsplit();
    if (layout.is_null())
        return;
    QWidget* root = build(layout, viewOf);
    if (root != tabs_)
        layout_->addWidget(root);
    tabs_->show();
    setActivePane(tabs_);
    Q_EMIT layoutChanged();
}

QWidget* ViewSplitter::build(const nlohmann::json& node,
                             const std::function<QWidget*(const std::string&)>& viewOf) {
    // The shape was checked on reading (core/session/SplitLayout.h).
    if (node.contains("tabs"))
        return tabs_;
    if (node.contains("view")) {
        ViewPane* pane = newPane();
        pane->setView(viewOf(node.at("view").get<std::string>()));
        return pane;
    }
    QSplitter* splitter =
        newSplitter(node.at("orientation") == "vertical" ? Qt::Vertical : Qt::Horizontal);
    for (const nlohmann::json& child : node.at("panes")) {
        QWidget* widget = build(child, viewOf);
        splitter->addWidget(widget);
        widget->show();
    }
    setShares(splitter, node.at("sizes").get<std::vector<double>>());
    return splitter;
}

}  // namespace modescape::ui
