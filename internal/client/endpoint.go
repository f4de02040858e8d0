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
//
// The client adds /v1 to every path itself, so a trailing /v1 or /v1/ is
// dropped: Microsoft's pages print the base both ways, and keeping it would
// send /v1/v1/customers/…, which the gateway answers with a 404. Any other
// path is kept as a prefix, for a proxy that serves the API under one.
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
	u.Path = trimVersion(u.Path)
	u.RawPath = trimVersion(u.RawPath)
	return u, nil
}

// trimVersion drops a trailing "/v1" or "/v1/" (any case) from path.
func trimVersion(path string) string {
	trimmed := strings.TrimSuffix(path, "/")
	if len(trimmed) >= 3 && strings.EqualFold(trimmed[len(trimmed)-3:], "/v1") {
		return trimmed[:len(trimmed)-3]
	}
	return path
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
