# `cmake --install`: the engine's libraries and headers, the civicsim program and its data, and a
# CMake package, so that another project's `find_package(civicsim)` gives `civicsim::engine`
# (docs/library.md; tests/consumer builds against it in CI). Internal headers (engine/*/internal/)
# are not installed.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# civicsim::engine: everything a program that runs scenarios links (the run API, outputs, engine).
add_library(civicsim_library INTERFACE)
target_link_libraries(civicsim_library INTERFACE ${CIVICSIM_LIBRARY_TOP})
set_target_properties(civicsim_library PROPERTIES EXPORT_NAME engine)
add_library(civicsim::engine ALIAS civicsim_library)

get_property(civicsim_modules GLOBAL PROPERTY CIVICSIM_MODULES)
list(TRANSFORM civicsim_modules PREPEND civicsim_ OUTPUT_VARIABLE civicsim_module_targets)
install(TARGETS ${civicsim_module_targets} ${CIVICSIM_LIBRARY_TARGETS} civicsim_library
        EXPORT civicsimTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS civicsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

foreach(folder engine outputs api)
  install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder}/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/civicsim/${folder}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "internal" EXCLUDE)
endforeach()
install(FILES ${CMAKE_BINARY_DIR}/generated/civicsim/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/civicsim/civicsim)
# The data the built-in scenarios read: found beside an installed program (engine/core/data_dir.hpp).
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/civicsim/data)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/civicsim/scenarios)

set(config_dir ${CMAKE_INSTALL_LIBDIR}/cmake/civicsim)
install(EXPORT civicsimTargets NAMESPACE civicsim:: DESTINATION ${config_dir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/civicsimConfig.cmake.in
                              ${CMAKE_BINARY_DIR}/civicsimConfig.cmake INSTALL_DESTINATION ${config_dir})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/civicsimConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/civicsimConfig.cmake ${CMAKE_BINARY_DIR}/civicsimConfigVersion.cmake
        DESTINATION ${config_dir})
