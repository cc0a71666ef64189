# What `cmake --install` (and so the Debian package, packaging/CPack.cmake)
# puts where, under CMAKE_INSTALL_PREFIX (/usr in the package). docs/packaging.md
# lists it. Files made from the built executable (the man page, the bash
# completion) and the icon's bitmaps are built with `all`.
include(GNUInstallDirs)

# The desktop entry and AppStream id; the public home of the project (the
# metainfo's links and screenshot, the package's Homepage field).
set(MODESCAPE_APP_ID io.github.modescape.Modescape)
set(MODESCAPE_HOMEPAGE "https://github.com/modescape/modescape"
    CACHE STRING "The project's home page (AppStream metainfo, Debian package)")

set(resources ${PROJECT_SOURCE_DIR}/resources)
set(generated ${CMAKE_BINARY_DIR}/generated/install)

install(TARGETS modescape RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
find_program(MODESCAPE_GZIP gzip REQUIRED)

# modescape(1) and the bash completion, written by the executable from its own
# command-line tree. Not in sanitizer builds: running those at build time would
# report the leaks of libraries built without sanitizers.
if(NOT MODESCAPE_SANITIZE AND NOT MODESCAPE_FUZZ)
  add_custom_command(
    OUTPUT ${generated}/modescape.1 ${generated}/modescape.1.gz
    COMMAND $<TARGET_FILE:modescape> help --man > ${generated}/modescape.1
    # -n: no name or time stamp inside, so the same page gives the same bytes.
    COMMAND ${MODESCAPE_GZIP} -9nc ${generated}/modescape.1 > ${generated}/modescape.1.gz
    DEPENDS modescape
    COMMENT "Writing the man page modescape(1)")
  add_custom_command(
    OUTPUT ${generated}/modescape.bash-completion
    COMMAND $<TARGET_FILE:modescape> help --bash-completion > ${generated}/modescape.bash-completion
    DEPENDS modescape
    COMMENT "Writing the bash completion of modescape")
  add_custom_target(modescape_generated_docs ALL
    DEPENDS ${generated}/modescape.1.gz ${generated}/modescape.bash-completion)
  install(FILES ${generated}/modescape.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
  install(FILES ${generated}/modescape.bash-completion
          DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME modescape)
endif()

if(MODESCAPE_GUI)
  install(FILES ${resources}/${MODESCAPE_APP_ID}.desktop
          DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
  configure_file(${resources}/${MODESCAPE_APP_ID}.metainfo.xml.in
                 ${generated}/${MODESCAPE_APP_ID}.metainfo.xml @ONLY)
  install(FILES ${generated}/${MODESCAPE_APP_ID}.metainfo.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
  install(FILES ${resources}/modescape-mime.xml
          DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME modescape.xml)

  # The icon: the SVG for every size, and bitmaps of it for the desktops and
  # software centres that want them (where rsvg-convert is installed).
  set(icons ${CMAKE_INSTALL_DATADIR}/icons/hicolor)
  install(FILES ${resources}/modescape.svg DESTINATION ${icons}/scalable/apps)
  find_program(MODESCAPE_RSVG_CONVERT rsvg-convert)
  if(MODESCAPE_RSVG_CONVERT)
    set(bitmaps "")
    foreach(size 16 24 32 48 64 128 256)
      set(png ${generated}/icons/${size}/modescape.png)
      add_custom_command(OUTPUT ${png}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${generated}/icons/${size}
        COMMAND ${MODESCAPE_RSVG_CONVERT} -w ${size} -h ${size} -o ${png} ${resources}/modescape.svg
        DEPENDS ${resources}/modescape.svg
        COMMENT "Drawing the ${size} px icon")
      list(APPEND bitmaps ${png})
      install(FILES ${png} DESTINATION ${icons}/${size}x${size}/apps)
    endforeach()
    add_custom_target(modescape_icons ALL DEPENDS ${bitmaps})
  else()
    message(STATUS "rsvg-convert not found (librsvg2-bin): only the SVG icon is installed")
  endif()
endif()

# The documentation: the README, docs/*.md with their figures, the licence.
set(doc ${CMAKE_INSTALL_DATADIR}/doc/modescape)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${doc})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${doc}/docs
        FILES_MATCHING PATTERN "*.md" PATTERN "*.png" PATTERN "*.svg")
# Debian wants the licence as usr/share/doc/<package>/copyright (DEP-5).
install(FILES ${PROJECT_SOURCE_DIR}/packaging/copyright DESTINATION ${doc})
# ... and a changelog (changelog.gz in a package without a Debian revision),
# with one entry for this build's version.
set(MODESCAPE_MAINTAINER "The Modescape developers <modescape@users.noreply.github.com>"
    CACHE STRING "The package's Maintainer field and changelog signature")
add_custom_command(
  OUTPUT ${generated}/changelog ${generated}/changelog.gz
  COMMAND ${CMAKE_COMMAND} -DVERSION_FILE=${MODESCAPE_VERSION_DIR}/version.txt
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR} "-DMAINTAINER=${MODESCAPE_MAINTAINER}"
          -DGZIP=${MODESCAPE_GZIP} -DOUTPUT=${generated}/changelog
          -P ${CMAKE_CURRENT_LIST_DIR}/WriteChangelog.cmake
  DEPENDS ${MODESCAPE_VERSION_DIR}/version.txt ${CMAKE_CURRENT_LIST_DIR}/WriteChangelog.cmake
  COMMENT "Writing the package's changelog"
  VERBATIM)
add_custom_target(modescape_changelog ALL DEPENDS ${generated}/changelog.gz)
add_dependencies(modescape_changelog modescape_version)
install(FILES ${generated}/changelog.gz DESTINATION ${doc})
