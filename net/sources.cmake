# The kernel's networking sources (net/), added to cubkernel by
# core/CMakeLists.txt.  One file per line, so branches merge cleanly.
set(CUB_NET_SOURCES
  ${CMAKE_SOURCE_DIR}/net/nic.c
  ${CMAKE_SOURCE_DIR}/net/ifaces.c
  ${CMAKE_SOURCE_DIR}/net/net.c
  ${CMAKE_SOURCE_DIR}/net/drivers/virtio_net.c
  ${CMAKE_SOURCE_DIR}/net/drivers/e1000.c
  ${CMAKE_SOURCE_DIR}/net/netlink.c
  ${CMAKE_SOURCE_DIR}/net/ifioctl_sock.c
  ${CMAKE_SOURCE_DIR}/net/ifaces_fake.c
)
include(${CMAKE_SOURCE_DIR}/net/lwip/lwip.cmake)
