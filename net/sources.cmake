# The kernel's networking sources (net/), added to cubkernel by
# core/CMakeLists.txt.  One file per line, so branches merge cleanly.
set(CUB_NET_SOURCES
  ${CMAKE_SOURCE_DIR}/net/nic.c
  ${CMAKE_SOURCE_DIR}/net/ifaces.c
)
include(${CMAKE_SOURCE_DIR}/net/lwip/lwip.cmake)
