# Writes the package's changelog (Debian's format, one entry for this build's
# version; the project's history is its git log), as lintian asks of every
# package. Run at build time, after packaging/DescribeVersion.cmake:
#   cmake -DVERSION_FILE=... -DSOURCE_DIR=... -DMAINTAINER=... -DGZIP=... -DOUTPUT=... \
#         -P WriteChangelog.cmake
# writes OUTPUT and OUTPUT.gz (gzip -9n: no name or time inside). The date is the commit's (the same tree gives the same file), or now
# without git; the file is rewritten only when its content changes.
file(STRINGS "${VERSION_FILE}" version LIMIT_COUNT 1)
set(date "")
find_package(Git QUIET)
if(GIT_FOUND AND EXISTS "${SOURCE_DIR}/.git")
  execute_process(COMMAND "${GIT_EXECUTABLE}" log -1 --format=%aD
                  WORKING_DIRECTORY "${SOURCE_DIR}" OUTPUT_VARIABLE date
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
endif()
if(date STREQUAL "")
  string(TIMESTAMP date "%a, %d %b %Y %H:%M:%S +0000" UTC)
endif()
file(CONFIGURE OUTPUT "${OUTPUT}" CONTENT "modescape (${version}) unstable; urgency=medium

  * Built by CPack from the Modescape source tree at this version; the
    history of the project is its git log.

 -- ${MAINTAINER}  ${date}
")
execute_process(COMMAND "${GZIP}" -9nc "${OUTPUT}" OUTPUT_FILE "${OUTPUT}.gz"
                RESULT_VARIABLE failed)
if(failed)
  message(FATAL_ERROR "gzip ${OUTPUT} failed")
endif()
