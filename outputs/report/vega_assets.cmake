# Included by outputs/CMakeLists.txt: inlines the vendored Vega, Vega-Lite and vega-embed builds
# (third_party/vega/dist) into civicsim_outputs, so the HTML report renders offline and the build needs
# neither node nor the network. The source is regenerated whenever a dist file or the script changes.
set(VEGA_DIST ${PROJECT_SOURCE_DIR}/third_party/vega/dist)
set(VEGA_ASSETS_CPP ${CMAKE_CURRENT_BINARY_DIR}/generated/vega_assets.cpp)
set(VEGA_EMBED_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/embed_files.cmake)
add_custom_command(
  OUTPUT ${VEGA_ASSETS_CPP}
  COMMAND ${CMAKE_COMMAND} -DOUTPUT=${VEGA_ASSETS_CPP} -DNAMESPACE=civicsim::report::assets
          "-DINPUTS=vega_js=${VEGA_DIST}/vega.min.js|vega_lite_js=${VEGA_DIST}/vega-lite.min.js|vega_embed_js=${VEGA_DIST}/vega-embed.min.js"
          -P ${VEGA_EMBED_SCRIPT}
  DEPENDS ${VEGA_EMBED_SCRIPT} ${VEGA_DIST}/vega.min.js ${VEGA_DIST}/vega-lite.min.js ${VEGA_DIST}/vega-embed.min.js
  COMMENT "Embedding Vega-Lite JavaScript for the HTML report"
  VERBATIM)
target_sources(civicsim_outputs PRIVATE ${VEGA_ASSETS_CPP})
# The generated array is data, not code we maintain: keep the warnings flags off it.
set_source_files_properties(${VEGA_ASSETS_CPP} PROPERTIES GENERATED TRUE COMPILE_OPTIONS "-w")
