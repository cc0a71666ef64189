# Run by cpack before it packages (CPACK_PROJECT_CONFIG_FILE): the package's
# version is the one the build stamped into the executable (version.txt,
# packaging/DescribeVersion.cmake), not the one CMake saw when it configured.
if(EXISTS "${CPACK_MODESCAPE_VERSION_FILE}")
  file(STRINGS "${CPACK_MODESCAPE_VERSION_FILE}" modescape_version LIMIT_COUNT 1)
  set(CPACK_PACKAGE_VERSION "${modescape_version}")
  set(CPACK_DEBIAN_PACKAGE_VERSION "${modescape_version}")
endif()
