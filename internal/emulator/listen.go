package emulator

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// CheckLoopbackAddress accepts a "host:port" listen address only if host is a
// loopback IP or "localhost". The emulator accepts a fixed token and serves
// made-up tenant data; exposing it beyond the machine helps nobody, and an
// empty host (":8080") would listen on every interface.
func CheckLoopbackAddress(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("listen address %q: %w (want host:port, e.g. 127.0.0.1:0)", addr, err)
	}
	if host == "" {
		return fmt.Errorf("listen address %q has no host and would listen on all interfaces; use a loopback host such as 127.0.0.1 or [::1]", addr)
	}
	if strings.EqualFold(host, "localhost") {
		return nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("listen address %q: host %q is not an IP address or localhost; the emulator only listens on loopback (127.0.0.1, [::1])", addr, host)
	}
	if !ip.IsLoopback() {
		return fmt.Errorf("listen address %q: %s is not a loopback address; the emulator only listens on loopback (127.0.0.1, [::1])", addr, ip)
	}
	return nil
}

// ListenLoopback checks addr with CheckLoopbackAddress, listens on TCP and
// checks the bound address again, since "localhost" is resolved by the system
// and could in principle name something else.
func ListenLoopback(ctx context.Context, addr string) (net.Listener, error) {
	if err := CheckLoopbackAddress(addr); err != nil {
		return nil, err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, err
	}
	tcp, ok := ln.Addr().(*net.TCPAddr)
	if !ok || !tcp.IP.IsLoopback() {
		_ = ln.Close()
		return nil, fmt.Errorf("listen address %q resolved to %s, which is not loopback", addr, ln.Addr())
	}
	return ln, nil
}
