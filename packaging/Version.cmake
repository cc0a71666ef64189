# The version comes from one place: project(VERSION) in the top-level
# CMakeLists.txt, extended with where git's HEAD stands (DescribeVersion.cmake).
# The target modescape_version rewrites it on every build, so a commit needs
# no reconfigure; files change (and dependents rebuild) only when it changes:
#   ${MODESCAPE_VERSION_DIR}/ModescapeBuildVersion.h   for app/main.cpp
#   ${MODESCAPE_VERSION_DIR}/version.txt               for CPack and the packaging test
set(MODESCAPE_VERSION_DIR ${CMAKE_BINARY_DIR}/generated/version)
add_custom_target(modescape_version
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
          -DBASE_VERSION=${PROJECT_VERSION} -DOUT_DIR=${MODESCAPE_VERSION_DIR}
          -P ${CMAKE_CURRENT_LIST_DIR}/DescribeVersion.cmake
  BYPRODUCTS ${MODESCAPE_VERSION_DIR}/ModescapeBuildVersion.h ${MODESCAPE_VERSION_DIR}/version.txt
  COMMENT "Describing the version of this build"
  VERBATIM)
