# `cmake --install BUILD [--prefix P]`: the litgraph binary, the web page, the
# module libraries, their public headers (under include/litgraph/, included as
# "graph/store/store.h", "query/engine.h", ...) and a pkg-config file:
#   c++ -std=c++20 prog.cc $(pkg-config --cflags --libs litgraph)
include(GNUInstallDirs)

install(TARGETS litgraph RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS lg_query lg_ingest lg_graph ARCHIVE DESTINATION lib)
foreach(module graph ingest query)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${module}/
          DESTINATION include/litgraph/${module}
          FILES_MATCHING PATTERN "*.h")
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/web/index.html ${PROJECT_SOURCE_DIR}/web/app.js
        DESTINATION ${CMAKE_INSTALL_DATADIR}/litgraph/web)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/corpus/lexicon
        DESTINATION ${CMAKE_INSTALL_DATADIR}/litgraph)

configure_file(${PROJECT_SOURCE_DIR}/cmake/litgraph.pc.in
               ${PROJECT_BINARY_DIR}/litgraph.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/litgraph.pc
        DESTINATION lib/pkgconfig)
