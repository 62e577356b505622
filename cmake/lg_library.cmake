# lg_library(NAME SOURCES a.cc b.cc DEPS lib... PRIVATE_DEPS lib...)
# One static library per module; the DEPS edges are the module arrows
# (tools -> query -> graph <- ingest).
function(lg_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()
