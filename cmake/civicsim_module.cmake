# civicsim_module(NAME [DEPS module...]): the static library civicsim_NAME from engine/NAME/*.cpp,
# linking the named modules PUBLIC, and the layering rule that goes with it (check_layering.cmake):
# its files may include headers of NAME and of every module it reaches through DEPS, nothing else
# under engine/, and no module's internal/ headers but its own.
function(civicsim_module name)
  cmake_parse_arguments(M "" "" "DEPS" ${ARGN})
  file(GLOB sources CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/engine/${name}/*.cpp
       ${PROJECT_SOURCE_DIR}/engine/${name}/internal/*.cpp)
  add_library(civicsim_${name} STATIC ${sources})
  add_library(civicsim::${name} ALIAS civicsim_${name})
  target_include_directories(civicsim_${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
                             $<INSTALL_INTERFACE:include/civicsim>)
  set(reach ${name})
  foreach(dep IN LISTS M_DEPS)
    target_link_libraries(civicsim_${name} PUBLIC civicsim_${dep})
    get_property(dep_reach GLOBAL PROPERTY CIVICSIM_REACH_${dep})
    list(APPEND reach ${dep_reach})
  endforeach()
  list(REMOVE_DUPLICATES reach)
  target_link_libraries(civicsim_${name} PRIVATE civicsim_warnings)
  set_property(GLOBAL PROPERTY CIVICSIM_REACH_${name} ${reach})
  set_property(GLOBAL APPEND PROPERTY CIVICSIM_MODULES ${name})
  string(REPLACE ";" "," reach_csv "${reach}")
  set_property(GLOBAL APPEND_STRING PROPERTY CIVICSIM_LAYERING_RULES "${name}=${reach_csv}|")
endfunction()

# The build step that checks every module's includes against its rule; each module waits on it.
function(civicsim_check_layering)
  get_property(rules GLOBAL PROPERTY CIVICSIM_LAYERING_RULES)
  get_property(modules GLOBAL PROPERTY CIVICSIM_MODULES)
  file(GLOB_RECURSE checked CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/engine/*.cpp
       ${PROJECT_SOURCE_DIR}/engine/*.hpp ${PROJECT_SOURCE_DIR}/outputs/*.cpp
       ${PROJECT_SOURCE_DIR}/outputs/*.hpp ${PROJECT_SOURCE_DIR}/cli/*.cpp ${PROJECT_SOURCE_DIR}/cli/*.hpp)
  set(stamp ${CMAKE_BINARY_DIR}/layering.stamp)
  add_custom_command(OUTPUT ${stamp}
    COMMAND ${CMAKE_COMMAND} "-DRULES=${rules}" -DROOT=${PROJECT_SOURCE_DIR} -DSTAMP=${stamp}
            -P ${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake
    DEPENDS ${checked} ${PROJECT_SOURCE_DIR}/cmake/check_layering.cmake
    COMMENT "Checking module layering (cmake/check_layering.cmake)" VERBATIM)
  add_custom_target(civicsim_layering ALL DEPENDS ${stamp})
  foreach(m IN LISTS modules)
    add_dependencies(civicsim_${m} civicsim_layering)
  endforeach()
endfunction()
