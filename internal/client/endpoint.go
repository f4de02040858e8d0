package client

import (
	"fmt"
	"net"
	"net/url"
	"strings"
)

// DefaultEndpoint is the global Partner Center API root.
const DefaultEndpoint = "https://api.partnercenter.microsoft.com"

// ParseEndpoint accepts an https URL, or an http URL whose host is loopback
// (the local emulator). Plain http anywhere else would send the bearer token
// in clear text, so it is refused.
func ParseEndpoint(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%q is not a URL: %w", raw, err)
	}
	if u.Host == "" || u.Opaque != "" {
		return nil, fmt.Errorf("%q is not an absolute URL such as %s", raw, DefaultEndpoint)
	}
	if u.User != nil {
		return nil, fmt.Errorf("%q must not contain user information", redactUserInfo(u))
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("%q must not contain a query or fragment", raw)
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !IsLoopbackHost(u.Hostname()) {
			return nil, fmt.Errorf("%q uses http, which is only allowed for a loopback host (localhost, 127.0.0.0/8, ::1); use https", raw)
		}
	default:
		return nil, fmt.Errorf("%q must use https (or http for a loopback host)", raw)
	}
	u.Scheme = strings.ToLower(u.Scheme)
	return u, nil
}

// IsLoopbackHost reports whether host names this machine only.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

func redactUserInfo(u *url.URL) string {
	clone := *u
	clone.User = url.User("REDACTED")
	return clone.String()
}
