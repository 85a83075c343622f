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
# AF_INET and AF_INET6 sockets on lwIP's raw API (net/inet/README.md).
set(CUB_INET_SOURCES
  ${CMAKE_SOURCE_DIR}/net/inet/inet.c
  ${CMAKE_SOURCE_DIR}/net/inet/inet_addr.c
  ${CMAKE_SOURCE_DIR}/net/inet/inet_opt.c
  ${CMAKE_SOURCE_DIR}/net/inet/tcp.c
  ${CMAKE_SOURCE_DIR}/net/inet/udp.c
)
set_source_files_properties(${CUB_INET_SOURCES} ${CMAKE_SOURCE_DIR}/core/ktest/tests/test_inet.c PROPERTIES
  INCLUDE_DIRECTORIES "${CUB_LWIP_INCLUDE_DIRS}")
list(APPEND CUB_NET_SOURCES ${CUB_INET_SOURCES})
