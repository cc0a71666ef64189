# The Debian package: `cmake --build --preset release --target package` writes
# build-release/modescape_<version>_amd64.deb from what packaging/Install.cmake
# installs. Its Depends are worked out from the shared libraries the binary
# links (dpkg-shlibdeps); its version is the build's (packaging/Version.cmake),
# read when cpack runs (CPackProjectConfig.cmake), so it matches --version.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME modescape)
set(CPACK_PACKAGE_VENDOR "The Modescape developers")
set(CPACK_PACKAGE_CONTACT "${MODESCAPE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "explore the posterior of Bayesian neural networks")
set(CPACK_PACKAGE_DESCRIPTION
    "Modescape opens a set of neural-network checkpoints (an ensemble, SWAG or MCMC
samples, a training trajectory) and shows loss landscapes, maps of the weights
that account for permutation and scaling symmetries, low-loss paths between
members and the calibration of the ensemble, in a Qt window with VTK views.
Every computation is also a subcommand of the command line, which writes
figures without a window.")
set(CPACK_PACKAGE_HOMEPAGE_URL ${MODESCAPE_HOMEPAGE})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES TRUE)
set(CPACK_PACKAGE_INSTALL_DIRECTORY modescape)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)

set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
# The demo's and tests' data set, and the figures' font: not libraries, so
# dpkg-shlibdeps cannot know them.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "dataset-fashion-mnist, fonts-dejavu-core")
# A program Modescape runs, when there, to encode animations as MP4 / WebM.
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "ffmpeg")

# Read by cpack (not by CMake): the version file that the build wrote.
set(CPACK_MODESCAPE_VERSION_FILE ${MODESCAPE_VERSION_DIR}/version.txt)
set(CPACK_PROJECT_CONFIG_FILE ${CMAKE_CURRENT_LIST_DIR}/CPackProjectConfig.cmake)
include(CPack)
