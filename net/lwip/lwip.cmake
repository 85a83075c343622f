# lwIP in the kernel: Debian's lwip source package, unpacked by
# `./cub setup` into .cache/src/lwip (never committed), compiled with the
# kernel's flags into cubkernel, with cub's port (net/lwip/).  Included by
# net/sources.cmake.
set(CUB_LWIP_SRC ${CMAKE_SOURCE_DIR}/.cache/src/lwip)
if(NOT EXISTS ${CUB_LWIP_SRC}/.cub-version OR NOT EXISTS ${CUB_LWIP_SRC}/src/core/init.c)
  message(FATAL_ERROR "lwip source missing (${CUB_LWIP_SRC}): run ./cub setup")
endif()
file(STRINGS ${CUB_LWIP_SRC}/.cub-version CUB_LWIP_VERSION LIMIT_COUNT 1)

set(CUB_LWIP_CORE_SOURCES)
foreach(f
    core/init.c core/def.c core/inet_chksum.c core/ip.c core/mem.c core/memp.c
    core/netif.c core/pbuf.c core/raw.c core/stats.c core/sys.c core/tcp.c
    core/tcp_in.c core/tcp_out.c core/timeouts.c core/udp.c
    core/ipv4/dhcp.c core/ipv4/etharp.c core/ipv4/icmp.c core/ipv4/igmp.c
    core/ipv4/ip4_frag.c core/ipv4/ip4.c core/ipv4/ip4_addr.c
    core/ipv6/ethip6.c core/ipv6/icmp6.c core/ipv6/inet6.c core/ipv6/ip6.c
    core/ipv6/ip6_addr.c core/ipv6/ip6_frag.c core/ipv6/mld6.c core/ipv6/nd6.c
    api/api_lib.c api/api_msg.c api/err.c api/netbuf.c api/tcpip.c
    netif/ethernet.c)
  list(APPEND CUB_LWIP_CORE_SOURCES ${CUB_LWIP_SRC}/src/${f})
endforeach()

set(CUB_LWIP_PORT_SOURCES
  ${CMAKE_SOURCE_DIR}/net/lwip/sys_arch.c
  ${CMAKE_SOURCE_DIR}/net/lwip/lwip.c
  ${CMAKE_SOURCE_DIR}/net/lwip/netif_eth.c
  ${CMAKE_SOURCE_DIR}/net/lwip/ifaces_lwip.c
  ${CMAKE_SOURCE_DIR}/net/lwip/route.c
)

# Every file that includes lwIP's headers: lwIP's own, the port, and the
# kernel tests that drive it.
# net/lwip/libc holds the C-library headers lwIP includes (<string.h>, <stdlib.h>).
set(CUB_LWIP_INCLUDE_DIRS ${CMAKE_SOURCE_DIR}/net/lwip ${CMAKE_SOURCE_DIR}/net/lwip/libc
    ${CUB_LWIP_SRC}/src/include)
set(CUB_LWIP_USERS ${CUB_LWIP_CORE_SOURCES} ${CUB_LWIP_PORT_SOURCES}
    ${CMAKE_SOURCE_DIR}/core/ktest/tests/test_net.c)
set_source_files_properties(${CUB_LWIP_USERS} PROPERTIES
  INCLUDE_DIRECTORIES "${CUB_LWIP_INCLUDE_DIRS}")
# lwIP's files build with the kernel's own flags and warnings, none
# relaxed (checked with lwIP 2.1.3 and GCC 12); if a new version trips
# one, relax it here with set_source_files_properties on
# CUB_LWIP_CORE_SOURCES only.

list(APPEND CUB_NET_SOURCES ${CUB_LWIP_CORE_SOURCES} ${CUB_LWIP_PORT_SOURCES})
